#include "ascenda/redemption/reconciler.h"

#include <algorithm>
#include <utility>
#include <vector>

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
    std::lock_guard<std::mutex> tick(tick_mu_);
    int worked = 0;
    for (int batches = 0; batches < kMaxBatchesPerTick; ++batches) {
      int leased = 0;
      worked += RunBatch(&leased);
      if (leased < kBatch) break;  // nothing more is due
    }
    if (worked > 0) {
      logger_.Debug("ascenda: reconciler checked " + std::to_string(worked) + " redemption(s)");
    }
    return worked;
  } catch (const std::exception& e) {
    logger_.Error(std::string("ascenda: reconciler tick failed: ") + e.what());
    return 0;
  }
}

int Reconciler::RunBatch(int* leased_count) {
  *leased_count = 0;
  if (submitter_.stopping()) return 0;
  const SubmitConfig config = submitter_.config();
  auto leased = store_.LeaseDue(owner_, kBatch, TickLease(config));
  if (!leased.ok()) {
    logger_.Warning("ascenda: reconciler could not lease redemptions: " +
                    leased.status().ToString());
    return 0;
  }
  *leased_count = static_cast<int>(leased->size());
  int worked = 0;
  for (const RedemptionRecord& r : leased.value()) {
    const std::int64_t lease_until = r.lease_until_ms.value_or(0);
    if (submitter_.stopping() || NowMs() + 2 * config.call_bound.count() > lease_until) {
      (void)store_.Release(r.id, owner_, std::nullopt);  // still due: the next tick
      *leased_count = 0;  // out of time: end the tick
      continue;
    }
    ++worked;
    DriveOutcome outcome = submitter_.Drive(r, Submitter::FirstStepFor(r), lease_until);
    submitter_.Finish(outcome, owner_);
  }
  return worked;
}

}  // namespace ascenda
