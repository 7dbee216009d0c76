#include "wire_json.h"

#include "json_text.h"

namespace ascenda_sim {

const char* ItemStatusName(ItemStatus status) {
  switch (status) {
    case ItemStatus::kPending:
      return "pending";
    case ItemStatus::kProcessing:
      return "processing";
    case ItemStatus::kFulfilled:
      return "fulfilled";
    case ItemStatus::kCancelled:
      return "cancelled";
    case ItemStatus::kFailed:
      return "failed";
  }
  return "pending";
}

std::optional<ItemStatus> ParseItemStatus(const std::string& name) {
  for (ItemStatus s : {ItemStatus::kPending, ItemStatus::kProcessing, ItemStatus::kFulfilled,
                       ItemStatus::kCancelled, ItemStatus::kFailed}) {
    if (name == ItemStatusName(s)) return s;
  }
  return std::nullopt;
}

std::string ErrorBody(const ApiError& error) {
  std::string out = "{\"errors\":[{\"code\":";
  AppendJsonString(out, error.code);
  out += ",\"status\":";
  AppendJsonString(out, std::to_string(error.status));
  out += ",\"title\":";
  AppendJsonString(out, error.title);
  out += ",\"detail\":";
  AppendJsonString(out, error.detail);
  out += "}]}";
  return out;
}

namespace {

// [sim choice] The top-level status only says the request was taken; it is
// "processing" until every item is terminal, then "completed" — never the
// fulfilment outcome (docs/ascenda-api.md §7).
const char* OrderStatus(const Order& order) {
  for (const OrderItem& item : order.items) {
    if (!IsTerminal(item.status)) return "processing";
  }
  return "completed";
}

void AppendItem(std::string& out, const OrderItem& item) {
  out += "{\"id\":";
  AppendJsonString(out, item.id);
  out += ",\"type\":\"gift_card\",\"status\":\"";
  out += ItemStatusName(item.status);
  out += "\",\"errors\":[";
  for (size_t i = 0; i < item.errors.size(); ++i) {
    if (i) out.push_back(',');
    out += "{\"code\":";
    AppendJsonString(out, item.errors[i].code);
    out += ",\"message\":";
    AppendJsonString(out, item.errors[i].message);
    out.push_back('}');
  }
  out += "],\"data\":{\"gift_card_id\":";
  AppendJsonString(out, item.gift_card_id);
  out += ",\"name\":";
  AppendJsonString(out, item.name);
  out += ",\"denomination\":";
  AppendJsonString(out, item.denomination);
  out += ",\"currency\":";
  AppendJsonString(out, item.currency);
  out += ",\"code\":";
  AppendJsonNullable(out, item.code);
  out += ",\"pin\":";
  AppendJsonNullable(out, item.pin);
  out += ",\"url\":";
  AppendJsonNullable(out, item.url);
  out += ",\"expires_at\":";
  AppendJsonNullable(out, item.expires_at);
  out += "}}";
}

}  // namespace

void AppendOrderJson(std::string& out, const Order& order) {
  out += "{\"id\":";
  AppendJsonString(out, order.id);
  out += ",\"reference_id\":";
  AppendJsonString(out, order.reference_id);
  out += ",\"status\":\"";
  out += OrderStatus(order);
  out += "\",\"created_at\":\"";
  out += IsoTime(order.created_at_ms);
  out += "\",\"updated_at\":\"";
  out += IsoTime(order.updated_at_ms);
  out += "\",\"order_items\":[";
  for (size_t i = 0; i < order.items.size(); ++i) {
    if (i) out.push_back(',');
    AppendItem(out, order.items[i]);
  }
  out += "]}";
}

std::string OrderJson(const Order& order) {
  std::string out;
  out.reserve(640);
  AppendOrderJson(out, order);
  return out;
}

std::string DataEnvelope(const std::string& object_json) {
  std::string out;
  out.reserve(object_json.size() + 10);
  out += "{\"data\":";
  out += object_json;
  out += "}";
  return out;
}

std::string ListEnvelope(const std::string& joined_items, int page, int page_size,
                         int total_count) {
  int total_pages = page_size > 0 ? (total_count + page_size - 1) / page_size : 0;
  std::string out;
  out.reserve(joined_items.size() + 120);
  out += "{\"data\":[";
  out += joined_items;
  out += "],\"meta\":{\"page\":" + std::to_string(page) +
         ",\"page_size\":" + std::to_string(page_size) +
         ",\"total_count\":" + std::to_string(total_count) +
         ",\"total_pages\":" + std::to_string(total_pages) + "}}";
  return out;
}

std::string TokenJson(const std::string& token_id, const std::string& token, int64_t expires_at_s) {
  std::string out = "{\"token_id\":";
  AppendJsonString(out, token_id);
  out += ",\"token\":";
  AppendJsonString(out, token);
  out += ",\"access_token\":";
  AppendJsonString(out, token);
  out += ",\"token_type\":\"Bearer\",\"expires_at\":";
  out += std::to_string(expires_at_s);
  out += "}";
  return out;
}

std::string WebhookEventJson(const std::string& event_id, int64_t created_at_ms,
                             const Order& order) {
  std::string out = "{\"id\":";
  AppendJsonString(out, event_id);
  out += ",\"type\":\"order_item.updated\",\"created_at\":\"";
  out += IsoTime(created_at_ms);
  out += "\",\"data\":{\"order\":";
  AppendOrderJson(out, order);
  out += "}}";
  return out;
}

}  // namespace ascenda_sim
