// WebhookApplier: applies stored webhook events (webhook_event_store.h) to
// their redemptions, after the receiver has answered — through the same
// transition code as the reconciler: FindByReference, then
// RedemptionStore::Apply(RedemptionEvent::OrderObserved(FromWireOrder(order))).
//
// Two ways in, one drain:
//   Kick()   after the receiver stored a new event: queues one drain task on
//            the host scheduler at once (coalesced: at most one queued; a
//            drain already running takes later events in its next batch).
//   RunOnce() the periodic sweep (and tests): the same drain, picking up
//            whatever a crash, a database failure or an unknown reference_id
//            left unprocessed.
// A drain claims due events in batches (the claim pushes each event's next
// attempt out by RetryDelay, so an event whose application does not finish
// comes back by itself) and for each one — up to kApplyThreads at once — opens its sealed body,
// parses it, finds the redemption by reference_id and applies the order; marks it (with the batch's
// others, in one transaction) processed with the outcome "applied" (state or facts changed) or
// "no_change" (duplicate, late or out-of-order). The order is first decided on the redemption as
// read: an event that changes nothing is marked "no_change" without a write transaction (it is
// the answer it would have had at the moment of the read); only a change goes through
// RedemptionStore::Apply, which decides again under the row's lock. An unknown reference_id stays
// unprocessed (the order may belong to a redemption whose create is still being written, or the
// reconciler resolves it) until the policy's give_up_after has passed since receipt, then it is
// marked "orphaned" with a warning. A body that cannot be opened or parsed is marked "unreadable"
// (an error line) — it can never succeed.
//
// Logs state changes (event id, redemption id, states) — never the body or
// delivery data. Thread-safe: Kick, RunOnce and Configure may be called from
// any thread, also concurrently (claims never hand one event to two drains
// at once; applying an event twice changes nothing anyway). Borrows every
// reference for its lifetime; Stop() before the scheduler is drained.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "ascenda/crypto/delivery_cipher.h"
#include "ascenda/redemption/redemption_policy.h"
#include "ascenda/redemption/redemption_store.h"
#include "ascenda/webhook/webhook_event_store.h"
#include "rewards/clock.h"
#include "rewards/logger.h"
#include "rewards/scheduler.h"

namespace ascenda {

class PluginMetrics;  // ascenda/metrics/plugin_metrics.h

struct ApplyCounts {
  int claimed = 0;
  int applied = 0;    // the redemption changed
  int unchanged = 0;  // duplicate, late, out of order
  int waiting = 0;    // unknown reference_id or a retryable failure; tried again later
  int dropped = 0;    // orphaned or unreadable
};

class WebhookApplier {
 public:
  // Metrics to count into (null: none); borrowed, set before use.
  void SetMetrics(const PluginMetrics* metrics) { metrics_ = metrics; }
  static constexpr int kBatch = 64;
  // A claimed batch's events are applied by up to this many threads at once
  // (the drain's own and helpers started for the batch, as the reconciler's
  // tick does): each application is its own transaction, so on SQLite those
  // waiting together share the writer's group commit, and on PostgreSQL they
  // run on separate sessions. Events of one redemption may be applied in any
  // order — each is read and written under the row's lock, and a webhook's
  // order was never promised.
  static constexpr std::size_t kApplyThreads = 4;
  // Next attempt after n claims: min(kRetryBase * 2^n, kRetryMax).
  static constexpr std::chrono::milliseconds kRetryBase{30'000};
  static constexpr std::chrono::milliseconds kRetryMax{3'600'000};

  WebhookApplier(WebhookEventStore& events, RedemptionStore& redemptions,
                 rewards::Scheduler& scheduler, const rewards::Clock& clock,
                 rewards::Logger& logger);
  WebhookApplier(const WebhookApplier&) = delete;
  WebhookApplier& operator=(const WebhookApplier&) = delete;

  void Configure(std::shared_ptr<const DeliveryCipher> cipher, RedemptionPolicy policy);

  void Kick() noexcept;
  // Drains every due event; what it did.
  ApplyCounts RunOnce() noexcept;
  // Later Kick()s queue nothing.
  void Stop() noexcept;

  static std::chrono::milliseconds RetryDelay(int claims);

 private:
  enum class Result { kApplied, kUnchanged, kWaiting, kDropped };
  // (event id, outcome) of the events of a batch that are done.
  using Marks = std::vector<std::pair<std::string, std::string>>;
  Result ApplyOne(const StoredWebhookEvent& event, const DeliveryCipher* cipher,
                  const RedemptionPolicy& policy, Marks* marks);
  // Applies `batch` on up to kApplyThreads threads; adds its marks and counts.
  void ApplyBatch(const std::vector<StoredWebhookEvent>& batch, const DeliveryCipher* cipher,
                  const RedemptionPolicy& policy, Marks* marks, ApplyCounts* counts);
  // Marks a batch's finished events processed, in one transaction.
  void Flush(Marks* marks);

  WebhookEventStore& events_;
  RedemptionStore& redemptions_;
  rewards::Scheduler& scheduler_;
  const rewards::Clock& clock_;
  rewards::Logger& logger_;
  std::atomic<bool> stopped_{false};
  std::atomic<bool> queued_{false};
  std::mutex mu_;
  std::shared_ptr<const DeliveryCipher> cipher_;  // guarded by mu_
  RedemptionPolicy policy_;                       // guarded by mu_
  const PluginMetrics* metrics_ = nullptr;
};

}  // namespace ascenda
