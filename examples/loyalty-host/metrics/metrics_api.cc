#include "metrics/metrics_api.h"

#include "http/json_reply.h"

namespace loyalty {

namespace {

bool SameSecret(const std::string& a, const std::string& b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
  }
  return diff == 0;
}

bool Authorized(const rewards::HttpRequest& req, const std::string& token) {
  if (token.empty()) return true;
  auto it = req.headers.find("authorization");
  if (it == req.headers.end()) return false;
  return SameSecret(it->second, "Bearer " + token);
}

}  // namespace

rewards::Status AddMetricsRoute(Router& router, HostMetrics& metrics, std::string token) {
  HostRoutes routes(router);
  routes.Add(
      "GET", "/metrics",
      [&metrics, token = std::move(token)](const rewards::HttpRequest& req, const PathParams&) {
        if (!Authorized(req, token)) {
          rewards::HttpResponse out =
              ErrorReply(401, "unauthenticated", "GET /metrics needs the metrics bearer token");
          out.headers.emplace_back("WWW-Authenticate", "Bearer");
          return out;
        }
        rewards::HttpResponse out;
        out.status = 200;
        out.content_type = "text/plain; version=0.0.4; charset=utf-8";
        out.body = metrics.Scrape();
        return out;
      });
  return routes.status();
}

}  // namespace loyalty
