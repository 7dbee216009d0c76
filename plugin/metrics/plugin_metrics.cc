#include "ascenda/metrics/plugin_metrics.h"

#include <vector>

namespace ascenda {

namespace {

// Ascenda calls: 10 ms .. 30 s (a call's budget is a few timeouts).
const std::vector<double> kCallBuckets = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
// Webhook receipt to applied: 10 ms .. 10 min.
const std::vector<double> kLagBuckets = {0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 600};

constexpr const char* kRefusalReasons[] = {"missing_signature",
                                           "malformed_signature",
                                           "stale_signature",
                                           "bad_signature",
                                           "invalid_event",
                                           "payload_too_large",
                                           "other"};
constexpr const char* kEndedOutcomes[] = {"fulfilled", "refunded", "needs_attention"};

}  // namespace

PluginMetrics::PluginMetrics(rewards::MetricsRegistry* registry) : registry_(registry) {
  if (registry_ == nullptr) return;
  rewards::MetricsRegistry& r = *registry_;
  for (const char* e : kEndpoints) {
    for (const char* o : kOutcomes) {
      calls_[{e, o}] = r.AddCounter("ascenda_api_calls_total",
                                    "Ascenda API calls by endpoint and outcome (ok, rejected, "
                                    "indeterminate, unavailable, rate_limited).",
                                    {{"endpoint", e}, {"outcome", o}});
    }
    call_seconds_[e] = r.AddHistogram("ascenda_api_call_duration_seconds",
                                      "Time an Ascenda API call took, by endpoint.",
                                      {{"endpoint", e}}, kCallBuckets);
  }
  for (const char* result : {"ok", "failed"}) {
    token_refreshes_[result] =
        r.AddCounter("ascenda_token_refreshes_total",
                     "Access token requests to Ascenda, by result.", {{"result", result}});
  }
  cards_served_ = r.AddCounter("ascenda_catalogue_cards_served_total",
                               "Gift cards returned in catalogue listings.", {});
  sync_failures_ = r.AddCounter("ascenda_catalogue_sync_failures_total",
                                "Catalogue refreshes from Ascenda that failed.", {});
  catalogue_age_ = r.AddGauge("ascenda_catalogue_age_seconds",
                              "Age of the catalogue snapshot being served (-1: none).", {});
  started_ = r.AddCounter("ascenda_redemptions_started_total",
                          "Redemptions reserved (points debited), replays not counted.", {});
  for (const char* o : kEndedOutcomes) {
    ended_[o] = r.AddCounter("ascenda_redemptions_ended_total",
                             "Redemptions entering an end state: fulfilled, refunded, "
                             "needs_attention.",
                             {{"outcome", o}});
  }
  parked_ =
      r.AddCounter("ascenda_redemptions_parked_total",
                   "Redemptions parked (processing) after their create attempts ran out.", {});
  needs_attention_ = r.AddCounter("ascenda_redemptions_needs_attention_total",
                                  "Redemptions that entered needs_attention (an operator must "
                                  "look).",
                                  {});
  refunds_ = r.AddCounter("ascenda_refunds_total", "Refund credits written to the ledger.", {});
  for (const char* s : kOpenStates) {
    open_[s] = r.AddGauge("ascenda_redemptions_open",
                          "Redemptions not yet ended, by internal state (read at scrape).",
                          {{"state", s}});
  }
  open_["needs_attention"] = r.AddGauge("ascenda_redemptions_needs_attention",
                                        "Redemptions in needs_attention now (read at scrape).", {});
  open_["oldest_open_age"] =
      r.AddGauge("ascenda_redemptions_oldest_open_age_seconds",
                 "Age of the oldest redemption not yet ended (0: none; read at scrape).", {});
  submit_attempts_ =
      r.AddCounter("ascenda_submit_attempts_total", "Create-order calls made for redemptions.", {});
  for (const char* result : {"stored", "duplicate"}) {
    webhooks_[result] =
        r.AddCounter("ascenda_webhooks_received_total",
                     "Webhooks received, by result: stored, duplicate.", {{"result", result}});
  }
  for (const char* reason : kRefusalReasons) {
    webhook_refusals_[reason] = r.AddCounter("ascenda_webhooks_refused_total",
                                             "Webhooks refused, by reason.", {{"reason", reason}});
  }
  webhook_lag_ =
      r.AddHistogram("ascenda_webhook_apply_lag_seconds",
                     "Time from a webhook's receipt to its event being applied.", {}, kLagBuckets);
  reconciler_ticks_ =
      r.AddCounter("ascenda_reconciler_ticks_total", "Reconciler passes on this node.", {});
  reconciler_rows_ = r.AddCounter("ascenda_reconciler_rows_total",
                                  "Redemptions the reconciler leased and looked at.", {});
  lease_takeovers_ = r.AddCounter("ascenda_reconciler_lease_takeovers_total",
                                  "Leases taken over from another node whose lease lapsed.", {});
  for (const char* result : {"sent", "cooldown", "failed"}) {
    resends_[result] = r.AddCounter(
        "ascenda_resends_total", "Confirmation e-mail resends, by result.", {{"result", result}});
  }
}

void PluginMetrics::Inc(const CounterMap& m, const std::string& key, double by) {
  auto it = m.find(key);
  if (it == m.end()) it = m.find("other");
  if (it != m.end() && it->second != nullptr) it->second->Increment(by);
}

void PluginMetrics::AscendaCall(const std::string& endpoint, const std::string& outcome,
                                double seconds) const {
  if (registry_ == nullptr) return;
  auto c = calls_.find({endpoint, outcome});
  if (c == calls_.end()) c = calls_.find({"other", outcome});
  if (c != calls_.end() && c->second) c->second->Increment();
  auto h = call_seconds_.find(endpoint);
  if (h == call_seconds_.end()) h = call_seconds_.find("other");
  if (h != call_seconds_.end() && h->second) h->second->Observe(seconds);
}

void PluginMetrics::TokenRefresh(bool ok) const { Inc(token_refreshes_, ok ? "ok" : "failed"); }

void PluginMetrics::CardsServed(std::int64_t cards) const {
  if (cards_served_ && cards > 0) cards_served_->Increment(static_cast<double>(cards));
}

void PluginMetrics::CatalogueSyncFailed() const {
  if (sync_failures_) sync_failures_->Increment();
}

void PluginMetrics::CatalogueAge(double seconds) const {
  if (catalogue_age_) catalogue_age_->Set(seconds);
}

void PluginMetrics::RedemptionStarted() const {
  if (started_) started_->Increment();
}

void PluginMetrics::RedemptionMoved(const std::string& from, const std::string& to,
                                    bool refunded) const {
  if (registry_ == nullptr) return;
  if (refunded && refunds_) refunds_->Increment();
  if (from == to) return;
  if (to == "processing" && parked_) parked_->Increment();
  if (to == "needs_attention" && needs_attention_) needs_attention_->Increment();
  auto it = ended_.find(to);
  if (it != ended_.end() && it->second) it->second->Increment();
}

void PluginMetrics::OpenRedemptions(const std::map<std::string, std::int64_t>& by_state) const {
  for (const auto& [state, gauge] : open_) {
    if (gauge == nullptr) continue;
    auto n = by_state.find(state);
    gauge->Set(n == by_state.end() ? 0.0 : static_cast<double>(n->second));
  }
}

void PluginMetrics::SubmitAttempt() const {
  if (submit_attempts_) submit_attempts_->Increment();
}

void PluginMetrics::WebhookReceived(const std::string& result, const std::string& reason) const {
  if (registry_ == nullptr) return;
  if (result == "refused") {
    Inc(webhook_refusals_, reason);
  } else {
    Inc(webhooks_, result);
  }
}

void PluginMetrics::WebhookApplied(double lag_seconds) const {
  if (webhook_lag_) webhook_lag_->Observe(lag_seconds < 0 ? 0 : lag_seconds);
}

void PluginMetrics::ReconcilerTick(std::int64_t rows) const {
  if (reconciler_ticks_) reconciler_ticks_->Increment();
  if (reconciler_rows_ && rows > 0) reconciler_rows_->Increment(static_cast<double>(rows));
}

void PluginMetrics::LeaseTakeover() const {
  if (lease_takeovers_) lease_takeovers_->Increment();
}

void PluginMetrics::Resend(const std::string& result) const { Inc(resends_, result); }

const char* CallOutcome(const rewards::Status& failure) {
  if (failure.code() == rewards::StatusCode::kResourceExhausted) return "rate_limited";
  switch (rewards::RetryClassOf(failure.code())) {
    case rewards::RetryClass::kNone:
      return "ok";
    case rewards::RetryClass::kIndeterminate:
      return "indeterminate";
    case rewards::RetryClass::kRetryable:
      return "unavailable";
    case rewards::RetryClass::kTerminal:
      return "rejected";
  }
  return "rejected";
}

std::string EndpointOf(const std::string& method, const std::string& path) {
  const std::string p = path.substr(0, path.find('?'));
  auto ends_with = [&](const std::string& tail) {
    return p.size() >= tail.size() && p.compare(p.size() - tail.size(), tail.size(), tail) == 0;
  };
  if (method == "GET" && ends_with("/gift_cards")) return "list_gift_cards";
  if (method == "POST" && ends_with("/fulfillment_orders/gift_cards")) return "create_order";
  if (method == "GET" && ends_with("/orders")) return "list_orders";
  if (method == "POST" && ends_with("/resend_email")) return "resend_email";
  if (method == "GET" && p.find("/orders/") != std::string::npos) return "get_order";
  return "other";
}

}  // namespace ascenda
