// OfferedExtensions: the host's rewards::ProviderExtensions (ABI 1.2) of one
// plugin — what interfaces beyond RewardsProvider it offered in create_v2(),
// by name (host-api/rewards/provider_extensions.h).
// Thread-safe. The offered pointers are the plugin's; they are valid until its
// destroy(), and Clear() is called before that.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "rewards/provider_extensions.h"

namespace loyalty {

class OfferedExtensions final : public rewards::ProviderExtensions {
 public:
  OfferedExtensions() = default;
  OfferedExtensions(const OfferedExtensions&) = delete;
  OfferedExtensions& operator=(const OfferedExtensions&) = delete;
  ~OfferedExtensions() = default;

  void Offer(std::string_view name, void* extension) noexcept override;
  // The extension offered under `name`, or nullptr.
  void* Find(std::string_view name) const;
  void Clear();

 private:
  mutable std::mutex mu_;
  std::map<std::string, void*, std::less<>> offered_;  // guarded by mu_
};

}  // namespace loyalty
