#include "http/plugin_router.h"

#include <Poco/Logger.h>

#include "http/json_reply.h"

namespace loyalty {

namespace {

rewards::HttpHandler Guard(std::string owner, rewards::HttpHandler handler) {
  return [owner = std::move(owner), h = std::move(handler)](const rewards::HttpRequest& req) {
    try {
      return h(req);
    } catch (const std::exception& e) {
      Poco::Logger::get("host.http")
          .error("plugin " + owner + " handler for " + req.path + " threw: " + e.what());
    } catch (...) {
      Poco::Logger::get("host.http")
          .error("plugin " + owner + " handler for " + req.path + " threw");
    }
    return ErrorReply(500, "internal", "the handler failed");
  };
}

}  // namespace

rewards::Status PluginRouter::AddRoute(const std::string& method, const std::string& path,
                                       rewards::HttpHandler handler) noexcept {
  try {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) {
      return rewards::Status(rewards::StatusCode::kFailedPrecondition, "router_closed",
                             "routes may only be added during create() or Start()");
    }
    rewards::Status s =
        router_.AddPluginRoute(owner_, method, path, Guard(owner_, std::move(handler)));
    if (s.code() == rewards::StatusCode::kConflict) clashes_.push_back(s.message());
    return s;
  } catch (...) {
    return rewards::Internal("adding the route failed");
  }
}

void PluginRouter::Close() {
  std::lock_guard<std::mutex> lock(mu_);
  closed_ = true;
}

void PluginRouter::RemoveAll() {
  std::lock_guard<std::mutex> lock(mu_);
  closed_ = true;
  router_.RemoveOwner(owner_);
}

std::vector<std::string> PluginRouter::clashes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return clashes_;
}

}  // namespace loyalty
