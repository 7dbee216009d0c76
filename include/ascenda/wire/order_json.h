// Order JSON: the fulfilment order of docs/ascenda-api.md §6, §7 and §9 — the
// create request body, the order object in its single and list envelopes, and
// the webhook event that carries an order. The only place that knows the
// order and event field names.
//
// Reading rules (as gift_card_json.h; the reader is wire/json_fields.h):
//   - unknown fields anywhere are ignored;
//   - types are strict: a field of the wrong JSON type is an error naming the
//     field (and the order by a bounded prefix of its id when known);
//   - required: order id (non-empty string), reference_id (string),
//     order_items (array), and per item: status (non-empty string);
//   - optional (absent or null reads as empty): order status, created_at,
//     updated_at; item id, type, errors (array of objects whose code and
//     message are optional strings), data (object) and its gift_card_id, name,
//     denomination, currency; code, pin, url and expires_at are kept as
//     std::nullopt when absent or null (they often are: delivery by email);
//   - list meta is optional; when present its page / page_size / total_count
//     / total_pages must be non-negative integers (absent reads as 0);
//   - the contract allows exactly one gift card item per order. An order with
//     zero or several items is refused as a whole (an error value): acting on
//     a guessed item could refund or fulfil the wrong thing, and an error keeps
//     the redemption unresolved so the reconciler looks again and, failing
//     that, an operator does (never a refund on a guess). So every parsed
//     Order has items.size() == 1.
// Errors: order bodies (create, get, list) -> kUnknown "bad_response" (what
// Ascenda meant is unknown); webhook bodies -> kInvalidArgument
// "invalid_event" (the sender sent something we refuse; answer 400). Messages
// name fields only — never a code, pin, url or other field value, and at most
// a short prefix of an order id.
//
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ascenda/wire/gift_card_json.h"  // PageMeta
#include "rewards/status.h"

namespace ascenda::wire {

// order_items[].status. Callers treat kUnrecognised (any text this code does
// not know, compared exactly) as "still in progress" (docs/ascenda-api.md §7): it never
// completes, refunds or moves a redemption.
enum class ItemStatus { kPending, kProcessing, kFulfilled, kCancelled, kFailed, kUnrecognised };

ItemStatus ParseItemStatus(const std::string& status) noexcept;

struct OrderItemError {
  std::string code;
  std::string message;
};

// order_items[].data. code, pin and url are bearer value: never log them.
struct OrderItemData {
  std::string gift_card_id;
  std::string name;
  std::string denomination;  // decimal text as sent ("50.00")
  std::string currency;
  std::optional<std::string> code;
  std::optional<std::string> pin;
  std::optional<std::string> url;
  std::optional<std::string> expires_at;
};

struct OrderItem {
  std::string id;
  std::string type;    // "gift_card"
  std::string status;  // as sent; see ParseItemStatus
  std::vector<OrderItemError> errors;
  OrderItemData data;
};

struct Order {
  std::string id;
  std::string reference_id;
  std::string status;  // the request's outcome only, never the fulfilment's
  std::string created_at;
  std::string updated_at;
  std::vector<OrderItem> items;  // exactly one after a successful parse
};

struct OrderPage {
  std::vector<Order> orders;
  PageMeta meta;
};

struct OrderEvent {
  std::string id;    // same on every retry of one event: the dedupe key
  std::string type;  // as sent ("order_item.updated"); not checked here
  std::string created_at;
  Order order;
};

// `{"data": <order>}`: the create answer (201) and GET /orders/{id}.
rewards::Result<Order> ParseOrderEnvelope(const std::string& body);
// `{"data": [<order>...], "meta": {...}}`: GET /orders?reference_id=.
rewards::Result<OrderPage> ParseOrderList(const std::string& body);
// `{"id", "type", "created_at", "data": {"order": <order>}}`: a webhook body.
// REQUIRES: the signature was verified first (this parses untrusted input
// safely either way, but a verified body is the only one worth parsing).
rewards::Result<OrderEvent> ParseOrderEvent(const std::string& body);

struct OrderUser {
  std::string number;  // the host's unique user id
  std::string email;
  std::string first_name;
  std::string last_name;
  std::string phone_number;  // omitted from the body when empty
};

struct CreateOrderRequest {
  std::string reference_id;   // the redemption's, reused on every retry
  std::string transacted_at;  // RFC 3339 UTC, e.g. "2026-11-26T10:15:30Z"
  OrderUser user;
  std::string gift_card_id;
  std::string denomination;
  std::string currency;
};

// The body of POST /fulfillment_orders/gift_cards (§6): compact JSON, fields
// in the contract's order, one gift card with quantity 1. Strings are escaped
// (quote, backslash, control characters) and otherwise kept as given (UTF-8).
std::string BuildCreateOrderBody(const CreateOrderRequest& request);

}  // namespace ascenda::wire
