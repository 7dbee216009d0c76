// The plugin's one exported symbol (see host-api/rewards/plugin_entry.h).
#include "rewards/plugin_entry.h"

#include <string_view>

#include "ascenda/provider/ascenda_provider.h"

namespace {

rewards::RewardsProvider* CreateV2(rewards::HostServices* services,
                                   rewards::HostCapabilities* capabilities) {
  if (services == nullptr) return nullptr;
  try {
    return new ascenda::AscendaProvider(*services, capabilities);
  } catch (...) {
    return nullptr;  // nothing may cross the boundary
  }
}

// A host of ABI 1.0: no capabilities, so no metrics.
rewards::RewardsProvider* Create(rewards::HostServices* services) {
  return CreateV2(services, nullptr);
}

void Destroy(rewards::RewardsProvider* provider) { delete provider; }

// ABI 1.2: the provider's other interfaces, by name; the cast needs its type.
void* FindProviderInterface(rewards::RewardsProvider* provider, const char* name) {
  if (provider == nullptr || name == nullptr) return nullptr;
  if (std::string_view(name) == rewards::kRedemptionOperationsInterface) {
    return static_cast<rewards::RedemptionOperations*>(
        static_cast<ascenda::AscendaProvider*>(provider));
  }
  if (std::string_view(name) == rewards::kCataloguePagesInterface) {
    return static_cast<rewards::CataloguePages*>(static_cast<ascenda::AscendaProvider*>(provider));
  }
  return nullptr;
}

const rewards::PluginDescriptor kDescriptor = {
    sizeof(rewards::PluginDescriptor),
    rewards::kAbiMajor,
    rewards::kAbiMinor,
    "ascenda",
    ASCENDA_PLUGIN_VERSION,
    REWARDS_BUILD_FINGERPRINT,
    &Create,
    &Destroy,
    &CreateV2,
    &FindProviderInterface,
};

}  // namespace

REWARDS_PLUGIN_EXPORT const rewards::PluginDescriptor* rewards_plugin_entry_v1(void) {
  return &kDescriptor;
}
