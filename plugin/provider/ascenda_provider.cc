#include "ascenda/provider/ascenda_provider.h"

#include "ascenda/settings/settings_schema.h"
#include "ascenda_sql/embedded_migrations.h"

namespace ascenda {

namespace {

constexpr const char* kName = "ascenda";
constexpr const char* kVersion = ASCENDA_PLUGIN_VERSION;

std::string JoinKeys(const std::vector<std::string>& keys) {
  std::string out;
  for (const auto& k : keys) out += (out.empty() ? "" : ", ") + k;
  return out;
}

}  // namespace

AscendaProvider::AscendaProvider(rewards::HostServices& services) : services_(services) {}

AscendaProvider::~AscendaProvider() {
  if (subscription_ != 0) services_.settings().Unsubscribe(subscription_);
}

rewards::ProviderIdentity AscendaProvider::Identity() const noexcept {
  return {kName, "Ascenda digital gift cards", kVersion};
}

std::vector<rewards::SettingSpec> AscendaProvider::SettingsSchema() const noexcept {
  return ascenda::SettingsSchema();
}

std::vector<rewards::SettingProblem> AscendaProvider::ValidateSettings(
    const rewards::SettingsValues& proposed) const noexcept {
  try {
    return ParseSettings(proposed).problems;
  } catch (const std::exception& e) {
    return {{"", std::string("settings could not be checked: ") + e.what()}};
  }
}

std::vector<rewards::Migration> AscendaProvider::Migrations(
    rewards::SqlDialect dialect) const noexcept {
  try {
    return sql::EmbeddedMigrations(dialect);
  } catch (...) {
    return {};
  }
}

rewards::Status AscendaProvider::Start() noexcept {
  try {
    ApplySettings(services_.settings().Current());
    subscription_ = services_.settings().Subscribe(
        [this](const rewards::SettingsValues& values) { ApplySettings(values); });
    started_ = true;
    services_.logger().Info("ascenda plugin started");
    return rewards::Status::Ok();
  } catch (const std::exception& e) {
    return rewards::Internal(std::string("start failed: ") + e.what());
  }
}

rewards::Status AscendaProvider::Stop(std::chrono::steady_clock::time_point) noexcept {
  started_ = false;
  if (subscription_ != 0) {
    services_.settings().Unsubscribe(subscription_);
    subscription_ = 0;
  }
  services_.logger().Info("ascenda plugin stopped");
  return rewards::Status::Ok();
}

void AscendaProvider::ApplySettings(const rewards::SettingsValues& values) noexcept {
  try {
    auto parsed = std::make_shared<const ParsedSettings>(ParseSettings(values));
    if (!parsed->problems.empty()) {
      services_.logger().Warning("ascenda settings have " +
                                 std::to_string(parsed->problems.size()) +
                                 " problem(s); calls to Ascenda stay off until they are fixed");
    }
    if (!parsed->settings.tls_verify_peer) {
      services_.logger().Warning(
          "TLS PEER VERIFICATION IS OFF (ascenda.tls.verify_peer=false): Ascenda's certificate "
          "is not checked; use this only in tests");
    }
    std::lock_guard<std::mutex> lock(settings_mu_);
    settings_ = std::move(parsed);
  } catch (const std::exception& e) {
    services_.logger().Error(std::string("applying settings failed: ") + e.what());
  }
}

std::shared_ptr<const ParsedSettings> AscendaProvider::CurrentSettings() const {
  std::lock_guard<std::mutex> lock(settings_mu_);
  return settings_;
}

rewards::Health AscendaProvider::GetHealth() const noexcept {
  rewards::Health health;
  try {
    if (!started_) {
      return {rewards::HealthState::kUnhealthy, {"not started"}};
    }
    auto settings = CurrentSettings();
    if (!settings->missing_required.empty()) {
      health.state = rewards::HealthState::kDegraded;
      health.notes.push_back("missing required settings: " +
                             JoinKeys(settings->missing_required));
    }
    if (settings->problems.size() > settings->missing_required.size()) {
      std::vector<std::string> keys;
      for (const auto& p : settings->problems) keys.push_back(p.key);
      health.state = rewards::HealthState::kDegraded;
      health.notes.push_back("invalid settings: " + JoinKeys(keys));
    }
    if (!settings->settings.tls_verify_peer) {
      health.state = rewards::HealthState::kDegraded;
      health.notes.push_back("TLS peer verification is OFF (ascenda.tls.verify_peer=false)");
    }
  } catch (...) {
    return {rewards::HealthState::kUnhealthy, {"health could not be determined"}};
  }
  return health;
}

rewards::Status AscendaProvider::CheckStarted() const {
  if (started_) return rewards::Status::Ok();
  return rewards::Status(rewards::StatusCode::kUnavailable, "provider_unavailable",
                         "the Ascenda plugin is not started");
}

rewards::Result<rewards::CataloguePage> AscendaProvider::ListCatalogue(
    const rewards::CatalogueQuery&) noexcept {
  rewards::Status started = CheckStarted();
  if (!started.ok()) return started;
  return rewards::Unimplemented("the gift card catalogue");
}

rewards::Result<rewards::GiftCardPtr> AscendaProvider::GetGiftCard(const std::string&) noexcept {
  rewards::Status started = CheckStarted();
  if (!started.ok()) return started;
  return rewards::Unimplemented("gift card detail");
}

rewards::Result<rewards::Quote> AscendaProvider::QuoteGiftCard(const std::string&,
                                                               const std::string&,
                                                               const std::string&) noexcept {
  rewards::Status started = CheckStarted();
  if (!started.ok()) return started;
  return rewards::Unimplemented("quoting a gift card");
}

rewards::Result<rewards::RedeemOutcome> AscendaProvider::Redeem(
    const rewards::RedeemRequest&) noexcept {
  rewards::Status started = CheckStarted();
  if (!started.ok()) return started;
  return rewards::Unimplemented("redeeming a gift card");
}

rewards::Result<rewards::Redemption> AscendaProvider::GetRedemption(const std::string&,
                                                                    const std::string&) noexcept {
  rewards::Status started = CheckStarted();
  if (!started.ok()) return started;
  return rewards::Unimplemented("redemption detail");
}

rewards::Result<rewards::RedemptionPage> AscendaProvider::ListRedemptions(
    const rewards::RedemptionQuery&) noexcept {
  rewards::Status started = CheckStarted();
  if (!started.ok()) return started;
  return rewards::Unimplemented("redemption history");
}

rewards::Status AscendaProvider::ResendConfirmation(const std::string&,
                                                    const std::string&) noexcept {
  rewards::Status started = CheckStarted();
  if (!started.ok()) return started;
  return rewards::Unimplemented("resending the confirmation email");
}

rewards::Result<rewards::Redemption> AscendaProvider::Resync(const std::string&) noexcept {
  rewards::Status started = CheckStarted();
  if (!started.ok()) return started;
  return rewards::Unimplemented("resyncing a redemption");
}

}  // namespace ascenda
