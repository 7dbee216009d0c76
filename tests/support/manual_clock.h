// ManualClock: a rewards::Clock that moves only when a test advances it.
// Thread-safe (time is read and advanced under a mutex).
#pragma once

#include <chrono>
#include <mutex>

#include "rewards/clock.h"

namespace testsupport {

class ManualClock : public rewards::Clock {
 public:
  // Starts at an arbitrary fixed wall time and a non-zero monotonic time.
  ManualClock()
      : wall_(std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000))),
        monotonic_(std::chrono::steady_clock::time_point(std::chrono::hours(1000))) {}

  std::chrono::system_clock::time_point Now() const noexcept override {
    std::lock_guard<std::mutex> lock(mutex_);
    return wall_;
  }
  std::chrono::steady_clock::time_point Monotonic() const noexcept override {
    std::lock_guard<std::mutex> lock(mutex_);
    return monotonic_;
  }

  // Moves both clocks forward by `step`.
  template <typename Rep, typename Period>
  void Advance(std::chrono::duration<Rep, Period> step) {
    std::lock_guard<std::mutex> lock(mutex_);
    wall_ += std::chrono::duration_cast<std::chrono::system_clock::duration>(step);
    monotonic_ += std::chrono::duration_cast<std::chrono::steady_clock::duration>(step);
  }

 private:
  mutable std::mutex mutex_;
  std::chrono::system_clock::time_point wall_;
  std::chrono::steady_clock::time_point monotonic_;
};

}  // namespace testsupport
