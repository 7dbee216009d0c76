// PluginMetrics: every metric the Ascenda plugin exposes, registered once
// through the host's rewards::MetricsRegistry (host-api/rewards/metrics.h)
// and counted through the typed methods below.
//
// Made from a null registry (a host without the metrics capability, or a
// test) every method does nothing. All series of a fixed label set are made
// up front, so they exist at 0 before anything happens (rates and increase()
// then see the first event). Label values come from fixed vocabularies
// (endpoint, outcome, state, result, reason); a value outside its vocabulary
// is counted as "other" — never a member, redemption or order id.
// docs/operations.md says what each metric means.
//
// Thread-safe. Handles are the host's and live until destroy(); the rooms
// borrow this object (SetMetrics) for the provider's lifetime.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>

#include "rewards/metrics.h"
#include "rewards/status.h"

namespace ascenda {

class PluginMetrics {
 public:
  // Ascenda call endpoints and outcomes.
  static constexpr std::array<const char*, 6> kEndpoints = {
      "list_gift_cards", "create_order", "list_orders", "get_order", "resend_email", "other"};
  static constexpr std::array<const char*, 5> kOutcomes = {"ok", "rejected", "indeterminate",
                                                           "unavailable", "rate_limited"};

  explicit PluginMetrics(rewards::MetricsRegistry* registry);
  PluginMetrics(const PluginMetrics&) = delete;
  PluginMetrics& operator=(const PluginMetrics&) = delete;

  // One Ascenda API call (after its one 401 retry), `outcome` one of kOutcomes.
  void AscendaCall(const std::string& endpoint, const std::string& outcome, double seconds) const;
  void TokenRefresh(bool ok) const;
  void CardsServed(std::int64_t cards) const;
  void CatalogueSyncFailed() const;
  void CatalogueAge(double seconds) const;  // of the snapshot being served
  void RedemptionStarted() const;
  // A redemption's state changed from `from` to `to` (state names), with or
  // without the refund credit: counts ended, parked, needs_attention, refunds.
  void RedemptionMoved(const std::string& from, const std::string& to, bool refunded) const;
  void OpenRedemptions(const std::map<std::string, std::int64_t>& by_state) const;
  void SubmitAttempt() const;
  // `result`: stored, duplicate, refused; `reason` (refused only): the error code.
  void WebhookReceived(const std::string& result, const std::string& reason = "") const;
  void WebhookApplied(double lag_seconds) const;  // receipt to applied
  void ReconcilerTick(std::int64_t rows) const;
  void LeaseTakeover() const;
  void Resend(const std::string& result) const;  // sent, cooldown, failed

  // The states a redemption can be open (not terminal) in.
  static constexpr std::array<const char*, 4> kOpenStates = {"reserved", "submitted", "unknown",
                                                             "processing"};

 private:
  using CounterMap = std::map<std::string, rewards::Counter*>;
  static void Inc(const CounterMap& m, const std::string& key, double by = 1);

  rewards::MetricsRegistry* registry_;
  std::map<std::pair<std::string, std::string>, rewards::Counter*> calls_;
  std::map<std::string, rewards::Histogram*> call_seconds_;
  CounterMap token_refreshes_;
  rewards::Counter* cards_served_ = nullptr;
  rewards::Counter* sync_failures_ = nullptr;
  rewards::Gauge* catalogue_age_ = nullptr;
  rewards::Counter* started_ = nullptr;
  CounterMap ended_;
  rewards::Counter* parked_ = nullptr;
  rewards::Counter* needs_attention_ = nullptr;
  rewards::Counter* refunds_ = nullptr;
  std::map<std::string, rewards::Gauge*> open_;
  rewards::Counter* submit_attempts_ = nullptr;
  CounterMap webhooks_;          // "stored", "duplicate"
  CounterMap webhook_refusals_;  // by reason
  rewards::Histogram* webhook_lag_ = nullptr;
  rewards::Counter* reconciler_ticks_ = nullptr;
  rewards::Counter* reconciler_rows_ = nullptr;
  rewards::Counter* lease_takeovers_ = nullptr;
  CounterMap resends_;
};

// The outcome label of a failed call: rate_limited (429), indeterminate
// (an answer may be lost: timeouts, unknown), unavailable (retryable: not
// sent, 5xx) or rejected (terminal).
const char* CallOutcome(const rewards::Status& failure);

// The endpoint label of a call: its method and path (ids stripped).
std::string EndpointOf(const std::string& method, const std::string& path);

}  // namespace ascenda
