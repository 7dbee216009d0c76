#include "rewards/gift_card_json.h"

#include <cstdint>
#include <cstdio>
#include <string_view>

namespace rewards {

namespace {

void AppendKey(std::string_view key, std::string& out) {
  out += '"';
  out.append(key.data(), key.size());
  out += "\":";
}

void AppendStrings(const std::vector<std::string>& items, std::string& out) {
  out += '[';
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    AppendJsonString(items[i], out);
  }
  out += ']';
}

std::size_t StringsSize(const std::vector<std::string>& items) {
  std::size_t bytes = 2 + (items.empty() ? 0 : items.size() - 1);  // [ , ]
  for (const std::string& item : items) bytes += JsonStringSize(item);
  return bytes;
}

std::size_t DecimalDigits(std::int64_t value) { return std::to_string(value).size(); }

}  // namespace

void AppendJsonString(std::string_view text, std::string& out) {
  out += '"';
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default: {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04X", c);
        out += buf;
      }
    }
  }
  out.append(text.data() + run, text.size() - run);
  out += '"';
}

void AppendGiftCardJson(const GiftCard& card, std::string& out) {
  out += '{';
  AppendKey("id", out);
  AppendJsonString(card.id, out);
  out += ',';
  AppendKey("name", out);
  AppendJsonString(card.name, out);
  out += ',';
  AppendKey("description", out);
  AppendJsonString(card.description, out);
  out += ',';
  AppendKey("terms_and_conditions", out);
  AppendJsonString(card.terms_and_conditions, out);
  out += ',';
  AppendKey("redemption_instructions", out);
  AppendJsonString(card.redemption_instructions, out);
  out += ',';
  AppendKey("logo_url", out);
  AppendJsonString(card.logo_url, out);
  out += ',';
  AppendKey("categories", out);
  AppendStrings(card.categories, out);
  out += ',';
  AppendKey("countries", out);
  AppendStrings(card.countries, out);
  out += ',';
  AppendKey("currency", out);
  AppendJsonString(card.currency, out);
  out += ',';
  AppendKey("required_user_fields", out);
  AppendStrings(card.required_user_fields, out);
  out += ',';
  AppendKey("denominations", out);
  out += '[';
  for (std::size_t i = 0; i < card.denominations.size(); ++i) {
    if (i > 0) out += ',';
    out += "{\"value\":";
    AppendJsonString(card.denominations[i].value, out);
    out += ",\"points\":";
    out += std::to_string(card.denominations[i].points);
    out += '}';
  }
  out += "]}";
}

std::size_t JsonStringSize(std::string_view text) {
  std::size_t bytes = text.size() + 2;
  for (const char byte : text) {
    const auto c = static_cast<unsigned char>(byte);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    switch (c) {
      case '"':
      case '\\':
      case '\b':
      case '\f':
      case '\n':
      case '\r':
      case '\t':
        bytes += 1;  // a backslash before one letter
        break;
      default:
        bytes += 5;  // \u00XX for one byte
    }
  }
  return bytes;
}

std::size_t GiftCardJsonSize(const GiftCard& card) {
  // The keys with their quotes, colons and the commas between them, and the
  // object's braces: what AppendGiftCardJson writes besides the values.
  static const std::size_t kFixed =
      std::string_view(
          "{\"id\":,\"name\":,\"description\":,\"terms_and_conditions\":,"
          "\"redemption_instructions\":,\"logo_url\":,\"categories\":,\"countries\":,"
          "\"currency\":,\"required_user_fields\":,\"denominations\":[]}")
          .size();
  std::size_t bytes = kFixed + JsonStringSize(card.id) + JsonStringSize(card.name) +
                      JsonStringSize(card.description) + JsonStringSize(card.terms_and_conditions) +
                      JsonStringSize(card.redemption_instructions) + JsonStringSize(card.logo_url) +
                      StringsSize(card.categories) + StringsSize(card.countries) +
                      JsonStringSize(card.currency) + StringsSize(card.required_user_fields);
  for (std::size_t i = 0; i < card.denominations.size(); ++i) {
    if (i > 0) bytes += 1;
    bytes += std::string_view("{\"value\":,\"points\":}").size() +
             JsonStringSize(card.denominations[i].value) +
             DecimalDigits(card.denominations[i].points);
  }
  return bytes;
}

}  // namespace rewards
