#include "ascenda/provider/ascenda_provider.h"

#include <algorithm>

#include "ascenda/client/ascenda_client.h"
#include "ascenda/metrics/scraped_gauges.h"
#include "ascenda/pricing/pricing_table.h"
#include "ascenda/settings/settings_schema.h"
#include "ascenda/wire/text.h"
#include "ascenda_sql/embedded_migrations.h"

namespace ascenda {

namespace {

constexpr const char* kName = "ascenda";
constexpr const char* kVersion = ASCENDA_PLUGIN_VERSION;

// Whether two valid settings talk to Ascenda the same way (same host, TLS,
// timeouts, credentials and paths), so the client and its token can stay.
bool SameConnection(const AscendaSettings& a, const AscendaSettings& b) {
  return a.base_url == b.base_url && a.path_prefix == b.path_prefix &&
         a.token_path == b.token_path && a.client_id == b.client_id &&
         a.client_secret == b.client_secret && a.api_version == b.api_version &&
         a.tls_ca_file == b.tls_ca_file && a.tls_verify_peer == b.tls_verify_peer &&
         a.connect_timeout_ms == b.connect_timeout_ms &&
         a.request_timeout_ms == b.request_timeout_ms;
}

rewards::Status NotConfigured(const std::string& why) {
  return rewards::Status(rewards::StatusCode::kUnavailable, "catalogue_unavailable",
                         "The gift card catalogue is unavailable: the Ascenda plugin is not "
                         "configured (" +
                             why + ").",
                         {{"reason", "not_configured"}});
}

// Runs `body` at the plugin boundary: an exception it lets out becomes
// kInternal "<what> failed: <why>" (style: never across the boundary).
template <typename Body>
auto Guarded(const char* what, Body&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const std::exception& e) {
    return rewards::Internal(std::string(what) + " failed: " + e.what());
  }
}

// How many cards a text page holds (what ListCatalogue's cards.size() is).
std::int64_t CardsOnPage(const rewards::CataloguePageText& page) {
  const std::int64_t before = static_cast<std::int64_t>(page.page - 1) * page.page_size;
  return std::clamp<std::int64_t>(page.total_count - before, 0, page.page_size);
}

std::vector<std::string> ProblemKeys(const ParsedSettings& parsed) {
  std::vector<std::string> keys;
  for (const auto& p : parsed.problems) keys.push_back(p.key);
  return keys;
}

}  // namespace

AscendaProvider::AscendaProvider(rewards::HostServices& services,
                                 rewards::HostCapabilities* capabilities)
    : services_(services),
      client_status_(NotConfigured("the settings have not been read yet")),
      metrics_registry_(rewards::FindCapability<rewards::MetricsRegistry>(
          capabilities, rewards::kMetricsCapability)),
      metrics_(metrics_registry_),
      log_(services.logger(), rewards::FindCapability<rewards::StructuredLogger>(
                                  capabilities, rewards::kStructuredLogCapability)),
      cache_(services.clock(), CatalogueCache::kMaxTtl),
      catalogue_store_(services.database()),
      sync_(cache_, services.clock(), services.logger()),
      redemptions_(services, cache_, delivery_keys_.Sealing(&services.logger())),
      outcome_(services, redemptions_.store(), delivery_keys_) {
  sync_.SetMetrics(&metrics_);
  sync_.SetStore(&catalogue_store_);
  redemptions_.store().SetMetrics(&metrics_);
  redemptions_.store().SetLog(&log_);
  redemptions_.reconciler().SetMetrics(&metrics_);
  outcome_.receiver().SetMetrics(&metrics_);
  outcome_.applier().SetMetrics(&metrics_);
}

