// Router: which handler answers a method and path.
//
// Host routes may hold "{name}" segments (e.g. /api/members/{id}); plugin
// routes are exact paths. A plugin route clashes — kConflict — when a route
// with the same method already answers that path (a host route, pattern or
// not, or another plugin's). Exact routes win over patterns. Routes are added
// at start (host routes first, then each plugin's) and a refused plugin's are
// removed; lookups may run concurrently with that. Thread-safe.
#pragma once

#include <functional>
#include <map>
#include <shared_mutex>
#include <string>
#include <vector>

#include "rewards/http_router.h"

namespace loyalty {

using PathParams = std::map<std::string, std::string>;
using HostHandler =
    std::function<rewards::HttpResponse(const rewards::HttpRequest&, const PathParams&)>;

struct RouteMatch {
  enum Kind { kFound, kNotFound, kMethodNotAllowed } kind = kNotFound;
  HostHandler handler;  // set when kFound
  PathParams params;
  std::string route;          // when kFound: the route's template, e.g. /api/members/{id}
  bool plugin_route = false;  // plugin handlers get oversized bodies truncated
  std::vector<std::string> allowed_methods;  // when kMethodNotAllowed
};

class Router {
 public:
  // REQUIRES: `pattern` starts with '/'. kConflict when the same method and
  // shape exist already (a programming error in the host).
  rewards::Status AddHostRoute(const std::string& method, const std::string& pattern,
                               HostHandler handler);
  // `owner` names the plugin, for the clash message and for RemoveOwner.
  rewards::Status AddPluginRoute(const std::string& owner, const std::string& method,
                                 const std::string& path, rewards::HttpHandler handler);
  void RemoveOwner(const std::string& owner);
  RouteMatch Find(const std::string& method, const std::string& path) const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    std::string owner;  // "host" or the plugin's name
    HostHandler handler;
    bool plugin = false;
  };

  static bool Matches(const Route& r, const std::vector<std::string>& segments, PathParams* params);
  const Route* FindLocked(const std::string& method, const std::vector<std::string>& segs,
                          PathParams* params) const;

  mutable std::shared_mutex mu_;
  std::vector<Route> routes_;
};

// Adds the host's own routes at start and keeps the first failure: a clash
// among them is a programming error in the host, which then refuses to start
// (LoyaltyHost::Create answers it). Later routes are still added. Borrows the
// router; not thread-safe.
class HostRoutes {
 public:
  explicit HostRoutes(Router& router) : router_(router) {}

  void Add(const std::string& method, const std::string& pattern, HostHandler handler);
  // OK, or the first failed Add's status.
  const rewards::Status& status() const { return status_; }

 private:
  Router& router_;
  rewards::Status status_;
};

std::vector<std::string> SplitPath(const std::string& path);

}  // namespace loyalty
