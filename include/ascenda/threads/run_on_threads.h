// RunOnThreads: the shape of a drain several threads share — `work` runs on
// the calling thread and on up to `threads - 1` helper threads started for
// it, each taking the next item itself, and RunOnThreads returns when every
// one of them has returned. A helper that cannot be started is logged as a
// warning ("ascenda: <who> could not start a thread: ...") and the threads
// already running do its share; `threads` <= 1 runs `work` here alone.
// REQUIRES: `work` does not throw (out of a helper, that would end the
// process).
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

#include "rewards/logger.h"

namespace ascenda {

void RunOnThreads(std::size_t threads, const std::function<void()>& work, rewards::Logger& logger,
                  std::string_view who);

}  // namespace ascenda
