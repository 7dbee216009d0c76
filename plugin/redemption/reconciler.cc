#include "ascenda/redemption/reconciler.h"

#include <algorithm>
#include <atomic>
#include <utility>
#include <vector>

#include "ascenda/metrics/plugin_metrics.h"
#include "ascenda/threads/run_on_threads.h"

namespace ascenda {

using std::chrono::milliseconds;

Reconciler::Reconciler(RedemptionStore& store, Submitter& submitter, rewards::Scheduler& scheduler,
                       const rewards::Clock& clock, rewards::Logger& logger, std::string owner)
    : store_(store),
      submitter_(submitter),
      scheduler_(scheduler),
      clock_(clock),
      logger_(logger),
      owner_(std::move(owner)) {}

Reconciler::~Reconciler() { Stop(); }

milliseconds Reconciler::TickLease(const SubmitConfig& config) {
  return std::max<milliseconds>(milliseconds(60'000), 4 * config.call_bound);
}

std::int64_t Reconciler::NowMs() const {
  return std::chrono::duration_cast<milliseconds>(clock_.Now().time_since_epoch()).count();
}

void Reconciler::Start(std::chrono::seconds interval) {
  std::lock_guard<std::mutex> lock(mu_);
  if (started_) return;
  started_ = true;
  interval_ = std::max(interval, std::chrono::seconds(1));
  auto first = scheduler_.ScheduleAfter(milliseconds(0), "ascenda-reconcile-start",
                                        [this] { (void)RunOnce(); });
  if (first.ok()) first_ = first.value();
  ScheduleLocked(interval_);
}

void Reconciler::SetInterval(std::chrono::seconds interval) {
  std::lock_guard<std::mutex> lock(mu_);
  interval = std::max(interval, std::chrono::seconds(1));
  if (interval == interval_) return;
  interval_ = interval;
  if (!started_) return;
  if (periodic_) scheduler_.Cancel(*periodic_);
  periodic_.reset();
  ScheduleLocked(interval_);
}

void Reconciler::SetParallel(std::size_t parallel) {
  parallel_ = std::max<std::size_t>(parallel, 1);
}

void Reconciler::Stop() {
  std::lock_guard<std::mutex> lock(mu_);
  started_ = false;
  CancelLocked();
}

void Reconciler::ScheduleLocked(std::chrono::seconds interval) {
  auto task = scheduler_.SchedulePeriodic(std::chrono::duration_cast<milliseconds>(interval),
                                          "ascenda-reconcile", [this] { (void)RunOnce(); });
  if (task.ok()) {
    periodic_ = task.value();
  } else {
    logger_.Error("ascenda: the reconciler could not be scheduled: " + task.status().ToString());
  }
}

void Reconciler::CancelLocked() {
  if (periodic_) scheduler_.Cancel(*periodic_);
  if (first_) scheduler_.Cancel(*first_);
  periodic_.reset();
  first_.reset();
}

int Reconciler::RunOnce() noexcept {
  try {
    // A tick still under way (slow Ascenda) is not queued behind: this one is
    // skipped, so no scheduler thread blocks here.
    std::unique_lock<std::mutex> tick(tick_mu_, std::try_to_lock);
    if (!tick.owns_lock()) {
      logger_.Debug("ascenda: reconciler tick skipped: the previous one still runs");
      return 0;
    }
    const int worked = RunTick();
    if (metrics_) metrics_->ReconcilerTick(worked);
    if (worked > 0) {
      logger_.Debug("ascenda: reconciler checked " + std::to_string(worked) + " redemption(s)");
    }
    return worked;
  } catch (const std::exception& e) {
    logger_.Error(std::string("ascenda: reconciler tick failed: ") + e.what());
    return 0;
  } catch (...) {
    logger_.Error("ascenda: reconciler tick failed");
    return 0;
  }
}

int Reconciler::RunTick() {
  TickState state;
  // The tick's own thread leases first: an idle tick is one query and no
  // thread; helpers start only when a full batch says more may be due.
  const bool more = DriveBatch(state);
  if (more) {
    RunOnThreads(
        parallel_.load(), [this, &state] { DriveUntilDone(state); }, logger_, "reconciler");
  }
  return state.worked.load();
}

void Reconciler::DriveUntilDone(TickState& state) {
  while (!state.done.load() && state.worked.load() < kMaxRowsPerTick) {
    if (!DriveBatch(state)) state.done = true;
  }
}

bool Reconciler::DriveBatch(TickState& state) {
  if (submitter_.stopping()) return false;
  const SubmitConfig config = submitter_.config();
  const auto lease_end = submitter_.LeaseEnd(TickLease(config));  // before the lease is taken
  auto leased = store_.LeaseDue(owner_, kBatch, TickLease(config));
  if (!leased.ok()) {
    logger_.Warning("ascenda: reconciler could not lease redemptions: " +
                    leased.status().ToString());
    return false;
  }
  const std::vector<RedemptionRecord>& rows = leased.value();
  bool out_of_time = false;
  for (const RedemptionRecord& r : rows) {
    if (out_of_time || submitter_.stopping() ||
        clock_.Monotonic() + 2 * config.call_bound + config.lease_margin > lease_end) {
      (void)store_.Release(r.id, owner_, std::nullopt);  // still due: the next tick
      out_of_time = true;
      continue;
    }
    ++state.worked;
    DriveOutcome outcome = submitter_.Drive(r, Submitter::FirstStepFor(r), lease_end);
    submitter_.Finish(outcome, owner_);
  }
  // A short batch: nothing more is due; out of time: end the tick.
  return !out_of_time && rows.size() == static_cast<std::size_t>(kBatch);
}

}  // namespace ascenda
