// AscendaProvider: the RewardsProvider the plugin gives the host; it wires the
// plugin's rooms to the HostServices the host lends.
//
// Construction only keeps references; Start() reads the settings and
// subscribes to their changes; Stop() unsubscribes. `services` must outlive
// the provider (the host guarantees it until destroy()). Thread-safe: the
// host calls business methods from many threads at once.
//
// Catalogue: from valid settings the provider builds an AscendaClient (TLS
// transport + token cache) and hands it to a CatalogueSync that fills the
// CatalogueCache. Start() schedules the sync's Tick() every
// kSyncTickInterval on the host scheduler and one at once, without waiting
// for it. Listing, card detail and quotes are served from the cache only
// (never waiting for Ascenda): kUnavailable "catalogue_unavailable" before
// the first sync (unless the catalogue stored by the last good refresh is
// younger than the TTL: Start() serves it at once — CatalogueSync::WarmStart),
// after a TTL without a good refresh, and (with
// details["reason"] = "not_configured") while the settings have problems.
// A settings change rebuilds the client when anything about the connection
// changed (dropping the old token) and asks for a refresh; a pricing change
// re-prices the current catalogue at once; a TTL change applies at once.
//
// Redemptions: Redeem and GetRedemption are answered by a RedemptionRoom
// (redemption_room.h) that shares the catalogue cache (quotes) and the
// client; settings changes reach it (attempts, back-off, wait, reconcile
// interval, give-up). Start() starts it (submission workers, reconciler);
// Stop() stops it before the catalogue.
//
// Outcomes: an OutcomeRoom (outcome/outcome_room.h) on the same store
// receives Ascenda's webhooks (POST /webhooks/ascenda, registered in
// Start()), and answers ListRedemptions, ResendConfirmation and Resync.
// Delivery data is sealed at rest with the key of ascenda.data_key
// (DeliveryKeys, handed to the store) and shown only in the owner's
// GetRedemption.
//
// Catalogue pages (ABI 1.2): the provider is also a rewards::CataloguePages
// (rewards.catalogue_pages.v1, handed out by the entry's
// find_provider_interface); ListCatalogueText answers from the same cache as
// ListCatalogue, with the cards' pre-rendered texts.
//
// Metrics (ascenda/metrics/plugin_metrics.h) go to the host's metrics
// registry when `capabilities` offers one (ABI 1.1), else nowhere.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>

#include "ascenda/catalogue/catalogue_cache.h"
#include "ascenda/catalogue/catalogue_store.h"
#include "ascenda/catalogue/catalogue_sync.h"
#include "ascenda/log/structured_log.h"
#include "ascenda/metrics/plugin_metrics.h"
#include "ascenda/outcome/delivery_keys.h"
#include "ascenda/outcome/outcome_room.h"
#include "ascenda/redemption/redemption_room.h"
#include "ascenda/settings/ascenda_settings.h"
#include "rewards/catalogue_pages.h"
#include "rewards/host_capabilities.h"
#include "rewards/host_services.h"
#include "rewards/redemption_operations.h"
#include "rewards/rewards_provider.h"

