// WaitUntil: polls a condition until it holds or a deadline passes — the
// replacement for a fixed sleep that stands in for "until X has happened".
// A test names the condition it waits for, so it is as fast as the system
// under test and fails with a reason instead of flaking on a slow machine.
//
// Thread-compatible: the predicate runs on the calling thread.
#pragma once

#include <chrono>
#include <thread>
#include <utility>

namespace testsupport {

// Calls `predicate` until it answers true (then true) or `deadline` has
// passed (then false, after one last call). Sleeps `poll` between calls.
template <typename Predicate>
bool WaitUntil(Predicate&& predicate, std::chrono::steady_clock::time_point deadline,
               std::chrono::milliseconds poll = std::chrono::milliseconds(10)) {
  while (!predicate()) {
    if (std::chrono::steady_clock::now() >= deadline) return predicate();
    std::this_thread::sleep_for(poll);
  }
  return true;
}

// The same with a deadline `timeout` from now.
template <typename Predicate, typename Rep, typename Period>
bool WaitUntil(Predicate&& predicate, std::chrono::duration<Rep, Period> timeout,
               std::chrono::milliseconds poll = std::chrono::milliseconds(10)) {
  return WaitUntil(std::forward<Predicate>(predicate),
                   std::chrono::steady_clock::now() +
                       std::chrono::duration_cast<std::chrono::steady_clock::duration>(timeout),
                   poll);
}

}  // namespace testsupport
