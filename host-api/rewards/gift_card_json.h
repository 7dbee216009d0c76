// The JSON text of a gift card, as hosts list it and as CataloguePages
// (catalogue_pages.h) pre-renders it: one compact object with the keys, in
// this order, id, name, description, terms_and_conditions,
// redemption_instructions, logo_url, categories, countries, currency,
// required_user_fields, denominations ([{"value", "points"}, ...]).
//
// Strings are escaped as Poco 1.11's compact Stringifier does it (without
// JSON_ESCAPE_UNICODE): '"', '\' and the bytes 0x00..0x1F (\b \f \n \r \t,
// else \u00XX with upper-case hex); every other byte, UTF-8 too, is copied.
// Integers in decimal. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "rewards/catalogue_types.h"

namespace rewards {

// Appends `text` as a JSON string (with its quotes) to `out`.
void AppendJsonString(std::string_view text, std::string& out);

// Appends the card's JSON object to `out`.
void AppendGiftCardJson(const GiftCard& card, std::string& out);

// How many bytes AppendJsonString / AppendGiftCardJson append, without
// rendering (to size one buffer for many cards before rendering them).
std::size_t JsonStringSize(std::string_view text);
std::size_t GiftCardJsonSize(const GiftCard& card);

}  // namespace rewards
