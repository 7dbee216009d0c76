// ProviderExtensions (ABI 1.2, capability `rewards.provider_extensions.v1`):
// how a plugin offers the host interfaces beyond RewardsProvider, without any
// shipped interface changing.
//
// A plugin finds this capability through HostCapabilities (create_v2) and
// calls Offer(name, extension) during create_v2() for each extra interface
// its provider implements. The host then looks the extension up by the same
// name (FindProviderExtension in the host); a host without this capability
// never asks, and a plugin that offers nothing is served through
// RewardsProvider alone. Each extension name carries its version and always
// means the same C++ interface (e.g. kCataloguePagesExtension is a
// rewards::CataloguePages, catalogue_pages.h). The extension must live until
// the plugin's destroy() returns (it is normally the provider itself).
// Owned by the host, one per plugin; thread-safe.
#pragma once

#include <string_view>

namespace rewards {

inline constexpr std::string_view kProviderExtensionsCapability = "rewards.provider_extensions.v1";

class ProviderExtensions {
 public:
  // Offers `extension` under `name`; a second offer of a name replaces the first.
  virtual void Offer(std::string_view name, void* extension) noexcept = 0;

 protected:
  ~ProviderExtensions() = default;  // the host owns it
};

}  // namespace rewards
