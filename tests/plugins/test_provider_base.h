// TestProviderBase: a provider that does nothing — every business call
// answers kUnimplemented — for the loader's test corpus. Header-only, no
// Ascenda code. TEST_PLUGIN_DESCRIPTOR defines the one exported entry symbol.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "rewards/plugin_entry.h"

namespace testplugins {

class TestProviderBase : public rewards::RewardsProvider {
 public:
  explicit TestProviderBase(std::string name) : name_(std::move(name)) {}

  rewards::ProviderIdentity Identity() const noexcept override {
    return {name_, "Test plugin " + name_, "0.0.1"};
  }
  std::vector<rewards::SettingSpec> SettingsSchema() const noexcept override { return {}; }
  std::vector<rewards::SettingProblem> ValidateSettings(
      const rewards::SettingsValues&) const noexcept override {
    return {};
  }
  std::vector<rewards::Migration> Migrations(rewards::SqlDialect) const noexcept override {
    return {};
  }
  rewards::Status Start() noexcept override { return rewards::Status::Ok(); }
  rewards::Status Stop(std::chrono::steady_clock::time_point) noexcept override {
    return rewards::Status::Ok();
  }
  rewards::Health GetHealth() const noexcept override { return {}; }
  rewards::Result<rewards::CataloguePage> ListCatalogue(
      const rewards::CatalogueQuery&) noexcept override {
    return rewards::Unimplemented("ListCatalogue");
  }
  rewards::Result<rewards::GiftCardPtr> GetGiftCard(const std::string&) noexcept override {
    return rewards::Unimplemented("GetGiftCard");
  }
  rewards::Result<rewards::Quote> QuoteGiftCard(const std::string&, const std::string&,
                                                const std::string&) noexcept override {
    return rewards::Unimplemented("QuoteGiftCard");
  }
  rewards::Result<rewards::RedeemOutcome> Redeem(const rewards::RedeemRequest&) noexcept override {
    return rewards::Unimplemented("Redeem");
  }
  rewards::Result<rewards::Redemption> GetRedemption(const std::string&,
                                                     const std::string&) noexcept override {
    return rewards::Unimplemented("GetRedemption");
  }
  rewards::Result<rewards::RedemptionPage> ListRedemptions(
      const rewards::RedemptionQuery&) noexcept override {
    return rewards::Unimplemented("ListRedemptions");
  }
  rewards::Status ResendConfirmation(const std::string&, const std::string&) noexcept override {
    return rewards::Unimplemented("ResendConfirmation");
  }
  rewards::Result<rewards::Redemption> Resync(const std::string&) noexcept override {
    return rewards::Unimplemented("Resync");
  }

 protected:
  const std::string name_;
};

inline void DestroyProvider(rewards::RewardsProvider* p) { delete p; }

}  // namespace testplugins

// Defines the entry symbol returning a descriptor with the given fields.
#define TEST_PLUGIN_DESCRIPTOR(NAME, MAJOR, MINOR, FINGERPRINT, CREATE)                         \
  REWARDS_PLUGIN_EXPORT const rewards::PluginDescriptor* rewards_plugin_entry_v1() {            \
    static const rewards::PluginDescriptor d = {                                                \
        sizeof(rewards::PluginDescriptor), MAJOR,   MINOR,  NAME, "0.0.1", FINGERPRINT, CREATE, \
        &testplugins::DestroyProvider,     nullptr, nullptr};                                   \
    return &d;                                                                                  \
  }
