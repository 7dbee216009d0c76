// The simulator's clock. Every component that reads time takes a `const Clock&`
// so that tests of the components can drive time by hand.
//
// SystemClock is the real clock plus an adjustable offset on the wall reading:
// the control API shifts it to make tokens expire or webhook signatures look
// stale without waiting. The steady reading is never shifted (timers use it).
//
// Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace ascenda_sim {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch, as the simulator sees it.
  virtual int64_t WallMs() const = 0;
  // Monotonic milliseconds from an arbitrary origin; for delays and timers.
  virtual int64_t SteadyMs() const = 0;

  int64_t WallSeconds() const { return WallMs() / 1000; }
};

class SystemClock final : public Clock {
 public:
  int64_t WallMs() const override {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count() +
           offset_ms_.load(std::memory_order_relaxed);
  }
  int64_t SteadyMs() const override {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
  }
  void SetWallOffsetMs(int64_t offset_ms) { offset_ms_.store(offset_ms); }
  int64_t wall_offset_ms() const { return offset_ms_.load(); }

 private:
  std::atomic<int64_t> offset_ms_{0};
};

}  // namespace ascenda_sim
