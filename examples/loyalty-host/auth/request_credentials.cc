#include "auth/request_credentials.h"

namespace loyalty {

namespace {

std::string Trim(const std::string& s) {
  const std::size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  const std::size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

std::string Header(const rewards::HttpRequest& req, const std::string& name) {
  auto it = req.headers.find(name);
  return it == req.headers.end() ? "" : it->second;
}

}  // namespace

std::string BearerToken(const rewards::HttpRequest& req) {
  static const std::string kScheme = "Bearer ";
  const std::string value = Header(req, "authorization");
  if (value.size() <= kScheme.size() || value.compare(0, kScheme.size(), kScheme) != 0) return "";
  return Trim(value.substr(kScheme.size()));
}

std::string CookieValue(const rewards::HttpRequest& req, const std::string& name) {
  // Several Cookie headers arrive joined with ", "; pairs are split by ';'.
  const std::string all = Header(req, "cookie");
  std::size_t start = 0;
  while (start <= all.size()) {
    std::size_t end = all.find_first_of(";,", start);
    if (end == std::string::npos) end = all.size();
    const std::string pair = Trim(all.substr(start, end - start));
    const std::size_t eq = pair.find('=');
    if (eq != std::string::npos && Trim(pair.substr(0, eq)) == name) {
      return Trim(pair.substr(eq + 1));
    }
    start = end + 1;
  }
  return "";
}

std::string RemoteIp(const rewards::HttpRequest& req) {
  const std::string& a = req.remote_address;
  if (!a.empty() && a[0] == '[') {
    const std::size_t close = a.find(']');
    return close == std::string::npos ? a : a.substr(1, close - 1);
  }
  const std::size_t colon = a.rfind(':');
  return colon == std::string::npos ? a : a.substr(0, colon);
}

bool IsStateChanging(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

bool HasCsrfMarker(const rewards::HttpRequest& req) {
  return Trim(Header(req, "x-requested-with")) == "fetch";
}

std::string SessionCookie(const std::string& name, const std::string& token, long long max_age_s,
                          bool secure) {
  return name + "=" + token + "; Max-Age=" + std::to_string(max_age_s) +
         "; HttpOnly; SameSite=Strict; Path=/" + (secure ? "; Secure" : "");
}

std::string ClearedCookie(const std::string& name, bool secure) {
  return SessionCookie(name, "", 0, secure);
}

}  // namespace loyalty
