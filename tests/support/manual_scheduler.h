// ManualScheduler: a rewards::Scheduler that records tasks and runs them only
// when the test says so (RunOnce / RunPeriodic), on the test's thread — so a
// test decides exactly when a periodic job or a delayed retry happens.
// Delays are recorded, not waited for. Thread-safe.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "rewards/host_services.h"

namespace testsupport {

class ManualScheduler : public rewards::Scheduler {
 public:
  rewards::Result<rewards::TaskId> ScheduleAfter(std::chrono::milliseconds delay, std::string name,
                                                 rewards::Task task) noexcept override;
  rewards::Result<rewards::TaskId> SchedulePeriodic(std::chrono::milliseconds interval,
                                                    std::string name,
                                                    rewards::Task task) noexcept override;
  void Cancel(rewards::TaskId id) noexcept override;

  // Runs (and forgets) every pending one-shot task; answers how many ran.
  int RunOnce();
  // Runs every periodic task once; answers how many ran.
  int RunPeriodic();
  std::vector<std::string> PeriodicNames() const;
  // The interval of the periodic task `name` (0 when there is none).
  std::chrono::milliseconds PeriodicInterval(const std::string& name) const;

 private:
  struct Entry {
    rewards::TaskId id;
    std::string name;
    std::chrono::milliseconds interval;
    bool periodic;
    rewards::Task task;
  };
  mutable std::mutex mu_;
  std::vector<Entry> entries_;
  rewards::TaskId next_ = 1;
};

}  // namespace testsupport
