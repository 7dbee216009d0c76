#include "scheduler/plugin_scheduler.h"

namespace loyalty {

rewards::Result<rewards::TaskId> PluginScheduler::ScheduleAfter(std::chrono::milliseconds delay,
                                                                std::string name,
                                                                rewards::Task task) noexcept {
  try {
    return scheduler_.Schedule(owner_, delay, std::chrono::milliseconds(0), std::move(name),
                               std::move(task));
  } catch (...) {
    return rewards::Internal("scheduling failed");
  }
}

rewards::Result<rewards::TaskId> PluginScheduler::SchedulePeriodic(
    std::chrono::milliseconds interval, std::string name, rewards::Task task) noexcept {
  if (interval.count() <= 0) {
    return rewards::InvalidArgument("invalid_task", "a periodic task needs an interval > 0");
  }
  try {
    return scheduler_.Schedule(owner_, interval, interval, std::move(name), std::move(task));
  } catch (...) {
    return rewards::Internal("scheduling failed");
  }
}

void PluginScheduler::Cancel(rewards::TaskId id) noexcept {
  try {
    scheduler_.Cancel(owner_, id);
  } catch (...) {
  }
}

void PluginScheduler::Drain() noexcept {
  try {
    scheduler_.Drain(owner_);
  } catch (...) {
  }
}

}  // namespace loyalty
