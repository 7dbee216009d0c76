// Reconciler: the scheduled task that finishes what submission and webhooks
// left open. Every `reconcile.interval_s` (and once right after Start) it
// leases up to kBatch due, non-terminal redemptions for this node
// (RedemptionStore::LeaseDue: crash leftovers in reserved / unknown first;
// with several host nodes each row is worked by one node at a time) and for
// each one:
//   - reserved / unknown / processing without an order id: look the order up
//     by reference_id (a crash may have left the create unsent, in flight or
//     committed), then follow the state machine: found -> adopt; absent ->
//     create again with the same reference_id only while attempts < max;
//   - submitted / processing with an order id: GET the order (the polling
//     fallback for a webhook that never came), applied as a lookup, so each
//     check backs off exponentially (redemption_policy.h);
//   - past the give-up deadline the state machine moves it to
//     needs_attention — never a refund on a guess (also when Ascenda cannot
//     be reached: Submitter::Finish applies the deadline check).
// A tick that finds the previous one still running is skipped (it never
// blocks a scheduler thread). A helper thread that cannot start leaves its
// rows to the tick's own thread; nothing a tick meets ends the process.
// A batch's rows are driven `ascenda.reconcile.parallel` at a time
// (SetParallel, default kDefaultParallel; each row is its own lease and
// transaction, the time goes to waiting on Ascenda). A batch leases
// max(kBatch, parallel) rows, so every driver has a row. Each row is released
// with its next check; rows the tick had no time for are released untouched
// (still due). Work per tick is bounded: at most kMaxBatchesPerTick batches,
// and a row is started only while its calls fit in its batch's lease.
//
// Start(interval) schedules the periodic task on the host Scheduler (it
// follows the host clock, so a manual test clock drives it); SetInterval
// reschedules when the interval changes; Stop() cancels the tasks, and a
// tick under way ends before its next Ascenda call (Submitter::Stop is the
// room's job) — the host drains the running tick after Stop.
//
// Thread-safe. Borrows store, submitter, scheduler, clock and logger.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>

#include "ascenda/redemption/redemption_store.h"
#include "ascenda/redemption/submitter.h"
#include "rewards/clock.h"
#include "rewards/logger.h"
#include "rewards/scheduler.h"

namespace ascenda {

class PluginMetrics;  // ascenda/metrics/plugin_metrics.h

class Reconciler {
 public:
  // Metrics to count into (null: none); borrowed, set before use.
  void SetMetrics(const PluginMetrics* metrics) { metrics_ = metrics; }
  static constexpr int kBatch = 16;
  // A tick leases batch after batch while full ones come back, at most this
  // many (so one tick works at most kBatch * kMaxBatchesPerTick rows).
  static constexpr int kMaxBatchesPerTick = 16;
  // Rows of one batch driven at once unless SetParallel says otherwise.
  static constexpr std::size_t kDefaultParallel = 16;

  Reconciler(RedemptionStore& store, Submitter& submitter, rewards::Scheduler& scheduler,
             const rewards::Clock& clock, rewards::Logger& logger, std::string owner);
  ~Reconciler();
  Reconciler(const Reconciler&) = delete;
  Reconciler& operator=(const Reconciler&) = delete;

  void Start(std::chrono::seconds interval);
  void SetInterval(std::chrono::seconds interval);
  // Rows driven at once (at least 1); takes effect at the next batch.
  void SetParallel(std::size_t parallel);
  void Stop();

  // One tick, now (the scheduled task calls it). Answers how many
  // redemptions it worked.
  int RunOnce() noexcept;

  // The lease a tick takes: enough for a row's few calls, at least a minute.
  static std::chrono::milliseconds TickLease(const SubmitConfig& config);

 private:
  // Rows a batch leases: max(kBatch, parallel_).
  int BatchSize() const;
  // One LeaseDue batch of up to `batch_size`, worked; *leased = rows leased
  // (0 when out of time).
  int RunBatch(int batch_size, int* leased);
  void ScheduleLocked(std::chrono::seconds interval);
  void CancelLocked();
  std::int64_t NowMs() const;

  RedemptionStore& store_;
  Submitter& submitter_;
  rewards::Scheduler& scheduler_;
  const rewards::Clock& clock_;
  rewards::Logger& logger_;
  const std::string owner_;
  std::mutex mu_;
  bool started_ = false;                     // guarded by mu_
  std::chrono::seconds interval_{30};        // guarded by mu_
  std::optional<rewards::TaskId> periodic_;  // guarded by mu_
  std::optional<rewards::TaskId> first_;     // guarded by mu_
  std::mutex tick_mu_;                       // one tick at a time on this node
  std::atomic<std::size_t> parallel_{kDefaultParallel};
  const PluginMetrics* metrics_ = nullptr;
};

}  // namespace ascenda
