// The simulator's order model: one gift card fulfilment order with its items.
// Plain values; OrderStore owns the live copies and hands out snapshots.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ascenda_sim {

// Ordered: an item only moves forward (pending < processing < terminal).
enum class ItemStatus { kPending = 0, kProcessing = 1, kFulfilled, kCancelled, kFailed };

inline bool IsTerminal(ItemStatus s) { return s >= ItemStatus::kFulfilled; }

struct ItemError {
  std::string code;
  std::string message;
};

// How a fulfilled card reaches the user; decides which data fields are filled.
// Taken from the catalogue fixture's "delivery" extension field.
enum class Delivery { kCodePin, kCode, kUrl, kEmailOnly };

struct OrderItem {
  std::string id;
  ItemStatus status = ItemStatus::kPending;
  std::vector<ItemError> errors;
  std::string gift_card_id;
  std::string name;
  std::string denomination;
  std::string currency;
  std::optional<std::string> code, pin, url, expires_at;

  // Not on the wire: the terminal status this item will reach, chosen at
  // creation by OutcomePolicy or later forced through the control API.
  ItemStatus planned_outcome = ItemStatus::kFulfilled;
  std::vector<ItemError> planned_errors;  // empty = the default errors
  Delivery delivery = Delivery::kCodePin;
};

struct Order {
  std::string id;
  std::string reference_id;
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
  std::vector<OrderItem> items;
  // Not on the wire.
  std::string transacted_at;
  std::string user_number;
  int resend_count = 0;
};

}  // namespace ascenda_sim
