// Clock: wall time and monotonic time, lent by the host.
//
// Everything time-dependent in the plugin (TTLs, token expiry, back-off,
// give-up deadlines) reads time here, so tests can run the host with a clock
// they advance. Thread-safe. Valid from create() until destroy() returns.
#pragma once

#include <chrono>

namespace rewards {

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall time, for timestamps that leave the process (database rows, Ascenda).
  virtual std::chrono::system_clock::time_point Now() const noexcept = 0;
  // Monotonic time, for durations and deadlines inside the process.
  virtual std::chrono::steady_clock::time_point Monotonic() const noexcept = 0;
};

}  // namespace rewards
