// RateLimiter: token buckets, one per key ("address:<ip>", "session:<digest>"),
// refilled at `per_second` up to a burst of `per_second`, on the host clock's
// monotonic time (a manual clock refills only when it is advanced).
//
// Buckets are this node's (in memory): each node limits what it serves. When
// more than kMaxKeys buckets exist, full ones are dropped. per_second 0
// disables the limit. Thread-safe; borrows the clock.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "rewards/clock.h"

namespace loyalty {

class RateLimiter {
 public:
  static constexpr std::size_t kMaxKeys = 100000;

  RateLimiter(const rewards::Clock& clock, int per_second)
      : clock_(clock), per_second_(per_second) {}

  // 0 when `key` may go ahead (one token taken); else the whole seconds until
  // a token is there (>= 1), for Retry-After.
  std::int64_t Take(const std::string& key);

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point at;
  };
  void DropFullLocked(std::chrono::steady_clock::time_point now);

  const rewards::Clock& clock_;
  const int per_second_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace loyalty
