// Delivers order_item.updated events (docs/ascenda-api.md §9) to the configured receiver
// on its own worker threads: POST, signed, answer expected 200 within
// timeout_ms; otherwise retried up to max_attempts in all, the n-th retry
// backoff_ms * 2^(n-1) after the failed attempt; then the delivery is failed.
//
// Misbehaviour by rate: a duplicate_rate share of events is delivered twice
// (same event id and body); a reorder_rate share is held back reorder_delay_ms
// so a later event of the same item overtakes it; a drop_rate share is made
// (and listed among the events) but never sent, as if lost. Every attempt is
// recorded.
//
// Call order: construct, Start(), Publish()/Replay()..., Stop().
// Thread-safe. The clock must outlive the sender.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <queue>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "order.h"
#include "sim_clock.h"

namespace ascenda_sim {

struct WebhookSettings {
  bool enabled = true;
  // http:// or https://; empty = no deliveries. A comma-separated list
  // spreads the receivers of one service (several nodes behind no balancer):
  // every attempt goes to one of them chosen at random.
  std::string url;
  std::string secret;
  std::string previous_secret;
  std::string ca_file;  // trust for https receivers; empty = system store
  int timeout_ms = 10000;
  int max_attempts = 5;
  int backoff_ms = 1000;
  double duplicate_rate = 0;
  double reorder_rate = 0;
  int reorder_delay_ms = 3000;
  double drop_rate = 0;
  int threads = 2;
};

struct WebhookEvent {
  std::string id;
  std::string order_id;
  std::string reference_id;
  int64_t created_at_ms = 0;
  std::string body;
  bool dropped = false;  // drop_rate chose it: never sent (a replay still sends it)
};

struct WebhookAttempt {
  std::string event_id;
  std::string order_id;
  int attempt = 0;         // 1-based within one delivery
  bool duplicate = false;  // a deliberate second delivery or a replay
  std::string url;         // the one receiver this attempt went to
  int status = 0;          // HTTP status; 0 when none came back
  std::string error;       // why there was no status
  int64_t at_ms = 0;       // wall clock when sent
  int64_t duration_ms = 0;
  std::string outcome;  // "delivered", "retry", "failed"
};

// The receivers of a `url` setting: its comma-separated entries, trimmed,
// empty ones left out.
std::vector<std::string> WebhookTargets(const std::string& urls);

class WebhookSender {
 public:
  WebhookSender(const Clock& clock, WebhookSettings settings, uint64_t seed);
  ~WebhookSender();
  WebhookSender(const WebhookSender&) = delete;
  WebhookSender& operator=(const WebhookSender&) = delete;

  void Start();
  void Stop();

  // Makes an event of the order's current state and schedules its delivery.
  // Returns the event id, or "" when webhooks are disabled or have no URL.
  std::string Publish(const Order& order);
  // Delivers a recorded event again (same id, same body). False if unknown.
  bool Replay(const std::string& event_id);

  void SetTarget(const std::string& url, const std::string& secret,
                 const std::string& previous_secret, bool enabled);
  void SetRates(double duplicate_rate, double reorder_rate, double drop_rate);
  // Events drop_rate kept from being sent.
  int64_t dropped_count() const;
  std::vector<WebhookAttempt> Attempts() const;
  std::vector<WebhookEvent> Events() const;
  void Clear();

 private:
  struct Delivery {
    int64_t due_ms;
    uint64_t seq;
    std::string event_id;
    int attempt;
    bool duplicate;
    bool operator>(const Delivery& o) const {
      return due_ms != o.due_ms ? due_ms > o.due_ms : seq > o.seq;
    }
  };

  void ScheduleLocked(const std::string& event_id, int attempt, bool duplicate, int64_t delay_ms);
  void Work();
  void Attempt(const Delivery& delivery);

  const Clock& clock_;
  WebhookSettings settings_;  // guarded by mu_ (the target can change)

  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::priority_queue<Delivery, std::vector<Delivery>, std::greater<Delivery>> queue_;
  std::map<std::string, WebhookEvent> events_;
  std::deque<std::string> event_order_;  // for the cap on kept events
  std::vector<WebhookAttempt> attempts_;
  std::mt19937_64 random_;
  uint64_t next_seq_ = 0;
  int64_t dropped_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace ascenda_sim
