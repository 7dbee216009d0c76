// PluginRouter: the rewards::HttpRouter one plugin sees. Routes go into the
// host's Router under the plugin's name; each handler is guarded (an
// exception becomes a 500). Routes are taken only until Close() (the host
// closes it once Start() returned). A clash is answered kConflict and also
// remembered, so the host refuses the plugin even if it ignored the answer.
// Thread-safe; borrows the Router, which must outlive it.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "http/router.h"
#include "rewards/http_router.h"

namespace loyalty {

class PluginRouter : public rewards::HttpRouter {
 public:
  static constexpr std::size_t kMaxBodyBytes = 1024 * 1024;

  PluginRouter(Router& router, std::string owner) : router_(router), owner_(std::move(owner)) {}

  std::size_t MaxBodyBytes() const noexcept override { return kMaxBodyBytes; }
  rewards::Status AddRoute(const std::string& method, const std::string& path,
                           rewards::HttpHandler handler) noexcept override;

  void Close();
  void RemoveAll();
  // Messages of the routes refused as clashes.
  std::vector<std::string> clashes() const;

 private:
  Router& router_;
  const std::string owner_;
  mutable std::mutex mu_;
  bool closed_ = false;
  std::vector<std::string> clashes_;
};

}  // namespace loyalty
