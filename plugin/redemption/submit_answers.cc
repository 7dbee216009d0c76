#include "ascenda/redemption/submit_answers.h"

#include <utility>

#include "ascenda/redemption/observed_order.h"
#include "ascenda/wire/order_json.h"

namespace ascenda {

namespace {

using rewards::StatusCode;

Answer Apply(RedemptionEvent event, std::string why) {
  Answer a;
  a.action = AnswerAction::kApply;
  a.event = std::move(event);
  a.why = std::move(why);
  return a;
}

Answer Other(AnswerAction action, std::string why) {
  Answer a;
  a.action = action;
  a.why = std::move(why);
  return a;
}

int HttpStatusOf(const rewards::Status& s) {
  auto it = s.details().find("http_status");
  if (it == s.details().end()) return 0;
  try {
    return std::stoi(it->second);
  } catch (...) {
    return 0;
  }
}

std::chrono::milliseconds RetryAfterOf(const rewards::Status& s) {
  auto it = s.details().find("retry_after_ms");
  if (it != s.details().end()) {
    try {
      return std::chrono::milliseconds(std::stoll(it->second));
    } catch (...) {
    }
  }
  return std::chrono::milliseconds(1000);
}

// Failures every call shares: 429 and "never sent".
bool Retryable(const rewards::Status& s, Answer* out) {
  if (s.code() == StatusCode::kResourceExhausted) {
    *out = Other(AnswerAction::kWaitAndRetry, "rate limited: " + s.ToString());
    out->wait = RetryAfterOf(s);
    return true;
  }
  if (s.code() == StatusCode::kUnavailable) {
    *out = Other(AnswerAction::kRetryNotSent, "not sent: " + s.ToString());
    return true;
  }
  return false;
}

}  // namespace

std::string RejectionReason(const std::string& code) {
  if (code == "NN1002") return "The gift card is out of stock or no longer available.";
  if (code == "NN1001") return "The gift card order was refused: some of its details are invalid.";
  if (code == "AF2001") return "The gift card order was refused: some of its details are invalid.";
  if (code == "NN1301") return "The gift card supplier did not accept the member's details.";
  if (code == "AF2006") return "Gift cards are not available for this program at the moment.";
  return "The gift card order was refused by the gift card provider.";
}

Answer ClassifyCreate(const ApiResult& result, const std::string& reference_id) {
  if (result.ok()) {
    rewards::Result<wire::Order> order = wire::ParseOrderEnvelope(result->body);
    if (!order.ok()) {
      return Apply(RedemptionEvent::CreateIndeterminate(),
                   "created, answer unreadable: " + order.status().ToString());
    }
    if (order->reference_id != reference_id) {
      return Apply(RedemptionEvent::CreateIndeterminate(),
                   "the create answer is another reference's order");
    }
    return Apply(RedemptionEvent::CreateAccepted(FromWireOrder(order.value())), "created");
  }
  const rewards::Status& s = result.status();
  Answer retry;
  if (Retryable(s, &retry)) return retry;
  switch (s.code()) {
    case StatusCode::kDeadlineExceeded:
    case StatusCode::kUnknown:
      return Apply(RedemptionEvent::CreateIndeterminate(), "indeterminate: " + s.ToString());
    case StatusCode::kConflict:
      return Apply(RedemptionEvent::CreateConflict(), "reference_id exists: " + s.ToString());
    default:
      break;
  }
  const int http = HttpStatusOf(s);
  if (http == 400 || http == 404 || http == 422) {
    std::string code = s.error().empty() ? "http_" + std::to_string(http) : s.error();
    std::string reason = RejectionReason(code);
    return Apply(RedemptionEvent::CreateRejected(std::move(code), std::move(reason)),
                 "rejected: " + s.ToString());
  }
  return Other(AnswerAction::kHandOff, "create not accepted: " + s.ToString());
}

Answer ClassifyLookup(const ApiResult& result, const std::string& reference_id) {
  if (result.ok()) {
    rewards::Result<wire::OrderPage> page = wire::ParseOrderList(result->body);
    if (!page.ok()) return Other(AnswerAction::kHandOff, "lookup: " + page.status().ToString());
    std::vector<ObservedOrder> ours;
    for (const wire::Order& order : page->orders) {
      if (order.reference_id == reference_id) ours.push_back(FromWireOrder(order));
    }
    if (ours.empty()) {
      return Apply(RedemptionEvent::LookupAbsent(),
                   page->orders.empty() ? "no order yet"
                                        : "no order yet (the answer listed other references)");
    }
    Answer a = Apply(RedemptionEvent::LookupFound(std::move(ours.front())), "found");
    for (std::size_t i = 1; i < ours.size(); ++i) a.more_orders.push_back(std::move(ours[i]));
    return a;
  }
  Answer retry;
  if (Retryable(result.status(), &retry)) return retry;
  return Other(AnswerAction::kHandOff, "lookup failed: " + result.status().ToString());
}

Answer ClassifyPoll(const ApiResult& result, const std::string& reference_id,
                    const std::string& order_id) {
  if (result.ok()) {
    rewards::Result<wire::Order> order = wire::ParseOrderEnvelope(result->body);
    if (!order.ok()) return Other(AnswerAction::kHandOff, "poll: " + order.status().ToString());
    if (order->reference_id != reference_id || (!order_id.empty() && order->id != order_id)) {
      return Other(AnswerAction::kHandOff, "poll: the answer is another order");
    }
    return Apply(RedemptionEvent::LookupFound(FromWireOrder(order.value())), "polled");
  }
  Answer retry;
  if (Retryable(result.status(), &retry)) return retry;
  return Other(AnswerAction::kHandOff, "poll failed: " + result.status().ToString());
}

}  // namespace ascenda
