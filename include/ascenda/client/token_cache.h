// TokenCache: the access token for Ascenda's API (docs/ascenda-api.md §2,
// client-credentials flow), fetched when needed and shared by every call.
//
// Get() answers the current token while the injected Clock's wall time is
// more than kRefreshMargin (60 s) before its `expires_at`; otherwise it
// fetches a new one with POST {token_target} and
//   {"client_id", "client_secret", "grant_type": "client_credentials"}
// (answer 2xx {"access_token", "expires_at": unix seconds, ...}).
// Single flight: however many threads need a token at once, one request is
// made; the others wait for it and share its outcome (token or error). The
// flight is released whatever its request does (an exception included), so
// no waiter is left waiting.
//
// Invalidate(token) after a 401 for `token`: forgets it if it is still the
// current one, so the next Get() fetches once — several threads that saw a
// 401 for the same token cause exactly one new fetch.
//
// Errors: the token request's status (api_error.h; bad credentials are
// kUnauthenticated from a 401) or its transport failure; a 2xx that lacks a
// usable access_token / expires_at is kUnknown "bad_response".
// The secret and tokens are never logged nor put into a Status.
//
// Thread-safe. `transport`, `clock` and `logger` are borrowed and must
// outlive the cache.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ascenda/client/http_transport.h"
#include "rewards/clock.h"
#include "rewards/logger.h"
#include "rewards/status.h"

namespace ascenda {

class TokenCache {
 public:
  static constexpr std::chrono::seconds kRefreshMargin{60};

  struct Credentials {
    std::string token_target;  // path prefix + token path, e.g. "/tokens"
    std::string client_id;
    std::string client_secret;
    // Sent with the token request too (X-Ascenda-Version, User-Agent, ...).
    std::vector<std::pair<std::string, std::string>> headers;
  };

  TokenCache(HttpTransport& transport, const rewards::Clock& clock, rewards::Logger& logger,
             Credentials credentials);
  TokenCache(const TokenCache&) = delete;
  TokenCache& operator=(const TokenCache&) = delete;

  // `deadline`: the caller's hard deadline, given to a token request it
  // makes (http_transport.h).
  rewards::Result<std::string> Get(
      std::optional<std::chrono::steady_clock::time_point> deadline = std::nullopt);
  void Invalidate(const std::string& token);

  // Token requests made so far (successful or not).
  std::int64_t fetch_count() const;

 private:
  struct Flight;  // one token request and the threads waiting for it

  // One POST to the token endpoint; sets *expires_at on success.
  rewards::Result<std::string> Fetch(
      std::chrono::system_clock::time_point* expires_at,
      const std::optional<std::chrono::steady_clock::time_point>& deadline);
  bool UsableLocked() const;

  HttpTransport& transport_;
  const rewards::Clock& clock_;
  rewards::Logger& logger_;
  const Credentials credentials_;

  mutable std::mutex mu_;
  std::condition_variable done_;
  std::string token_;                                 // guarded by mu_; "" = none
  std::chrono::system_clock::time_point expires_at_;  // guarded by mu_
  std::shared_ptr<Flight> flight_;                    // guarded by mu_; the fetch under way
  std::int64_t fetches_ = 0;                          // guarded by mu_
};

}  // namespace ascenda
