// OffsetClock: a rewards::Clock that follows real time but can be pushed
// ahead. Token expiry compares our wall time with the simulator's, so the
// wall time must start near the real one (ManualClock's fixed start is weeks
// off). Thread-safe.
#pragma once

#include <chrono>
#include <mutex>

#include "rewards/clock.h"

namespace testsupport {

class OffsetClock : public rewards::Clock {
 public:
  std::chrono::system_clock::time_point Now() const noexcept override;
  std::chrono::steady_clock::time_point Monotonic() const noexcept override;
  // Moves both clocks `step` further ahead of real time.
  void Advance(std::chrono::milliseconds step);

 private:
  mutable std::mutex mu_;
  std::chrono::milliseconds offset_{0};
};

}  // namespace testsupport
