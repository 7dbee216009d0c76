// The plugin's one exported symbol and the host's version gate.
//
// A plugin exports exactly one C symbol, kPluginEntrySymbol, a function that
// returns a pointer to a static PluginDescriptor. The host dlopen()s the .so
// once per process (load-once; it is never unloaded while the process runs),
// calls the entry and refuses the plugin — a log line naming both sides, and
// nothing else of it used — unless CheckCompatible() answers OK:
//   - struct_size >= the size of the fields the host reads,
//   - abi_major equal to the host's,
//   - the plugin's abi_minor <= the host's (a plugin built for a newer host
//     may call what this host lacks),
//   - build_fingerprint equal to the host's (build_fingerprint.h).
// Then create(services) makes the provider (nullptr = refused) and
// destroy(provider) ends it; neither may throw (the host also guards them).
//
// ABI 1.1 appended `create_v2` (the struct grows only at its end, and
// struct_size says how far a plugin's goes): a host of ABI >= 1.1 calls it
// instead of `create` when the plugin's abi_minor >= 1, its struct_size
// covers the field and it is set, handing over the HostCapabilities
// (host_capabilities.h: metrics, structured logging). An older host reads
// only the 1.0 fields and calls `create`: the plugin then runs without those
// capabilities. UsesCreateV2() is that rule.
//
// ABI 1.2 appended `find_provider_interface(provider, name)`: the interfaces
// a provider implements besides RewardsProvider, found by name (e.g.
// kRedemptionOperationsInterface, redemption_operations.h, and
// kCataloguePagesInterface, catalogue_pages.h), or nullptr. The
// plugin does the cast, since only it knows its provider's type. A host reads
// it only through FindProviderInterface(), which answers nullptr for a plugin
// of minor < 2 or a descriptor that ends before the field.
#pragma once

#include <cstdint>
#include <string>

#include "rewards/build_fingerprint.h"
#include "rewards/host_capabilities.h"
#include "rewards/host_services.h"
#include "rewards/redemption_operations.h"
#include "rewards/rewards_provider.h"
#include "rewards/status.h"

#define REWARDS_PLUGIN_EXPORT extern "C" __attribute__((visibility("default")))

namespace rewards {

inline constexpr std::uint32_t kAbiMajor = 1;
inline constexpr std::uint32_t kAbiMinor = 2;
inline constexpr const char* kPluginEntrySymbol = "rewards_plugin_entry_v1";

extern "C" {

struct PluginDescriptor {
  std::uint32_t struct_size;  // sizeof(PluginDescriptor) as the plugin built it
  std::uint32_t abi_major;
  std::uint32_t abi_minor;
  const char* name;
  const char* version;
  const char* build_fingerprint;
  RewardsProvider* (*create)(HostServices* services);
  void (*destroy)(RewardsProvider* provider);
  // ABI 1.1. nullptr or beyond struct_size: the host calls `create`.
  RewardsProvider* (*create_v2)(HostServices* services, HostCapabilities* capabilities);
  // ABI 1.2. nullptr or beyond struct_size: the provider has no other interface.
  void* (*find_provider_interface)(RewardsProvider* provider, const char* name);
};

typedef const PluginDescriptor* (*PluginEntryFn)(void);

}  // extern "C"

// The gate. `host_fingerprint` is the host's REWARDS_BUILD_FINGERPRINT;
// the message names the plugin's and the host's values.
// Whether a host of ABI >= 1.1 should call plugin.create_v2 rather than create.
bool UsesCreateV2(const PluginDescriptor& plugin);

// The interface `name` of `provider` (made by `plugin`), or nullptr when the
// plugin is older than ABI 1.2, lacks the field or does not implement it.
void* FindProviderInterface(const PluginDescriptor& plugin, RewardsProvider* provider,
                            const char* name);

Status CheckCompatible(const PluginDescriptor& plugin, std::uint32_t host_major,
                       std::uint32_t host_minor, const std::string& host_fingerprint);

}  // namespace rewards
