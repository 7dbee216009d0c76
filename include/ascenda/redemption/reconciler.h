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
// A tick's rows are driven by `ascenda.reconcile.parallel` drivers at once
// (SetParallel, default kDefaultParallel; each row is its own lease and
// transactions, the time goes to waiting on Ascenda). Each driver leases
// kBatch rows at a time and works them one after another, then leases the
// next kBatch, until a lease comes back short (nothing more is due): no
// driver waits for another's slow row, and a backlog (after an outage) is
// worked in one tick, not a slice of it per interval. The tick's own thread
// leases first and starts the other drivers only when that batch was full,
// so an idle tick is one query. Each row is released with its next check; a
// row is started only while its calls fit in its batch's lease, and the
// first that does not ends the tick (the rest are released untouched, still
// due). A tick works at most kMaxRowsPerTick rows.
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
  // Rows one driver leases at a time: a few, so a slow Ascenda still fits
  // them in one lease (each row needs up to two calls' hard deadlines).
  static constexpr int kBatch = 4;
  // A bound on one tick, far above any backlog the plugin expects.
  static constexpr int kMaxRowsPerTick = 50'000;
  // Drivers of one tick unless SetParallel says otherwise.
  static constexpr std::size_t kDefaultParallel = 16;

  Reconciler(RedemptionStore& store, Submitter& submitter, rewards::Scheduler& scheduler,
             const rewards::Clock& clock, rewards::Logger& logger, std::string owner);
  ~Reconciler();
  Reconciler(const Reconciler&) = delete;
  Reconciler& operator=(const Reconciler&) = delete;

  void Start(std::chrono::seconds interval);
  void SetInterval(std::chrono::seconds interval);
  // Drivers of a tick (at least 1); takes effect at the next tick.
  void SetParallel(std::size_t parallel);
  void Stop();

  // One tick, now (the scheduled task calls it). Answers how many
  // redemptions it worked.
  int RunOnce() noexcept;

  // The lease a tick takes: enough for a row's few calls, at least a minute.
  static std::chrono::milliseconds TickLease(const SubmitConfig& config);

 private:
  struct TickState {
    std::atomic<int> worked{0};     // rows driven so far
    std::atomic<bool> done{false};  // a driver found nothing more due, or ran out of time
  };
  int RunTick();
  // Leases and works batches until the tick is done.
  void DriveUntilDone(TickState& state);
  // One lease of up to kBatch rows, worked; true when it came back full and
  // in time (more may be due).
  bool DriveBatch(TickState& state);
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
