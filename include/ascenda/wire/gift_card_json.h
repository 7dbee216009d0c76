// Gift card JSON: one page of `GET /gift_cards` (docs/ascenda-api.md §3, §5) read
// into plain structs. This is the only place that knows the gift card and
// list-envelope field names.
//
// Rules:
//   - unknown fields (in the envelope, meta or a card) are ignored;
//   - types are strict: a card with a field of the wrong JSON type, or
//     without a required field, is left out of the page and its reason
//     (naming the card — its id, or its index when the id is unusable — and
//     the field) is listed in `rejected`: one malformed card must not take
//     the whole catalogue down once the previous snapshot's hour is over;
//   - required: data (array), meta.page / page_size / total_count /
//     total_pages (integers), and per card: id (non-empty string), name,
//     currency (strings), denominations (array of strings);
//   - optional (absent or null reads as empty): description,
//     terms_and_conditions, redemption_instructions, logo_url (strings),
//     categories, countries, required_user_fields (arrays of strings);
//   - strings are kept exactly as sent: JSON escapes (\uXXXX, surrogate
//     pairs) are decoded to UTF-8, nothing is trimmed or normalised; input
//     that is not valid JSON or not valid UTF-8 is refused.
// A malformed envelope or body is an error: kUnknown "bad_response" (what Ascenda meant is unknown;
// the caller keeps its previous catalogue). The message is for a person and never quotes the body
// (wire/json_fields.h: the reader and its error rules, shared with order_json.h).
//
// Pure function; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "rewards/status.h"

namespace ascenda::wire {

struct GiftCardRecord {
  std::string id;
  std::string name;
  std::string description;
  std::string terms_and_conditions;
  std::string redemption_instructions;
  std::string logo_url;
  std::vector<std::string> categories;
  std::vector<std::string> countries;
  std::string currency;
  std::vector<std::string> denominations;  // decimal text as sent ("25.00")
  std::vector<std::string> required_user_fields;
};

struct PageMeta {
  std::int64_t page = 0;
  std::int64_t page_size = 0;
  std::int64_t total_count = 0;
  std::int64_t total_pages = 0;
};

struct GiftCardPage {
  std::vector<GiftCardRecord> cards;
  PageMeta meta;
  std::vector<std::string> rejected;  // why each left-out card was refused
};

rewards::Result<GiftCardPage> ParseGiftCardPage(const std::string& body);

}  // namespace ascenda::wire
