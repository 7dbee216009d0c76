// ProviderLocator: which loaded plugin answers the business routes — the one
// named by host.rewards.provider, or else the only one loaded.
// Thread-safe once plugins are loaded (PluginManager's rule).
#pragma once

#include <string>

#include "plugins/plugin_manager.h"

namespace loyalty {

class ProviderLocator {
 public:
  ProviderLocator(const PluginManager& plugins, std::string configured)
      : plugins_(plugins), configured_(std::move(configured)) {}

  // kUnavailable "no_provider" naming why when there is none.
  rewards::Result<rewards::RewardsProvider*> Active() const;

 private:
  const PluginManager& plugins_;
  const std::string configured_;
};

}  // namespace loyalty
