// TaskScheduler: the host's delayed and periodic tasks, run by a small pool of
// worker threads in order of due time on the HostClock's monotonic time.
//
// Tasks belong to an owner (one per plugin, see plugin_scheduler.h). A
// periodic task is re-queued `interval` after its run ends, so it never
// overlaps itself. Drain(owner) cancels the owner's pending tasks, waits for
// its running ones and refuses its later Schedule calls (kFailedPrecondition).
// On a manual clock workers wake on Wake() (the clock's advance listener) and
// run what became due. An exception escaping a task is caught and logged.
// Thread-safe. REQUIRES: Drain and Shutdown are not called from a task.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "clock/host_clock.h"
#include "rewards/scheduler.h"

namespace loyalty {

class TaskScheduler {
 public:
  using OwnerId = std::uint64_t;

  // `clock` must outlive the scheduler.
  TaskScheduler(const HostClock& clock, int workers);
  ~TaskScheduler();  // Shutdown()
  TaskScheduler(const TaskScheduler&) = delete;
  TaskScheduler& operator=(const TaskScheduler&) = delete;

  OwnerId NewOwner();
  // `interval` zero: run once after `delay`; otherwise first run after
  // `delay`, then `interval` after each run ends.
  rewards::Result<rewards::TaskId> Schedule(OwnerId owner, std::chrono::milliseconds delay,
                                            std::chrono::milliseconds interval, std::string name,
                                            rewards::Task task);
  // Only the owner's own tasks are cancelled; others' ids are ignored.
  void Cancel(OwnerId owner, rewards::TaskId id);
  void Drain(OwnerId owner);
  void Wake();
  // Stops the workers after their current task; pending tasks are dropped.
  void Shutdown();

  std::size_t PendingCount(OwnerId owner) const;

 private:
  using TimePoint = std::chrono::steady_clock::time_point;
  struct Entry {
    OwnerId owner = 0;
    std::string name;
    TimePoint due;
    std::chrono::milliseconds interval{0};
    rewards::Task task;
  };

  void WorkerLoop();
  void RunGuarded(const Entry& e);

  const HostClock& clock_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  OwnerId next_owner_ = 1;
  rewards::TaskId next_task_ = 1;
  std::map<rewards::TaskId, Entry> pending_;
  std::set<std::pair<TimePoint, rewards::TaskId>> queue_;
  std::map<rewards::TaskId, OwnerId> running_;
  std::set<rewards::TaskId> cancelled_running_;
  std::set<OwnerId> closed_owners_;
  std::vector<std::thread> workers_;
};

}  // namespace loyalty
