// create() throws: the host must catch it and refuse the plugin.
#include <stdexcept>

#include "test_provider_base.h"

namespace {
rewards::RewardsProvider* Create(rewards::HostServices*) {
  throw std::runtime_error("create_throws plugin always throws");
}
}  // namespace

TEST_PLUGIN_DESCRIPTOR("create_throws", rewards::kAbiMajor, rewards::kAbiMinor,
                       REWARDS_BUILD_FINGERPRINT, &Create)
