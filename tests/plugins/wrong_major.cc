// Built for ABI major 2: the host (major 1) must refuse it.
#include "test_provider_base.h"

namespace {
rewards::RewardsProvider* Create(rewards::HostServices*) {
  return new testplugins::TestProviderBase("wrong_major");
}
}  // namespace

TEST_PLUGIN_DESCRIPTOR("wrong_major", rewards::kAbiMajor + 1, 0, REWARDS_BUILD_FINGERPRINT, &Create)