AscendaProvider::~AscendaProvider() {
  if (metrics_registry_) metrics_registry_->OnScrape(nullptr);
  redemptions_.Stop();
  sync_.Stop();
  {
    std::lock_guard<std::mutex> lock(task_mu_);
    if (tick_task_) services_.scheduler().Cancel(*tick_task_);
  }
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
    sync_.Resume();
    ApplySettings(services_.settings().Current());
    subscription_ = services_.settings().Subscribe(
        [this](const rewards::SettingsValues& values) { ApplySettings(values); });
    started_ = true;
    if (CheckCatalogueConfigured().ok()) (void)sync_.WarmStart();  // it logs what it did
    {
      std::lock_guard<std::mutex> lock(task_mu_);
      auto task = services_.scheduler().SchedulePeriodic(
          std::chrono::duration_cast<std::chrono::milliseconds>(kSyncTickInterval),
          "ascenda-catalogue-sync", [this] { TickNoThrow(); });
      if (task.ok()) {
        tick_task_ = task.value();
      } else {
        services_.logger().Error("ascenda: the catalogue sync could not be scheduled: " +
                                 task.status().ToString());
      }
    }
    ScheduleTick(std::chrono::milliseconds(0), "ascenda-catalogue-first-sync");
    rewards::Status outcome = outcome_.Start();  // the webhook route, the event sweep
    if (!outcome.ok()) return outcome;
    redemptions_.Start();
    if (metrics_registry_) {
      metrics_registry_->OnScrape([this] {
        UpdateScrapedGauges(metrics_, services_.database(), services_.clock(),
                            sync_.state().last_success);
      });
    }
    services_.logger().Info("ascenda plugin started");
    return rewards::Status::Ok();
  } catch (const std::exception& e) {
    return rewards::Internal(std::string("start failed: ") + e.what());
  }
}

rewards::Status AscendaProvider::Stop(std::chrono::steady_clock::time_point) noexcept {
  started_ = false;
  if (metrics_registry_) metrics_registry_->OnScrape(nullptr);
  if (subscription_ != 0) {
    services_.settings().Unsubscribe(subscription_);
    subscription_ = 0;
  }
  {
    std::lock_guard<std::mutex> lock(task_mu_);
    if (tick_task_) services_.scheduler().Cancel(*tick_task_);
    tick_task_.reset();
  }
  outcome_.Stop();      // no more webhook application tasks
  redemptions_.Stop();  // waits end now; a submission finishes its current call
  sync_.Stop();         // a refresh under way ends after its current requests
  services_.logger().Info("ascenda plugin stopped");
  return rewards::Status::Ok();
}

void AscendaProvider::TickNoThrow() noexcept {
  try {
    sync_.Tick();
  } catch (const std::exception& e) {
    services_.logger().Error(std::string("ascenda: catalogue sync failed: ") + e.what());
  }
}

void AscendaProvider::ScheduleTick(std::chrono::milliseconds delay, const char* name) {
  auto task = services_.scheduler().ScheduleAfter(delay, name, [this] { TickNoThrow(); });
  if (!task.ok()) {
    services_.logger().Warning(std::string("ascenda: could not schedule ") + name + ": " +
                               task.status().ToString());
  }
}

void AscendaProvider::ApplySettings(const rewards::SettingsValues& values) noexcept {
  try {
    std::lock_guard<std::mutex> apply(apply_mu_);
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
    std::shared_ptr<const ParsedSettings> previous = CurrentSettings();
    ApplyToCatalogue(previous.get(), *parsed);
    if (parsed->problems.empty()) redemptions_.Configure(parsed->settings);
    outcome_.Configure(parsed->settings);  // webhook secrets and the data key stand alone
    {
      std::lock_guard<std::mutex> lock(settings_mu_);
      settings_ = std::move(parsed);
    }
    if (started_) ScheduleTick(std::chrono::milliseconds(0), "ascenda-catalogue-settings-sync");
  } catch (const std::exception& e) {
    services_.logger().Error(std::string("applying settings failed: ") + e.what());
  }
}

