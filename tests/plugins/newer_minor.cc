// Built for a newer minor than the host has: the host must refuse it.
#include "test_provider_base.h"

namespace {
rewards::RewardsProvider* Create(rewards::HostServices*) {
  return new testplugins::TestProviderBase("newer_minor");
}
}  // namespace

TEST_PLUGIN_DESCRIPTOR("newer_minor", rewards::kAbiMajor, rewards::kAbiMinor + 1,
                       REWARDS_BUILD_FINGERPRINT, &Create)
