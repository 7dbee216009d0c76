// The simulator's rooms, as borrowed references for the HTTP handlers.
// Simulator owns every part and outlives the servers that use this struct.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

#include "catalogue_store.h"
#include "faults.h"
#include "lifecycle.h"
#include "order_store.h"
#include "outcome_policy.h"
#include "rate_limiter.h"
#include "sim_clock.h"
#include "sim_config.h"
#include "token_store.h"
#include "webhook_sender.h"

namespace ascenda_sim {

// Sleeps that end early when the simulator stops, so a handler parked in a
// "delay" fault never holds up shutdown. Thread-safe.
class StopSignal {
 public:
  // Returns false when interrupted by Stop().
  bool SleepFor(int ms) {
    std::unique_lock<std::mutex> lock(mu_);
    return !cv_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopped_; });
  }
  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopped_ = true;
    }
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopped_ = false;
};

struct SimStats {
  std::atomic<int64_t> requests{0};
  std::atomic<int64_t> tokens_issued{0};
  std::atomic<int64_t> orders_created{0};
  std::atomic<int64_t> dropped_connections{0};
};

struct SimParts {
  const SimConfig& config;
  SystemClock& clock;
  CatalogueStore& catalogue;
  TokenStore& tokens;
  OrderStore& orders;
  OutcomePolicy& outcomes;
  Lifecycle& lifecycle;
  FaultInjector& faults;
  RateLimiter& limiter;
  WebhookSender& webhooks;
  SimStats& stats;
  StopSignal& stop;
};

}  // namespace ascenda_sim
