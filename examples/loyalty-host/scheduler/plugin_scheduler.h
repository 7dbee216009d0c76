// PluginScheduler: the rewards::Scheduler one plugin sees — a facade over the
// host's TaskScheduler that owns the plugin's tasks, so Drain() (on plugin
// stop) cancels and waits for exactly them. Thread-safe; borrows the
// TaskScheduler, which must outlive it.
#pragma once

#include "rewards/scheduler.h"
#include "scheduler/task_scheduler.h"

namespace loyalty {

class PluginScheduler : public rewards::Scheduler {
 public:
  explicit PluginScheduler(TaskScheduler& scheduler)
      : scheduler_(scheduler), owner_(scheduler.NewOwner()) {}

  rewards::Result<rewards::TaskId> ScheduleAfter(std::chrono::milliseconds delay, std::string name,
                                                 rewards::Task task) noexcept override;
  rewards::Result<rewards::TaskId> SchedulePeriodic(std::chrono::milliseconds interval,
                                                    std::string name,
                                                    rewards::Task task) noexcept override;
  void Cancel(rewards::TaskId id) noexcept override;

  // Cancels pending tasks, waits for running ones; later Schedule* fail.
  void Drain() noexcept;
  std::size_t PendingCount() const { return scheduler_.PendingCount(owner_); }

 private:
  TaskScheduler& scheduler_;
  const TaskScheduler::OwnerId owner_;
};

}  // namespace loyalty