namespace ascenda {

class AscendaProvider final : public rewards::RewardsProvider,
                              public rewards::RedemptionOperations,
                              public rewards::CataloguePages {
 public:
  static constexpr std::chrono::seconds kSyncTickInterval{5};

  // `capabilities` may be null (a host of ABI 1.0).
  explicit AscendaProvider(rewards::HostServices& services,
                           rewards::HostCapabilities* capabilities = nullptr);
  ~AscendaProvider() override;
  AscendaProvider(const AscendaProvider&) = delete;
  AscendaProvider& operator=(const AscendaProvider&) = delete;

  rewards::ProviderIdentity Identity() const noexcept override;
  std::vector<rewards::SettingSpec> SettingsSchema() const noexcept override;
  std::vector<rewards::SettingProblem> ValidateSettings(
      const rewards::SettingsValues& proposed) const noexcept override;
  std::vector<rewards::Migration> Migrations(rewards::SqlDialect dialect) const noexcept override;

  rewards::Status Start() noexcept override;
  rewards::Status Stop(std::chrono::steady_clock::time_point deadline) noexcept override;
  rewards::Health GetHealth() const noexcept override;

  rewards::Result<rewards::CataloguePage> ListCatalogue(
      const rewards::CatalogueQuery& query) noexcept override;
  rewards::Result<rewards::GiftCardPtr> GetGiftCard(const std::string& id) noexcept override;
  rewards::Result<rewards::Quote> QuoteGiftCard(const std::string& gift_card_id,
                                                const std::string& denomination,
                                                const std::string& currency) noexcept override;
  rewards::Result<rewards::CataloguePageText> ListCatalogueText(
      const rewards::CatalogueQuery& query) noexcept override;
  rewards::Result<rewards::RedeemOutcome> Redeem(
      const rewards::RedeemRequest& request) noexcept override;
  rewards::Result<rewards::Redemption> GetRedemption(
      const std::string& redemption_id, const std::string& member_id) noexcept override;
  rewards::Result<rewards::RedemptionPage> ListRedemptions(
      const rewards::RedemptionQuery& query) noexcept override;
  rewards::Status ResendConfirmation(const std::string& redemption_id,
                                     const std::string& member_id) noexcept override;
  rewards::Result<rewards::Redemption> Resync(const std::string& redemption_id) noexcept override;

  // rewards::RedemptionOperations (ABI 1.2).
  rewards::Result<rewards::Redemption> Resolve(
      const rewards::ResolveRequest& request) noexcept override;
  rewards::Result<rewards::RedemptionDetail> GetRedemptionDetail(
      const std::string& redemption_id) noexcept override;
  rewards::Result<rewards::RedemptionPage> SearchRedemptions(
      const rewards::OperatorRedemptionQuery& query) noexcept override;

 private:
  // Parses `values`, swaps them in, and logs what changed (never values).
  void ApplySettings(const rewards::SettingsValues& values) noexcept;
  std::shared_ptr<const ParsedSettings> CurrentSettings() const;
  // kUnavailable unless started.
  rewards::Status CheckStarted() const;
  // CheckStarted, then kUnavailable "catalogue_unavailable" (reason
  // not_configured) unless the settings gave a working client.
  rewards::Status CheckCatalogueConfigured() const;
  // Builds or drops the client and re-prices as `next` requires (vs `previous`).
  void ApplyToCatalogue(const ParsedSettings* previous, const ParsedSettings& next);
  // Hands `client` (null: none) to every room that calls Ascenda.
  void ShareClient(const std::shared_ptr<AscendaClient>& client);
  void ScheduleTick(std::chrono::milliseconds delay, const char* name);
  void TickNoThrow() noexcept;

  rewards::HostServices& services_;
  std::atomic<bool> started_{false};
  rewards::SubscriptionId subscription_ = 0;
  std::mutex apply_mu_;  // one settings change at a time
  mutable std::mutex settings_mu_;
  std::shared_ptr<const ParsedSettings> settings_;  // guarded by settings_mu_
  rewards::Status client_status_;                   // guarded by settings_mu_; why no client
  rewards::MetricsRegistry* metrics_registry_;      // null: the host offers none
  PluginMetrics metrics_;                           // before the rooms that count into it
  StructuredLog log_;                               // likewise
  CatalogueCache cache_;
  CatalogueStore catalogue_store_;  // the last fetched catalogue, for a warm start
  CatalogueSync sync_;
  // Seals delivery data; declared before redemptions_, whose store uses it.
  DeliveryKeys delivery_keys_;
  // Redemptions (store, submission, reconciler); declared after cache_,
  // which it borrows, so it is destroyed first.
  RedemptionRoom redemptions_;
  // Webhooks, history, resends, resync; borrows redemptions_' store, so it
  // is declared after it (and destroyed before it).
  OutcomeRoom outcome_;
  std::mutex task_mu_;
  std::optional<rewards::TaskId> tick_task_;  // guarded by task_mu_
};

}  // namespace ascenda
