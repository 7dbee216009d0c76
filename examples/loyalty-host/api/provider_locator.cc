#include "api/provider_locator.h"

namespace loyalty {

rewards::Result<LoadedPlugin*> ProviderLocator::ActivePlugin() const {
  auto none = [](const std::string& why) {
    return rewards::Status(rewards::StatusCode::kUnavailable, "no_provider", why);
  };
  if (!configured_.empty()) {
    LoadedPlugin* p = plugins_.Find(configured_);
    if (p == nullptr) return none("the rewards provider " + configured_ + " is not loaded");
    return p;
  }
  const auto& all = plugins_.plugins();
  if (all.empty()) return none("no rewards provider is loaded");
  if (all.size() > 1) {
    return none("several plugins are loaded; set host.rewards.provider");
  }
  return all.front().get();
}

rewards::Result<rewards::RewardsProvider*> ProviderLocator::Active() const {
  auto plugin = ActivePlugin();
  if (!plugin.ok()) return plugin.status();
  return plugin.value()->provider;
}

rewards::Result<rewards::RedemptionOperations*> ProviderLocator::Operations() const {
  auto plugin = ActivePlugin();
  if (!plugin.ok()) return plugin.status();
  void* found =
      rewards::FindProviderInterface(*plugin.value()->descriptor, plugin.value()->provider,
                                     rewards::kRedemptionOperationsInterface);
  if (found == nullptr) {
    return rewards::Status(rewards::StatusCode::kUnimplemented, "not_supported_by_plugin",
                           "the rewards provider " + plugin.value()->identity.name +
                               " does not offer this operation (it needs host-api ABI 1.2 and " +
                               rewards::kRedemptionOperationsInterface + ")");
  }
  return static_cast<rewards::RedemptionOperations*>(found);
}

bool ProviderLocator::ActiveHasMinor(std::uint32_t minor) const {
  auto plugin = ActivePlugin();
  return plugin.ok() && plugin.value()->descriptor != nullptr &&
         plugin.value()->descriptor->abi_minor >= minor;
}

rewards::CataloguePages* ProviderLocator::ActiveCataloguePages() const {
  auto plugin = ActivePlugin();
  if (!plugin.ok()) return nullptr;
  return static_cast<rewards::CataloguePages*>(rewards::FindProviderInterface(
      *plugin.value()->descriptor, plugin.value()->provider, rewards::kCataloguePagesInterface));
}

}  // namespace loyalty
