#include "ascenda/redemption/sleeper.h"

namespace ascenda {

bool InterruptibleSleeper::SleepFor(std::chrono::milliseconds d) {
  std::unique_lock<std::mutex> lock(mu_);
  if (d.count() > 0) cv_.wait_for(lock, d, [this] { return interrupted_; });
  return !interrupted_;
}

void InterruptibleSleeper::Interrupt() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    interrupted_ = true;
  }
  cv_.notify_all();
}

void InterruptibleSleeper::Resume() {
  std::lock_guard<std::mutex> lock(mu_);
  interrupted_ = false;
}

}  // namespace ascenda
