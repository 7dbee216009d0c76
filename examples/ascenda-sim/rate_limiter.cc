#include "rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace ascenda_sim {

RateLimiter::RateLimiter(const Clock& clock, double rate_per_s, int burst) : clock_(clock) {
  Configure(rate_per_s, burst);
}

void RateLimiter::Configure(double rate_per_s, int burst) {
  std::lock_guard<std::mutex> lock(mu_);
  rate_per_s_ = rate_per_s;
  burst_ = std::max(1, burst);
  tokens_ = burst_;
  last_ms_ = clock_.SteadyMs();
}

bool RateLimiter::TryAcquire(int* retry_after_s) {
  std::lock_guard<std::mutex> lock(mu_);
  if (rate_per_s_ <= 0) return true;
  int64_t now = clock_.SteadyMs();
  tokens_ = std::min(burst_, tokens_ + static_cast<double>(now - last_ms_) * rate_per_s_ / 1000.0);
  last_ms_ = now;
  if (tokens_ >= 1.0) {
    tokens_ -= 1.0;
    return true;
  }
  ++rejected_;
  double wait_s = (1.0 - tokens_) / rate_per_s_;
  *retry_after_s = std::max(1, static_cast<int>(std::ceil(wait_s)));
  return false;
}

int64_t RateLimiter::rejected_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return rejected_;
}

}  // namespace ascenda_sim
