// HostClock: the host's rewards::Clock, either the system's or a manual one.
//
// The manual clock (host.clock=manual, for tests and demos) starts at the
// system's time and moves only when Advance() is called; both its wall and its
// monotonic time jump by the same amount. After every advance the listener
// (the scheduler) is told so that tasks now due run. Thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "rewards/clock.h"

namespace loyalty {

class HostClock : public rewards::Clock {
 public:
  virtual bool manual() const noexcept = 0;
  // Moves a manual clock forward by `by` (>= 0); false on the system clock.
  virtual bool Advance(std::chrono::milliseconds by) noexcept = 0;
  // Called (without locks held) after each Advance. Set once, before use.
  virtual void SetAdvanceListener(std::function<void()> listener) = 0;
};

class SystemClock : public HostClock {
 public:
  std::chrono::system_clock::time_point Now() const noexcept override;
  std::chrono::steady_clock::time_point Monotonic() const noexcept override;
  bool manual() const noexcept override { return false; }
  bool Advance(std::chrono::milliseconds) noexcept override { return false; }
  void SetAdvanceListener(std::function<void()>) override {}
};

class ManualClock : public HostClock {
 public:
  ManualClock();
  std::chrono::system_clock::time_point Now() const noexcept override;
  std::chrono::steady_clock::time_point Monotonic() const noexcept override;
  bool manual() const noexcept override { return true; }
  bool Advance(std::chrono::milliseconds by) noexcept override;
  void SetAdvanceListener(std::function<void()> listener) override;

 private:
  const std::chrono::system_clock::time_point wall_start_;
  const std::chrono::steady_clock::time_point mono_start_;
  mutable std::mutex mu_;
  std::chrono::milliseconds offset_{0};
  std::function<void()> listener_;
};

// "system" or "manual"; nullptr for anything else.
std::unique_ptr<HostClock> MakeHostClock(const std::string& kind);

// RFC 3339 UTC with milliseconds, e.g. "2025-01-31T12:00:00.000Z".
std::string FormatTimestamp(std::chrono::system_clock::time_point t);

}  // namespace loyalty