void AscendaProvider::ApplyToCatalogue(const ParsedSettings* previous, const ParsedSettings& next) {
  cache_.SetTtl(std::chrono::seconds(next.settings.catalogue_ttl_s));
  if (!next.problems.empty()) {
    ShareClient(nullptr);
    std::lock_guard<std::mutex> lock(settings_mu_);
    client_status_ = NotConfigured("settings to fix: " + wire::Join(ProblemKeys(next)));
    return;
  }
  const bool had_client = previous != nullptr && previous->problems.empty();
  bool keep_client = false;
  {
    std::lock_guard<std::mutex> lock(settings_mu_);
    keep_client =
        had_client && client_status_.ok() && SameConnection(previous->settings, next.settings);
  }
  if (!keep_client) {  // a new client, so the old token is dropped with the old one
    auto client = AscendaClient::Create(next.settings, services_.clock(), services_.logger());
    rewards::Status status;
    if (client.ok()) {
      ShareClient(std::shared_ptr<AscendaClient>(std::move(client).value()));
      if (had_client) services_.logger().Info("ascenda: connection settings changed");
    } else {
      ShareClient(nullptr);
      status = NotConfigured(client.status().message());
      services_.logger().Error("ascenda: cannot set up the connection to Ascenda: " +
                               client.status().ToString());
    }
    std::lock_guard<std::mutex> lock(settings_mu_);
    client_status_ = std::move(status);
  }
  if (!had_client || previous->settings.cost_per_point != next.settings.cost_per_point) {
    sync_.SetPricing(PricingTable(next.settings.cost_per_point));
  }
}

