#include "rewards/gift_card_json.h"

#include <cstdio>

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

}  // namespace rewards
