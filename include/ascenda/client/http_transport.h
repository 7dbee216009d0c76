// HttpTransport: one HTTP exchange with Ascenda — the seam between the API
// calls (AscendaClient, TokenCache) and the network.
//
// Send() answers either the server's response, whatever its status (a 404 or
// a 503 is a response, not a transport failure), or a Status that says how
// far the exchange got:
//   kUnavailable       (retryable)     nothing was sent: the connection or the
//                                      TLS handshake failed or was refused;
//   kDeadlineExceeded  (indeterminate) the request was (perhaps partly) written
//                                      and then the answer did not come in
//                                      time, or the connection was lost
//                                      before the answer was complete;
//   kUnknown           (indeterminate) an answer came that is not HTTP, or is
//                                      too large;
//   kInvalidArgument   (terminal)      the request itself could not be formed.
// The exact rule is in https_transport.h. Implementations are thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rewards/status.h"

namespace ascenda {

struct HttpRequest {
  std::string method = "GET";
  std::string target;  // origin-form: path and query, already percent-encoded
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // sent with Content-Length unless empty on GET/HEAD
  // Whether repeating the request cannot do harm (GET, the token request).
  // Only such requests are repeated after a stale keep-alive connection.
  bool idempotent = true;
  // The hard deadline of the whole exchange (connect, handshake, request,
  // answer), on the real steady clock; nullopt: only the per-step timeouts.
  // Past it the exchange is cut off: before any byte was sent that is
  // kUnavailable "deadline_exceeded", afterwards kDeadlineExceeded "deadline".
  std::optional<std::chrono::steady_clock::time_point> deadline;
};

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-case
  std::string body;

  // The header's value, or "" (`name` lower-case).
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  virtual rewards::Result<HttpResponse> Send(const HttpRequest& request) noexcept = 0;
  // Cuts every exchange under way short (the plugin is stopping); each such
  // Send answers as if its deadline had passed. Default: nothing to cut.
  virtual void AbortInFlight() noexcept {}
};

}  // namespace ascenda
