// A token bucket in front of the public API: `rate_per_s` tokens are added
// per second up to `burst`; each request takes one. When none is left the
// request is answered 429 with Retry-After = whole seconds until the next
// token (at least 1). rate_per_s <= 0 disables the limiter.
//
// Thread-safe. The clock must outlive the limiter.
#pragma once

#include <cstdint>
#include <mutex>

#include "sim_clock.h"

namespace ascenda_sim {

class RateLimiter {
 public:
  RateLimiter(const Clock& clock, double rate_per_s, int burst);
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  // True when the request may go ahead; otherwise sets *retry_after_s.
  bool TryAcquire(int* retry_after_s);

  // Changes the limits at run time (the bucket starts full).
  void Configure(double rate_per_s, int burst);
  int64_t rejected_count() const;

 private:
  const Clock& clock_;
  mutable std::mutex mu_;
  double rate_per_s_;
  double burst_;
  double tokens_;
  int64_t last_ms_;
  int64_t rejected_ = 0;
};

}  // namespace ascenda_sim
