// WebhookReceiver: the handler of POST /webhooks/ascenda (docs/ascenda-api.md §9).
//
// Checks, in this order, and refuses storing nothing:
//   body over kMaxBodyBytes (256 KiB), or cut short by the host  413 payload_too_large
//   X-Ascenda-Signature missing, malformed, stale or not matching any
//   current secret (webhook_signature.h: constant-time, tolerance)  401 <the check's error>
//   not JSON, or not an order event (wire/order_json.h)            400 invalid_event
//   no data key, so the body cannot be sealed                      503 not_configured
// Then it seals the raw body with the delivery cipher (associated data =
// the event id; a body may hold code, pin, url) and records the event in one
// short transaction, deduplicated by event id (webhook_event_store.h) — and
// only then answers 200 {"received":true,"duplicate":false|true}. A database
// failure is 503 (Ascenda retries). Applying the event to its redemption is
// not done here: after a new event is stored `on_stored` runs (it should only
// queue work; see webhook_applier.h), so the answer never waits on it.
//
// Refusals are counted and logged as one warning per kLogEvery window with
// the counts (an attacker must not flood the log); no line ever quotes the
// body, the signature or a secret.
//
// Thread-safe: Handle runs on many server threads at once; Configure may run
// at any time. Borrows `events`, `clock` and `logger` for its lifetime.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "ascenda/crypto/delivery_cipher.h"
#include "ascenda/webhook/webhook_event_store.h"
#include "rewards/clock.h"
#include "rewards/http_router.h"
#include "rewards/logger.h"

namespace ascenda {

class PluginMetrics;  // ascenda/metrics/plugin_metrics.h

struct WebhookReceiverConfig {
  std::vector<std::string> secrets;  // ascenda.webhook.secrets
  std::chrono::seconds tolerance{300};
  std::shared_ptr<const DeliveryCipher> cipher;  // null: no data key
};

class WebhookReceiver {
 public:
  // Metrics to count into (null: none); borrowed, set before use.
  void SetMetrics(const PluginMetrics* metrics) { metrics_ = metrics; }
  static constexpr const char* kPath = "/webhooks/ascenda";
  static constexpr std::size_t kMaxBodyBytes = 256 * 1024;
  static constexpr std::chrono::seconds kLogEvery{60};

  WebhookReceiver(WebhookEventStore& events, const rewards::Clock& clock, rewards::Logger& logger,
                  std::function<void()> on_stored);
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  void Configure(WebhookReceiverConfig config);

  rewards::HttpResponse Handle(const rewards::HttpRequest& request) noexcept;

  // Refusals and acceptances since construction (tests, health).
  std::int64_t refused() const { return refused_.load(); }
  std::int64_t accepted() const { return accepted_.load(); }

 private:
  rewards::HttpResponse Refuse(int status, const std::string& error, const std::string& message);
  rewards::HttpResponse Accept(const rewards::HttpRequest& request,
                               const WebhookReceiverConfig& config);

  WebhookEventStore& events_;
  const rewards::Clock& clock_;
  rewards::Logger& logger_;
  const std::function<void()> on_stored_;
  mutable std::mutex mu_;
  std::shared_ptr<const WebhookReceiverConfig> config_;       // guarded by mu_
  std::chrono::steady_clock::time_point last_refusal_log_{};  // guarded by mu_
  std::int64_t refused_since_log_ = 0;                        // guarded by mu_
  std::atomic<std::int64_t> refused_{0};
  std::atomic<std::int64_t> accepted_{0};
  const PluginMetrics* metrics_ = nullptr;
};

}  // namespace ascenda
