#include "support/manual_scheduler.h"

#include <utility>

namespace testsupport {

rewards::Result<rewards::TaskId> ManualScheduler::ScheduleAfter(std::chrono::milliseconds,
                                                                std::string name,
                                                                rewards::Task task) noexcept {
  std::lock_guard<std::mutex> lock(mu_);
  entries_.push_back(
      {next_, std::move(name), std::chrono::milliseconds(0), false, std::move(task)});
  return next_++;
}

rewards::Result<rewards::TaskId> ManualScheduler::SchedulePeriodic(
    std::chrono::milliseconds interval, std::string name, rewards::Task task) noexcept {
  std::lock_guard<std::mutex> lock(mu_);
  entries_.push_back({next_, std::move(name), interval, true, std::move(task)});
  return next_++;
}

void ManualScheduler::Cancel(rewards::TaskId id) noexcept {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->id == id) {
      entries_.erase(it);
      return;
    }
  }
}

int ManualScheduler::RunOnce() {
  std::vector<Entry> due;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = entries_.begin(); it != entries_.end();) {
      if (!it->periodic) {
        due.push_back(std::move(*it));
        it = entries_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto& e : due) e.task();
  return static_cast<int>(due.size());
}

int ManualScheduler::RunPeriodic() {
  std::vector<rewards::Task> due;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& e : entries_) {
      if (e.periodic) due.push_back(e.task);
    }
  }
  for (auto& task : due) task();
  return static_cast<int>(due.size());
}

std::vector<std::string> ManualScheduler::PeriodicNames() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> names;
  for (const auto& e : entries_) {
    if (e.periodic) names.push_back(e.name);
  }
  return names;
}

std::chrono::milliseconds ManualScheduler::PeriodicInterval(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& e : entries_) {
    if (e.periodic && e.name == name) return e.interval;
  }
  return std::chrono::milliseconds(0);
}

}  // namespace testsupport
