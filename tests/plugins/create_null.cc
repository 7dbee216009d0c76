// create() returns nullptr: the host must refuse the plugin.
#include "test_provider_base.h"

namespace {
rewards::RewardsProvider* Create(rewards::HostServices*) { return nullptr; }
}  // namespace

TEST_PLUGIN_DESCRIPTOR("create_null", rewards::kAbiMajor, rewards::kAbiMinor,
                       REWARDS_BUILD_FINGERPRINT, &Create)
