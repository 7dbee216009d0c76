#include "support/offset_clock.h"

namespace testsupport {

std::chrono::system_clock::time_point OffsetClock::Now() const noexcept {
  std::lock_guard<std::mutex> lock(mu_);
  return std::chrono::system_clock::now() + offset_;
}

std::chrono::steady_clock::time_point OffsetClock::Monotonic() const noexcept {
  std::lock_guard<std::mutex> lock(mu_);
  return std::chrono::steady_clock::now() + offset_;
}

void OffsetClock::Advance(std::chrono::milliseconds step) {
  std::lock_guard<std::mutex> lock(mu_);
  offset_ += step;
}

}  // namespace testsupport
