#include "scheduler/task_scheduler.h"

#include <Poco/Logger.h>

namespace loyalty {

TaskScheduler::TaskScheduler(const HostClock& clock, int workers) : clock_(clock) {
  for (int i = 0; i < workers; ++i) workers_.emplace_back([this] { WorkerLoop(); });
}

TaskScheduler::~TaskScheduler() { Shutdown(); }

TaskScheduler::OwnerId TaskScheduler::NewOwner() {
  std::lock_guard<std::mutex> lock(mu_);
  return next_owner_++;
}

rewards::Result<rewards::TaskId> TaskScheduler::Schedule(OwnerId owner,
                                                         std::chrono::milliseconds delay,
                                                         std::chrono::milliseconds interval,
                                                         std::string name, rewards::Task task) {
  if (!task || delay.count() < 0 || interval.count() < 0) {
    return rewards::InvalidArgument("invalid_task", "a task needs a function and delays >= 0");
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (stopping_ || closed_owners_.count(owner)) {
    return rewards::Status(rewards::StatusCode::kFailedPrecondition, "scheduler_closed",
                           "the scheduler no longer takes tasks");
  }
  const rewards::TaskId id = next_task_++;
  Entry e{owner, std::move(name), clock_.Monotonic() + delay, interval, std::move(task)};
  queue_.insert({e.due, id});
  pending_.emplace(id, std::move(e));
  cv_.notify_all();
  return id;
}

void TaskScheduler::Cancel(OwnerId owner, rewards::TaskId id) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto it = pending_.find(id); it != pending_.end() && it->second.owner == owner) {
    queue_.erase({it->second.due, id});
    pending_.erase(it);
  }
  if (auto it = running_.find(id); it != running_.end() && it->second == owner) {
    cancelled_running_.insert(id);
  }
}

void TaskScheduler::Drain(OwnerId owner) {
  std::unique_lock<std::mutex> lock(mu_);
  closed_owners_.insert(owner);
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->second.owner == owner) {
      queue_.erase({it->second.due, it->first});
      it = pending_.erase(it);
    } else {
      ++it;
    }
  }
  cv_.wait(lock, [&] {
    for (const auto& [id, o] : running_) {
      if (o == owner) return false;
    }
    return true;
  });
}

void TaskScheduler::Wake() {
  std::lock_guard<std::mutex> lock(mu_);
  cv_.notify_all();
}

void TaskScheduler::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ && workers_.empty()) return;
    stopping_ = true;
    pending_.clear();
    queue_.clear();
    cv_.notify_all();
  }
  for (std::thread& t : workers_) {
    if (t.joinable()) t.join();
  }
  workers_.clear();
}

std::size_t TaskScheduler::PendingCount(OwnerId owner) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::size_t n = 0;
  for (const auto& [id, e] : pending_) n += e.owner == owner ? 1 : 0;
  return n;
}

void TaskScheduler::WorkerLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    if (queue_.empty()) {
      cv_.wait(lock);
      continue;
    }
    const auto [due, id] = *queue_.begin();
    const TimePoint now = clock_.Monotonic();
    if (due > now) {
      // On a manual clock this real-time wait is only an upper bound; Wake()
      // after an advance ends it early.
      cv_.wait_for(lock, due - now);
      continue;
    }
    queue_.erase(queue_.begin());
    Entry e = std::move(pending_.at(id));
    pending_.erase(id);
    running_[id] = e.owner;
    lock.unlock();
    RunGuarded(e);
    lock.lock();
    running_.erase(id);
    const bool cancelled = cancelled_running_.erase(id) > 0;
    if (e.interval.count() > 0 && !cancelled && !stopping_ && !closed_owners_.count(e.owner)) {
      e.due = clock_.Monotonic() + e.interval;
      queue_.insert({e.due, id});
      pending_.emplace(id, std::move(e));
    }
    cv_.notify_all();
  }
}

void TaskScheduler::RunGuarded(const Entry& e) {
  try {
    e.task();
  } catch (const std::exception& ex) {
    Poco::Logger::get("host.scheduler")
        .error("task '" + e.name + "' threw: " + std::string(ex.what()));
  } catch (...) {
    Poco::Logger::get("host.scheduler").error("task '" + e.name + "' threw");
  }
}

}  // namespace loyalty
