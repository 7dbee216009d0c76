// ProviderLocator: which loaded plugin answers the business routes — the one
// named by host.rewards.provider, or else the only one loaded.
// Thread-safe once plugins are loaded (PluginManager's rule).
#pragma once

#include <cstdint>
#include <string>

#include "plugins/plugin_manager.h"
#include "rewards/catalogue_pages.h"

namespace loyalty {

class ProviderLocator {
 public:
  ProviderLocator(const PluginManager& plugins, std::string configured)
      : plugins_(plugins), configured_(std::move(configured)) {}

  // kUnavailable "no_provider" naming why when there is none.
  rewards::Result<rewards::RewardsProvider*> Active() const;
  // The active provider's RedemptionOperations (ABI 1.2); kUnimplemented
  // "not_supported_by_plugin" when its plugin is older or lacks them.
  rewards::Result<rewards::RedemptionOperations*> Operations() const;
  // Whether the active plugin was built for at least ABI minor `minor`
  // (e.g. 2: it reads CatalogueQuery::max_points); false without one.
  bool ActiveHasMinor(std::uint32_t minor) const;
  // The active provider's rewards.catalogue_pages.v1 interface (ABI 1.2, found through the
  // descriptor), or nullptr when there is no active provider or it offers none (a plugin of ABI 1.0
  // / 1.1): then the listing is built from ListCatalogue.
  rewards::CataloguePages* ActiveCataloguePages() const;

 private:
  rewards::Result<LoadedPlugin*> ActivePlugin() const;

  const PluginManager& plugins_;
  const std::string configured_;
};

}  // namespace loyalty
