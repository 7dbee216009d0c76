#include <cstddef>

#include "rewards/plugin_entry.h"

namespace rewards {

namespace {

// The fields a host of ABI 1.0 reads; a plugin's descriptor may be larger.
constexpr std::size_t kMinDescriptorSize =
    offsetof(PluginDescriptor, destroy) + sizeof(PluginDescriptor::destroy);

std::string Version(std::uint32_t major, std::uint32_t minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}

Status Refuse(const std::string& error, const std::string& message) {
  return Status(StatusCode::kFailedPrecondition, error, message);
}

}  // namespace

bool UsesCreateV2(const PluginDescriptor& plugin) {
  constexpr std::size_t kV2Size =
      offsetof(PluginDescriptor, create_v2) + sizeof(PluginDescriptor::create_v2);
  return plugin.abi_minor >= 1 && plugin.struct_size >= kV2Size && plugin.create_v2 != nullptr;
}

void* FindProviderInterface(const PluginDescriptor& plugin, RewardsProvider* provider,
                            const char* name) {
  constexpr std::size_t kV12Size = offsetof(PluginDescriptor, find_provider_interface) +
                                   sizeof(PluginDescriptor::find_provider_interface);
  if (plugin.abi_minor < 2 || plugin.struct_size < kV12Size ||
      plugin.find_provider_interface == nullptr || provider == nullptr) {
    return nullptr;
  }
  return plugin.find_provider_interface(provider, name);
}

Status CheckCompatible(const PluginDescriptor& plugin, std::uint32_t host_major,
                       std::uint32_t host_minor, const std::string& host_fingerprint) {
  const std::string plugin_abi = Version(plugin.abi_major, plugin.abi_minor);
  const std::string host_abi = Version(host_major, host_minor);
  if (plugin.struct_size < kMinDescriptorSize) {
    return Refuse("descriptor_too_small", "descriptor is " + std::to_string(plugin.struct_size) +
                                              " bytes, host needs at least " +
                                              std::to_string(kMinDescriptorSize));
  }
  if (plugin.abi_major != host_major) {
    return Refuse("abi_major_mismatch", "plugin ABI " + plugin_abi + ", host ABI " + host_abi +
                                            ": major versions differ");
  }
  if (plugin.abi_minor > host_minor) {
    return Refuse("abi_minor_newer",
                  "plugin ABI " + plugin_abi + " is newer than host ABI " + host_abi);
  }
  const std::string plugin_fp = plugin.build_fingerprint ? plugin.build_fingerprint : "(none)";
  if (plugin_fp != host_fingerprint) {
    return Refuse("fingerprint_mismatch",
                  "plugin build '" + plugin_fp + "', host build '" + host_fingerprint + "'");
  }
  if (plugin.create == nullptr || plugin.destroy == nullptr || plugin.name == nullptr) {
    return Refuse("descriptor_incomplete", "descriptor lacks name, create or destroy");
  }
  return Status::Ok();
}

}  // namespace rewards
