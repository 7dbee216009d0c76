// HttpRouter: lets the plugin serve HTTP routes through the host's server.
//
// A route is an exact method and path (no patterns); the plugin's routes are
// served at exactly the paths it registers (e.g. "/webhooks/ascenda"). A path
// that clashes with a host route or another plugin's is refused
// (kConflict) — the host refuses to start the plugin then. Routes may only be
// added during create() or Start(). Handlers run on the host's server threads,
// concurrently; they must not throw (the host answers 500 if one does) and
// get the raw request body byte for byte (needed for signature checks).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "rewards/status.h"

namespace rewards {

struct HttpRequest {
  std::string method;                          // upper-case, e.g. "POST"
  std::string path;                            // without the query string
  std::string query;                           // raw query string, without '?'
  std::map<std::string, std::string> headers;  // names lower-case
  std::string body;                            // raw bytes, at most the host's body limit
  bool body_truncated = false;                 // true when the body exceeded the host limit
  std::string remote_address;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

class HttpRouter {
 public:
  virtual ~HttpRouter() = default;
  // The largest body a handler receives whole; a bigger one arrives with
  // body_truncated set and the first bytes only.
  virtual std::size_t MaxBodyBytes() const noexcept = 0;
  virtual Status AddRoute(const std::string& method, const std::string& path,
                          HttpHandler handler) noexcept = 0;
};

}  // namespace rewards
