#include "clock/host_clock.h"

#include <cstdio>
#include <ctime>
#include <string>

namespace loyalty {

std::chrono::system_clock::time_point SystemClock::Now() const noexcept {
  return std::chrono::system_clock::now();
}

std::chrono::steady_clock::time_point SystemClock::Monotonic() const noexcept {
  return std::chrono::steady_clock::now();
}

ManualClock::ManualClock()
    : wall_start_(std::chrono::system_clock::now()),
      mono_start_(std::chrono::steady_clock::now()) {}

std::chrono::system_clock::time_point ManualClock::Now() const noexcept {
  std::lock_guard<std::mutex> lock(mu_);
  return wall_start_ + offset_;
}

std::chrono::steady_clock::time_point ManualClock::Monotonic() const noexcept {
  std::lock_guard<std::mutex> lock(mu_);
  return mono_start_ + offset_;
}

bool ManualClock::Advance(std::chrono::milliseconds by) noexcept {
  if (by.count() < 0) return false;
  std::function<void()> listener;
  {
    std::lock_guard<std::mutex> lock(mu_);
    offset_ += by;
    listener = listener_;
  }
  if (listener) listener();
  return true;
}

void ManualClock::SetAdvanceListener(std::function<void()> listener) {
  std::lock_guard<std::mutex> lock(mu_);
  listener_ = std::move(listener);
}

std::unique_ptr<HostClock> MakeHostClock(const std::string& kind) {
  if (kind == "system") return std::make_unique<SystemClock>();
  if (kind == "manual") return std::make_unique<ManualClock>();
  return nullptr;
}

std::string FormatTimestamp(std::chrono::system_clock::time_point t) {
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  long millis = static_cast<long>(ms % 1000);
  if (millis < 0) {
    millis += 1000;
    --secs;
  }
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03ldZ", buf, millis);
  return out;
}

}  // namespace loyalty
