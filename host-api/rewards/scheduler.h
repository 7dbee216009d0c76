// Scheduler: delayed and periodic tasks run on the host's worker threads.
//
// Delays are measured on the host Clock's monotonic time (a test clock that
// is advanced makes due tasks run). A periodic task never overlaps itself:
// the next run is scheduled `interval` after the previous run ends.
// Tasks must not throw (an escaping exception is caught and logged by the
// host). On plugin stop the host cancels the plugin's pending tasks and waits
// for running ones ("drained") before destroy(); Schedule* after that answers
// kFailedPrecondition. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "rewards/status.h"

namespace rewards {

using TaskId = std::uint64_t;
using Task = std::function<void()>;

class Scheduler {
 public:
  virtual ~Scheduler() = default;
  virtual Result<TaskId> ScheduleAfter(std::chrono::milliseconds delay, std::string name,
                                       Task task) noexcept = 0;
  virtual Result<TaskId> SchedulePeriodic(std::chrono::milliseconds interval, std::string name,
                                          Task task) noexcept = 0;
  // Cancels a pending task; a run already under way finishes. Unknown ids are
  // ignored.
  virtual void Cancel(TaskId id) noexcept = 0;
};

}  // namespace rewards
