#include "api_operations.h"

#include <cstdio>

#include "create_order_request.h"
#include "wire_json.h"

namespace ascenda_sim {
namespace {

constexpr int kMinMajor = 1, kMinMinor = 3;

bool IsJson(const std::string& content_type) {
  return content_type.compare(0, 16, "application/json") == 0;
}

// "1.3" -> true when >= 1.3. Anything unparsable is false.
bool VersionAtLeast(const std::string& text, int major, int minor) {
  int a = 0, b = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%d.%d%c", &a, &b, &tail) != 2) return false;
  return a > major || (a == major && b >= minor);
}

bool IsOrderOp(ApiOp op) {
  return op == ApiOp::kCreate || op == ApiOp::kListOrders || op == ApiOp::kGetOrder ||
         op == ApiOp::kResend;
}

std::optional<ApiError> RequireJsonObject(const ApiRequest& request) {
  if (!IsJson(request.content_type)) {
    return ApiError::InvalidParameters("Content-Type must be application/json");
  }
  if (!request.json) return ApiError::InvalidParameters("body must be a JSON object");
  return std::nullopt;
}

}  // namespace

std::optional<ApiError> ApiOperations::CheckVersion(const ApiRequest& request) const {
  if (!request.has_version) {
    if (!parts_.config.strict_version_header) return std::nullopt;  // latest stable
    return ApiError::InvalidParameters("X-Ascenda-Version header is required");
  }
  if (!VersionAtLeast(request.version, 1, 0)) {
    return ApiError::InvalidParameters("X-Ascenda-Version is not a valid version");
  }
  if (IsOrderOp(request.op) && !VersionAtLeast(request.version, kMinMajor, kMinMinor)) {
    return ApiError::InvalidParameters("fulfillment orders require X-Ascenda-Version 1.3 or later");
  }
  return std::nullopt;
}

std::optional<ApiError> ApiOperations::Authorize(const ApiRequest& request) const {
  if (request.bearer.empty()) {
    return ApiError::Unauthorized("missing bearer token");
  }
  switch (parts_.tokens.Check(request.bearer)) {
    case TokenCheck::kValid:
      return std::nullopt;
    case TokenCheck::kExpired:
      return ApiError::Unauthorized("invalid M2M token: expired");
    case TokenCheck::kUnknown:
      break;
  }
  return ApiError::Unauthorized("invalid M2M token");
}

Reply ApiOperations::Token(const ApiRequest& request) {
  if (auto e = RequireJsonObject(request)) return ErrorReply(*e);
  const Poco::JSON::Object& body = *request.json;
  for (const char* key : {"client_id", "client_secret", "grant_type"}) {
    if (!body.has(key) || body.isNull(key)) {
      return ErrorReply(ApiError::InvalidParameters(std::string(key) + " is required"));
    }
    if (!body.get(key).isString()) {
      return ErrorReply(ApiError::InvalidParameterType(std::string(key) + " must be a string"));
    }
  }
  if (body.getValue<std::string>("grant_type") != "client_credentials") {
    return ErrorReply(ApiError::InvalidParameters("grant_type must be client_credentials"));
  }
  if (body.getValue<std::string>("client_id") != parts_.config.client_id ||
      body.getValue<std::string>("client_secret") != parts_.config.client_secret) {
    return ErrorReply(ApiError::Unauthorized("invalid client credentials"));
  }
  IssuedToken token = parts_.tokens.Issue();
  ++parts_.stats.tokens_issued;
  return JsonReply(201, TokenJson(token.token_id, token.token, token.expires_at_s));
}

Reply ApiOperations::ListGiftCards(const ApiRequest& request) {
  CardQuery query;
  if (auto e = ParseCardQuery(request.query, query)) return ErrorReply(*e);
  CardPage page = parts_.catalogue.List(query);
  std::string joined;
  for (size_t i = 0; i < page.cards.size(); ++i) {
    if (i) joined.push_back(',');
    joined += page.cards[i]->wire_json;
  }
  return JsonReply(200, ListEnvelope(joined, query.page, query.page_size, page.total_count));
}

Reply ApiOperations::Create(const ApiRequest& request) {
  if (auto e = RequireJsonObject(request)) return ErrorReply(*e);
  CreateOrderRequest parsed;
  if (auto e = ParseCreateOrder(*request.json, parsed)) return ErrorReply(*e);
  const GiftCard* card = nullptr;
  if (auto e = CheckAgainstCatalogue(parsed, parts_.catalogue, &card)) return ErrorReply(*e);

  Order draft;
  draft.reference_id = parsed.reference_id;
  draft.transacted_at = parsed.transacted_at;
  draft.user_number = parsed.user["number"];
  OrderItem item;
  item.gift_card_id = card->id;
  item.name = card->name;
  item.denomination = parsed.denomination;
  item.currency = card->currency;
  item.delivery = card->delivery;
  item.planned_outcome = parts_.outcomes.Choose(card->id, parsed.denomination);
  draft.items.push_back(std::move(item));

  std::optional<Order> stored = parts_.orders.Insert(std::move(draft));
  if (!stored) {
    return ErrorReply(ApiError::DuplicateReference("reference ID already exists"));
  }
  ++parts_.stats.orders_created;
  parts_.lifecycle.Track(*stored);
  return JsonReply(201, DataEnvelope(OrderJson(*stored)));
}

Reply ApiOperations::ListOrders(const ApiRequest& request, bool ignore_filter) {
  int page = 1, page_size = 25;
  if (auto e = ParsePaging(request.query, page, page_size)) return ErrorReply(*e);
  std::string joined;
  int total = 0;
  auto reference = request.query.find("reference_id");
  if (reference != request.query.end() && !ignore_filter) {
    std::optional<Order> order = parts_.orders.GetByReference(reference->second);
    if (order && !parts_.orders.Visible(*order)) order.reset();  // committed, not yet listed
    total = order ? 1 : 0;
    if (order && page == 1) AppendOrderJson(joined, *order);
  } else if (ignore_filter) {
    size_t count = 0;
    parts_.orders.List(0, 0, &count);
    const size_t from = count > static_cast<size_t>(page_size) ? count - page_size : 0;
    std::vector<Order> orders = parts_.orders.List(from, page_size, &count);
    total = static_cast<int>(count);
    bool first = true;
    for (auto it = orders.rbegin(); it != orders.rend(); ++it) {
      if (!parts_.orders.Visible(*it)) continue;
      if (!first) joined.push_back(',');
      first = false;
      AppendOrderJson(joined, *it);
    }
  } else {
    size_t count = 0;
    std::vector<Order> orders =
        parts_.orders.List(static_cast<size_t>(page - 1) * page_size, page_size, &count);
    total = static_cast<int>(count);
    bool first = true;
    for (const Order& order : orders) {
      if (!parts_.orders.Visible(order)) continue;
      if (!first) joined.push_back(',');
      first = false;
      AppendOrderJson(joined, order);
    }
  }
  return JsonReply(200, ListEnvelope(joined, page, page_size, total));
}

Reply ApiOperations::GetOrder(const ApiRequest& request) {
  std::optional<Order> order = parts_.orders.Get(request.order_id);
  if (!order) return ErrorReply(ApiError::NotFound("order not found"));
  return JsonReply(200, DataEnvelope(OrderJson(*order)));
}

Reply ApiOperations::Resend(const ApiRequest& request) {
  std::optional<Order> order = parts_.orders.Get(request.order_id);
  if (!order) return ErrorReply(ApiError::NotFound("order not found"));
  for (const OrderItem& item : order->items) {
    if (item.status != ItemStatus::kFulfilled) {
      return ErrorReply(ApiError::NotFulfilled("order item is not fulfilled"));
    }
  }
  parts_.orders.RecordResend(request.order_id);
  return JsonReply(202, "{}");
}

}  // namespace ascenda_sim
