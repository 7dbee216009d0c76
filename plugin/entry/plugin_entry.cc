// The plugin's one exported symbol (see host-api/rewards/plugin_entry.h).
#include "rewards/plugin_entry.h"

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
};

}  // namespace

REWARDS_PLUGIN_EXPORT const rewards::PluginDescriptor* rewards_plugin_entry_v1(void) {
  return &kDescriptor;
}
