#include "ascenda/webhook/webhook_receiver.h"

#include <utility>

#include "ascenda/metrics/plugin_metrics.h"
#include "ascenda/webhook/webhook_signature.h"
#include "ascenda/wire/json_text.h"
#include "ascenda/wire/order_json.h"

namespace ascenda {

namespace {

constexpr std::size_t kMaxIdBytes = 255;  // event, order and reference ids

rewards::HttpResponse Reply(int status, std::string body) {
  rewards::HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

rewards::HttpResponse ErrorReply(int status, const std::string& error, const std::string& message) {
  return Reply(status, "{\"error\":" + wire::JsonString(error) +
                           ",\"message\":" + wire::JsonString(message) + "}");
}

std::string Header(const rewards::HttpRequest& request, const char* name) {
  auto it = request.headers.find(name);
  return it == request.headers.end() ? std::string() : it->second;
}

}  // namespace

WebhookReceiver::WebhookReceiver(WebhookEventStore& events, const rewards::Clock& clock,
                                 rewards::Logger& logger, std::function<void()> on_stored)
    : events_(events),
      clock_(clock),
      logger_(logger),
      on_stored_(std::move(on_stored)),
      config_(std::make_shared<const WebhookReceiverConfig>()) {}

void WebhookReceiver::Configure(WebhookReceiverConfig config) {
  auto next = std::make_shared<const WebhookReceiverConfig>(std::move(config));
  std::lock_guard<std::mutex> lock(mu_);
  config_ = std::move(next);
}

rewards::HttpResponse WebhookReceiver::Handle(const rewards::HttpRequest& request) noexcept {
  try {
    if (request.body_truncated || request.body.size() > kMaxBodyBytes) {
      return Refuse(413, "payload_too_large",
                    "a webhook body is at most " + std::to_string(kMaxBodyBytes) + " bytes");
    }
    std::shared_ptr<const WebhookReceiverConfig> config;
    {
      std::lock_guard<std::mutex> lock(mu_);
      config = config_;
    }
    const rewards::Status signature =
        VerifyWebhookSignature(Header(request, "x-ascenda-signature"), request.body,
                               config->secrets, clock_.Now(), config->tolerance);
    if (!signature.ok()) return Refuse(401, signature.error(), signature.message());
    return Accept(request, *config);
  } catch (const std::exception&) {
    logger_.Error("ascenda: the webhook receiver failed on a delivery");
  } catch (...) {
    logger_.Error("ascenda: the webhook receiver failed on a delivery");
  }
  return ErrorReply(500, "internal", "the webhook could not be handled");
}

rewards::HttpResponse WebhookReceiver::Accept(const rewards::HttpRequest& request,
                                              const WebhookReceiverConfig& config) {
  rewards::Result<wire::OrderEvent> event = wire::ParseOrderEvent(request.body);
  if (!event.ok()) return Refuse(400, "invalid_event", event.status().message());
  const wire::OrderEvent& e = event.value();
  if (e.id.size() > kMaxIdBytes || e.order.id.size() > kMaxIdBytes ||
      e.order.reference_id.size() > kMaxIdBytes || e.order.items.front().status.size() > 64) {
    return Refuse(400, "invalid_event", "an id or status of the event is too long");
  }
  if (config.cipher == nullptr) {
    logger_.Warning(
        "ascenda: a webhook was refused (503): no data key (ascenda.data_key) to "
        "seal it with");
    return ErrorReply(503, "not_configured", "the receiver is not configured");
  }
  rewards::Result<SealedValue> sealed = config.cipher->Seal(request.body, e.id);
  if (!sealed.ok()) {
    logger_.Error("ascenda: a webhook body could not be sealed: " + sealed.status().ToString());
    return ErrorReply(500, "internal", "the webhook could not be stored");
  }
  NewWebhookEvent row{e.id,
                      e.order.reference_id,
                      e.order.id,
                      e.order.items.front().status,
                      std::move(sealed).value().blob,
                      config.cipher->current_key_id()};
  rewards::Result<bool> stored = events_.Record(row);
  if (!stored.ok()) {
    logger_.Warning("ascenda: webhook event " + e.id +
                    " could not be stored (answered 503): " + stored.status().ToString());
    return ErrorReply(503, "unavailable", "the webhook could not be stored; try again");
  }
  accepted_.fetch_add(1);
  if (metrics_) metrics_->WebhookReceived(stored.value() ? "stored" : "duplicate");
  if (stored.value() && on_stored_) on_stored_();
  if (logger_.Enabled(rewards::LogLevel::kDebug)) {
    logger_.Debug("ascenda: webhook event " + e.id + " for reference " + e.order.reference_id +
                  (stored.value() ? " stored" : " seen before"));
  }
  return Reply(200, std::string("{\"received\":true,\"duplicate\":") +
                        (stored.value() ? "false" : "true") + "}");
}

rewards::HttpResponse WebhookReceiver::Refuse(int status, const std::string& error,
                                              const std::string& message) {
  refused_.fetch_add(1);
  if (metrics_) metrics_->WebhookReceived("refused", error);
  std::int64_t count = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++refused_since_log_;
    const auto now = clock_.Monotonic();
    if (last_refusal_log_ == std::chrono::steady_clock::time_point{} ||
        now - last_refusal_log_ >= kLogEvery) {
      count = refused_since_log_;
      refused_since_log_ = 0;
      last_refusal_log_ = now;
    }
  }
  if (count > 0) {
    logger_.Warning("ascenda: webhook refused (" + std::to_string(status) + " " + error + "); " +
                    std::to_string(count) + " refusal(s) since the last such line");
  }
  return ErrorReply(status, error, message);
}

}  // namespace ascenda
