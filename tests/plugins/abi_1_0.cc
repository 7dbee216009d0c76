// abi_1_0: a plugin as a host-api 1.0 build made it — a descriptor that ends
// at `destroy` (struct_size says so) and abi_minor 0 — so the loader test can
// show that a newer host still loads it and calls its 1.0 `create`.
//   GET /abi-1-0/state -> {"created_with":"create"}
#include <cstddef>

#include "test_provider_base.h"

namespace {

// The descriptor's layout in host-api 1.0.
struct DescriptorV10 {
  std::uint32_t struct_size;
  std::uint32_t abi_major;
  std::uint32_t abi_minor;
  const char* name;
  const char* version;
  const char* build_fingerprint;
  rewards::RewardsProvider* (*create)(rewards::HostServices* services);
  void (*destroy)(rewards::RewardsProvider* provider);
};
static_assert(sizeof(DescriptorV10) == offsetof(rewards::PluginDescriptor, create_v2),
              "the 1.0 fields keep their layout");

class Abi10Provider : public testplugins::TestProviderBase {
 public:
  explicit Abi10Provider(rewards::HostServices& services)
      : TestProviderBase("abi_1_0"), services_(services) {}
  rewards::Status Start() noexcept override {
    return services_.router().AddRoute("GET", "/abi-1-0/state", [](const rewards::HttpRequest&) {
      rewards::HttpResponse r;
      r.body = "{\"created_with\":\"create\"}";
      return r;
    });
  }

 private:
  rewards::HostServices& services_;
};

rewards::RewardsProvider* Create(rewards::HostServices* services) {
  return new Abi10Provider(*services);
}

const DescriptorV10 kDescriptor = {
    sizeof(DescriptorV10),        1, 0, "abi_1_0", "0.0.1", REWARDS_BUILD_FINGERPRINT, &Create,
    &testplugins::DestroyProvider};

}  // namespace

REWARDS_PLUGIN_EXPORT const rewards::PluginDescriptor* rewards_plugin_entry_v1() {
  return reinterpret_cast<const rewards::PluginDescriptor*>(&kDescriptor);
}
