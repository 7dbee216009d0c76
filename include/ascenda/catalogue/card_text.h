// Card text: a gift card read back from its own JSON text.
//
// ParseCardText is the inverse of rewards::AppendGiftCardJson
// (rewards/gift_card_json.h) and reads only what it writes: one compact
// object with exactly its keys in its order, strings escaped its way (the
// quote, the backslash, \b \f \n \r \t and \u00XX for the other bytes
// 0x00..0x1F; every other byte as it is, UTF-8 or not), points as decimal
// int64. So for every card c,
//   ParseCardText(text of c) == c, field by field and byte for byte.
// Anything else — another key order, white space, other escapes, a number
// out of range, bytes after the object — answers nullopt.
//
// The catalogue snapshot keeps every card only as this text and makes a
// rewards::GiftCard from it when one is asked for (catalogue_snapshot.h).
// Pure function; thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "rewards/catalogue_types.h"

namespace ascenda {

std::optional<rewards::GiftCard> ParseCardText(std::string_view text);

}  // namespace ascenda
