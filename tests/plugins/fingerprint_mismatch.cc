// Claims another toolchain's build fingerprint: the host must refuse it.
#include "test_provider_base.h"

namespace {
rewards::RewardsProvider* Create(rewards::HostServices*) {
  return new testplugins::TestProviderBase("fingerprint_mismatch");
}
}  // namespace

TEST_PLUGIN_DESCRIPTOR("fingerprint_mismatch", rewards::kAbiMajor, rewards::kAbiMinor,
                       "gcc-0.0;cxx=199711L;glibcxx_abi=0;poco=0;openssl=1.0", &Create)
