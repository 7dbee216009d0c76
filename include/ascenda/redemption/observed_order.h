// ObservedOrder from the wire: what an Ascenda order (create answer, GET,
// list by reference_id, or a webhook event's order) says about a redemption's
// one item, in the state machine's terms (redemption_transitions.h).
//
//   ObservedOrder FromWireOrder(const wire::Order& order);
//
// Takes the order id and reference_id, the single item's status text exactly as sent (Decide
// treats text it does not know as "in progress"), the item's errors, and its
// delivery fields (code, pin, url, expires_at). `delivery` is set when any of
// them is present, std::nullopt otherwise (delivery by email only).
//
// REQUIRES: `order` came from a successful parse (wire/order_json.h), which
// guarantees exactly one item. An order without items (built by hand) yields
// an empty item status and no delivery — "in progress", never an outcome.
//
// The delivery fields are bearer value: never log the result's `delivery`.
//
// Pure; thread-safe.
#pragma once

#include "ascenda/redemption/redemption_transitions.h"
#include "ascenda/wire/order_json.h"

namespace ascenda {

ObservedOrder FromWireOrder(const wire::Order& order);

}  // namespace ascenda
