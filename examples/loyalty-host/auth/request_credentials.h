// What a request presents: its bearer token, a named cookie, its remote IP,
// and whether it is a state-changing request that carries the CSRF marker
// (X-Requested-With: fetch). Pure functions over rewards::HttpRequest
// (header names are lower-case there).
#pragma once

#include <string>

#include "rewards/http_router.h"

namespace loyalty {

// The token of "Authorization: Bearer <token>"; empty when absent.
std::string BearerToken(const rewards::HttpRequest& req);
// The value of cookie `name` in the Cookie header; empty when absent.
std::string CookieValue(const rewards::HttpRequest& req, const std::string& name);
// remote_address without its port ("127.0.0.1:5123" -> "127.0.0.1",
// "[::1]:5123" -> "::1").
std::string RemoteIp(const rewards::HttpRequest& req);
// Anything but GET, HEAD and OPTIONS.
bool IsStateChanging(const std::string& method);
bool HasCsrfMarker(const rewards::HttpRequest& req);

// Set-Cookie values: a session cookie (HttpOnly, SameSite=Strict, Path=/,
// Max-Age, plus Secure when `secure`) and one that clears it.
std::string SessionCookie(const std::string& name, const std::string& token, long long max_age_s,
                          bool secure);
std::string ClearedCookie(const std::string& name, bool secure);

}  // namespace loyalty
