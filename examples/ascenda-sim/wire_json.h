// JSON text of everything the public API and the webhooks send: the one place
// that knows the wire field names of docs/ascenda-api.md (§2-§9).
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api_error.h"
#include "order.h"

namespace ascenda_sim {

// "pending", "processing", "fulfilled", "cancelled", "failed".
const char* ItemStatusName(ItemStatus status);
std::optional<ItemStatus> ParseItemStatus(const std::string& name);

// {"errors":[{"code":..,"status":"400","title":..,"detail":..}]}
std::string ErrorBody(const ApiError& error);

// The order object of §7 (not wrapped).
std::string OrderJson(const Order& order);
void AppendOrderJson(std::string& out, const Order& order);

// {"data": <object_json>}
std::string DataEnvelope(const std::string& object_json);

// {"data":[<items joined by commas>],"meta":{...}}. total_pages is
// ceil(total_count / page_size).
std::string ListEnvelope(const std::string& joined_items, int page, int page_size, int total_count);

// §2 token answer.
std::string TokenJson(const std::string& token_id, const std::string& token, int64_t expires_at_s);

// §9 webhook event body.
std::string WebhookEventJson(const std::string& event_id, int64_t created_at_ms,
                             const Order& order);

}  // namespace ascenda_sim