void AscendaProvider::ShareClient(const std::shared_ptr<AscendaClient>& client) {
  if (client != nullptr) client->SetMetrics(&metrics_);
  sync_.SetClient(client);
  redemptions_.SetClient(client);
  outcome_.SetClient(client);
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
                             wire::Join(settings->missing_required));
    }
    if (settings->problems.size() > settings->missing_required.size()) {
      health.state = rewards::HealthState::kDegraded;
      health.notes.push_back("invalid settings: " + wire::Join(ProblemKeys(*settings)));
    }
    if (!settings->settings.tls_verify_peer) {
      health.state = rewards::HealthState::kDegraded;
      health.notes.push_back("TLS peer verification is OFF (ascenda.tls.verify_peer=false)");
    }
    if (!settings->problems.empty()) return health;
    {
      std::lock_guard<std::mutex> lock(settings_mu_);
      if (!client_status_.ok()) {
        health.state = rewards::HealthState::kDegraded;
        health.notes.push_back("no connection to Ascenda: " + client_status_.message());
        return health;
      }
    }
    const CatalogueSync::State sync = sync_.state();
    if (sync.consecutive_failures > 0) {
      health.state = rewards::HealthState::kDegraded;
      health.notes.push_back("catalogue refresh failing (" +
                             std::to_string(sync.consecutive_failures) +
                             " in a row): " + sync.last_error.ToString());
    }
    auto current = cache_.Current();
    if (!current.ok()) {
      health.state = rewards::HealthState::kDegraded;
      health.notes.push_back("catalogue unavailable: " + current.status().message());
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

rewards::Status AscendaProvider::CheckCatalogueConfigured() const {
  rewards::Status started = CheckStarted();
  if (!started.ok()) return started;
  std::lock_guard<std::mutex> lock(settings_mu_);
  return client_status_;
}

rewards::Result<rewards::CataloguePage> AscendaProvider::ListCatalogue(
    const rewards::CatalogueQuery& query) noexcept {
  return Guarded("listing", [&]() -> rewards::Result<rewards::CataloguePage> {
    rewards::Status ready = CheckCatalogueConfigured();
    if (!ready.ok()) return ready;
    auto page = cache_.Query(query);
    if (page.ok()) metrics_.CardsServed(static_cast<std::int64_t>(page->cards.size()));
    return page;
  });
}

rewards::Result<rewards::CataloguePageText> AscendaProvider::ListCatalogueText(
    const rewards::CatalogueQuery& query) noexcept {
  return Guarded("listing", [&]() -> rewards::Result<rewards::CataloguePageText> {
    rewards::Status ready = CheckCatalogueConfigured();
    if (!ready.ok()) return ready;
    auto page = cache_.QueryText(query);
    if (page.ok()) {
      metrics_.CardsServed(CardsOnPage(page.value()));
    }
    return page;
  });
}

rewards::Result<rewards::GiftCardPtr> AscendaProvider::GetGiftCard(const std::string& id) noexcept {
  return Guarded("card lookup", [&]() -> rewards::Result<rewards::GiftCardPtr> {
    rewards::Status ready = CheckCatalogueConfigured();
    if (!ready.ok()) return ready;
    auto snapshot = cache_.Current();
    if (!snapshot.ok()) return snapshot.status();
    rewards::GiftCardPtr card = snapshot.value()->Find(id);
    if (card == nullptr) {
      return rewards::NotFound("card_not_found", "no gift card with this id is offered");
    }
    return card;
  });
}

rewards::Result<rewards::Quote> AscendaProvider::QuoteGiftCard(
    const std::string& gift_card_id, const std::string& denomination,
    const std::string& currency) noexcept {
  return Guarded("quote", [&]() -> rewards::Result<rewards::Quote> {
    rewards::Status ready = CheckCatalogueConfigured();
    if (!ready.ok()) return ready;
    return cache_.Quote(gift_card_id, denomination, currency);
  });
}

rewards::Result<rewards::RedeemOutcome> AscendaProvider::Redeem(
    const rewards::RedeemRequest& request) noexcept {
  rewards::Status ready = CheckCatalogueConfigured();  // quotes and the client need it
  if (!ready.ok()) return ready;
  return redemptions_.service().Redeem(request);
}

rewards::Result<rewards::Redemption> AscendaProvider::GetRedemption(
    const std::string& redemption_id, const std::string& member_id) noexcept {
  rewards::Status started = CheckStarted();
  if (!started.ok()) return started;
  rewards::Result<rewards::Redemption> view = redemptions_.service().Get(redemption_id, member_id);
  if (!view.ok() || member_id.empty() || view->status != rewards::MemberStatus::kFulfilled) {
    return view;
  }
  try {  // the owner's own detail: the delivery data, opened
    rewards::Result<RedemptionRecord> record = redemptions_.store().Get(redemption_id);
    if (record.ok()) view.value().delivery = outcome_.DeliveryFor(record.value(), member_id);
  } catch (const std::exception& e) {
    services_.logger().Warning(std::string("ascenda: delivery data not shown: ") + e.what());
  }
  return view;
}

rewards::Result<rewards::RedemptionPage> AscendaProvider::ListRedemptions(
    const rewards::RedemptionQuery& query) noexcept {
  rewards::Status started = CheckStarted();
  if (!started.ok()) return started;
  return Guarded("redemption listing", [&] { return outcome_.ListRedemptions(query); });
}

rewards::Status AscendaProvider::ResendConfirmation(const std::string& redemption_id,
                                                    const std::string& member_id) noexcept {
  rewards::Status started = CheckStarted();
  if (!started.ok()) return started;
  return Guarded("resend", [&] {
    rewards::Status resent = outcome_.ResendConfirmation(redemption_id, member_id);
    metrics_.Resend(resent.ok()                                                ? "sent"
                    : resent.code() == rewards::StatusCode::kResourceExhausted ? "cooldown"
                                                                               : "failed");
    return resent;
  });
}

rewards::Result<rewards::Redemption> AscendaProvider::Resync(
    const std::string& redemption_id) noexcept {
  rewards::Status started = CheckStarted();
  if (!started.ok()) return started;
  return Guarded("resync", [&] { return outcome_.Resync(redemption_id); });
}

}  // namespace ascenda

namespace ascenda {

rewards::Result<rewards::Redemption> AscendaProvider::Resolve(
    const rewards::ResolveRequest& request) noexcept {
  rewards::Status started = CheckStarted();
  if (!started.ok()) return started;
  return Guarded("resolve", [&] { return outcome_.Resolve(request); });
}

rewards::Result<rewards::RedemptionDetail> AscendaProvider::GetRedemptionDetail(
    const std::string& redemption_id) noexcept {
  rewards::Status started = CheckStarted();
  if (!started.ok()) return started;
  return Guarded("redemption detail", [&] { return outcome_.RedemptionDetail(redemption_id); });
}

rewards::Result<rewards::RedemptionPage> AscendaProvider::SearchRedemptions(
    const rewards::OperatorRedemptionQuery& query) noexcept {
  rewards::Status started = CheckStarted();
  if (!started.ok()) return started;
  return Guarded("redemption search", [&] { return outcome_.SearchRedemptions(query); });
}

}  // namespace ascenda
