#include "auth/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace loyalty {

std::int64_t RateLimiter::Take(const std::string& key) {
  if (per_second_ <= 0) return 0;
  const auto now = clock_.Monotonic();
  const double burst = per_second_;
  std::lock_guard<std::mutex> lock(mu_);
  if (buckets_.size() > kMaxKeys) DropFullLocked(now);
  auto [it, fresh] = buckets_.try_emplace(key, Bucket{burst, now});
  Bucket& b = it->second;
  if (!fresh) {
    const double elapsed = std::chrono::duration<double>(now - b.at).count();
    b.tokens = std::min(burst, b.tokens + std::max(0.0, elapsed) * per_second_);
    b.at = now;
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  return std::max<std::int64_t>(
      1, static_cast<std::int64_t>(std::ceil((1.0 - b.tokens) / per_second_)));
}

void RateLimiter::DropFullLocked(std::chrono::steady_clock::time_point now) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    const double elapsed = std::chrono::duration<double>(now - it->second.at).count();
    if (it->second.tokens + elapsed * per_second_ >= per_second_) {
      it = buckets_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace loyalty
