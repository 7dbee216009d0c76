// RequestFingerprint: what makes two redeem requests "the same content" for
// the idempotency rule — same (member, idempotency key) and same fingerprint
// is a replay; same key and a different fingerprint is a conflict.
//
// The fingerprint is "v1:" + lowercase hex SHA-256 of a length-prefixed
// encoding of every field that shapes the order or its price: the member's id,
// email, first and last name and phone number (the order's recipient), the
// gift card id, denomination, currency and the points price the member saw.
// The idempotency key itself is not part of it. Length prefixes keep
// ("ab","c") and ("a","bc") apart. The "v1:" prefix names the encoding, so
// a later encoding can be told apart from the fingerprints already stored.
//
// Pure; thread-safe.
#pragma once

#include <string>

#include "rewards/redemption_types.h"

namespace ascenda {

std::string RequestFingerprint(const rewards::RedeemRequest& request);

}  // namespace ascenda
