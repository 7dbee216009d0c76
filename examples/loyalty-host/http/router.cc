#include "http/router.h"

#include <algorithm>
#include <mutex>

namespace loyalty {

namespace {

bool IsParam(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool ValidMethod(const std::string& m) {
  static const char* kMethods[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};
  return std::find(std::begin(kMethods), std::end(kMethods), m) != std::end(kMethods);
}

}  // namespace

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

bool Router::Matches(const Route& r, const std::vector<std::string>& segments, PathParams* params) {
  if (r.segments.size() != segments.size()) return false;
  PathParams found;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (IsParam(r.segments[i])) {
      if (segments[i].empty()) return false;
      found[r.segments[i].substr(1, r.segments[i].size() - 2)] = segments[i];
    } else if (r.segments[i] != segments[i]) {
      return false;
    }
  }
  if (params) *params = std::move(found);
  return true;
}

const Router::Route* Router::FindLocked(const std::string& method,
                                        const std::vector<std::string>& segs,
                                        PathParams* params) const {
  const Route* pattern_match = nullptr;
  PathParams pattern_params;
  for (const Route& r : routes_) {
    if (r.method != method) continue;
    PathParams p;
    if (!Matches(r, segs, &p)) continue;
    if (p.empty()) {  // exact
      if (params) params->clear();
      return &r;
    }
    if (!pattern_match) {
      pattern_match = &r;
      pattern_params = std::move(p);
    }
  }
  if (pattern_match && params) *params = std::move(pattern_params);
  return pattern_match;
}

rewards::Status Router::AddHostRoute(const std::string& method, const std::string& pattern,
                                     HostHandler handler) {
  std::unique_lock<std::shared_mutex> lock(mu_);
  const std::vector<std::string> segs = SplitPath(pattern);
  for (const Route& r : routes_) {
    if (r.method == method && r.segments == segs) {
      return rewards::Status(rewards::StatusCode::kConflict, "route_clash",
                             method + " " + pattern + " is already served");
    }
  }
  routes_.push_back({method, pattern, segs, "host", std::move(handler), false});
  return rewards::Status::Ok();
}

rewards::Status Router::AddPluginRoute(const std::string& owner, const std::string& method,
                                       const std::string& path, rewards::HttpHandler handler) {
  if (!ValidMethod(method) || path.empty() || path[0] != '/' ||
      path.find_first_of("?#{} ") != std::string::npos || !handler) {
    return rewards::InvalidArgument("invalid_route",
                                    "a route needs an upper-case method, "
                                    "a path starting with '/' and a handler");
  }
  std::unique_lock<std::shared_mutex> lock(mu_);
  const std::vector<std::string> segs = SplitPath(path);
  if (const Route* r = FindLocked(method, segs, nullptr)) {
    return rewards::Status(rewards::StatusCode::kConflict, "route_clash",
                           method + " " + path + " is already served by " + r->owner + " (" +
                               r->method + " " + r->pattern + ")");
  }
  HostHandler wrapped = [h = std::move(handler)](const rewards::HttpRequest& req,
                                                 const PathParams&) { return h(req); };
  routes_.push_back({method, path, segs, owner, std::move(wrapped), true});
  return rewards::Status::Ok();
}

void Router::RemoveOwner(const std::string& owner) {
  std::unique_lock<std::shared_mutex> lock(mu_);
  routes_.erase(std::remove_if(routes_.begin(), routes_.end(),
                               [&](const Route& r) { return r.owner == owner; }),
                routes_.end());
}

RouteMatch Router::Find(const std::string& method, const std::string& path) const {
  RouteMatch m;
  if (path.empty() || path[0] != '/') return m;
  const std::vector<std::string> segs = SplitPath(path);
  std::shared_lock<std::shared_mutex> lock(mu_);
  PathParams params;
  if (const Route* r = FindLocked(method, segs, &params)) {
    m.kind = RouteMatch::kFound;
    m.handler = r->handler;
    m.params = std::move(params);
    m.route = r->pattern;
    m.plugin_route = r->plugin;
    return m;
  }
  for (const Route& r : routes_) {
    if (Matches(r, segs, nullptr) && std::find(m.allowed_methods.begin(), m.allowed_methods.end(),
                                               r.method) == m.allowed_methods.end()) {
      m.allowed_methods.push_back(r.method);
    }
  }
  if (!m.allowed_methods.empty()) m.kind = RouteMatch::kMethodNotAllowed;
  return m;
}

void HostRoutes::Add(const std::string& method, const std::string& pattern, HostHandler handler) {
  rewards::Status added = router_.AddHostRoute(method, pattern, std::move(handler));
  if (status_.ok()) status_ = std::move(added);
}

}  // namespace loyalty
