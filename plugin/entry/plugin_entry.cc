// The plugin's one exported symbol (see host-api/rewards/plugin_entry.h).
#include "rewards/plugin_entry.h"

#include "ascenda/provider/ascenda_provider.h"

namespace {

rewards::RewardsProvider* Create(rewards::HostServices* services) {
  if (services == nullptr) return nullptr;
  try {
    return new ascenda::AscendaProvider(*services);
  } catch (...) {
    return nullptr;  // nothing may cross the boundary
  }
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
    nullptr,  // create_v2: this plugin asks the host for nothing yet
};

}  // namespace

REWARDS_PLUGIN_EXPORT const rewards::PluginDescriptor* rewards_plugin_entry_v1(void) {
  return &kDescriptor;
}
