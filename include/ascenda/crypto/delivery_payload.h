// Delivery payload: the one string the store seals for a redemption's
// delivery data (code, pin, url, expires_at), as a small JSON object —
//   {"code":"…","pin":null,"url":null,"expires_at":"…"}
// — every key always written, null for an absent value. Reading accepts any
// of the four keys as string or null (absent reads as absent) and ignores
// unknown keys, so the format can grow.
//
// The payload is bearer value: never log it. Errors (not JSON, a wrong type)
// are kFailedPrecondition "delivery_unreadable" and never quote the text.
// Pure functions; thread-safe.
#pragma once

#include <string>

#include "rewards/redemption_types.h"
#include "rewards/status.h"

namespace ascenda {

std::string SerializeDelivery(const rewards::DeliveryData& delivery);

rewards::Result<rewards::DeliveryData> ParseDelivery(const std::string& payload);

}  // namespace ascenda
