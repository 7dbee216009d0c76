// A gift card read back from its own JSON text (card_text.h): every field
// byte for byte — every byte value, UTF-8 and not, int64 extremes, empty and
// long lists — and nothing that AppendGiftCardJson does not write; and the
// text's size known before it is written (GiftCardJsonSize).
#include "ascenda/catalogue/card_text.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "rewards/gift_card_json.h"

namespace ascenda {
namespace {

std::string EveryByte() {
  std::string bytes;
  for (int b = 0; b < 256; ++b) bytes += static_cast<char>(b);
  return bytes;
}

std::vector<rewards::GiftCard> Cards() {
  rewards::GiftCard plain;
  plain.id = "amz";
  plain.name = "Amazon";
  plain.currency = "USD";
  plain.denominations = {{"10.00", 1000}};

  rewards::GiftCard varied;
  varied.id = "id \"quoted\" \\ back";
  varied.name = "Caf\xc3\xa9 \xf0\x9f\x8e\x81 <b>&amp;</b>";
  varied.description = EveryByte();
  varied.terms_and_conditions = "\xff\xfe not UTF-8 \xc3";
  varied.redemption_instructions = "line\nnext\ttab\r\b\f\x01\x1f";
  varied.logo_url = "https://cdn.example/a.png?x=1&y=\"2\"";
  varied.categories = {"Dining", "", "Online \"Shopping\""};
  varied.countries = {"US", "SG"};
  varied.currency = "SGD";
  varied.required_user_fields = {"number", "email"};
  varied.denominations = {{"0", 0},
                          {"1", 1},
                          {"max", std::numeric_limits<std::int64_t>::max()},
                          {"min", std::numeric_limits<std::int64_t>::min()},
                          {"-1", -1},
                          {"", 42}};

  rewards::GiftCard many;
  many.id = "many";
  for (int i = 0; i < 60; ++i) {
    many.denominations.push_back({std::to_string(i) + ".00", i * 100});
    many.categories.push_back("c" + std::to_string(i));
  }

  rewards::GiftCard empty;  // every field empty, no denominations
  return {plain, varied, many, empty};
}

void ExpectSameCard(const rewards::GiftCard& a, const rewards::GiftCard& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.description, b.description);
  EXPECT_EQ(a.terms_and_conditions, b.terms_and_conditions);
  EXPECT_EQ(a.redemption_instructions, b.redemption_instructions);
  EXPECT_EQ(a.logo_url, b.logo_url);
  EXPECT_EQ(a.categories, b.categories);
  EXPECT_EQ(a.countries, b.countries);
  EXPECT_EQ(a.currency, b.currency);
  EXPECT_EQ(a.required_user_fields, b.required_user_fields);
  ASSERT_EQ(a.denominations.size(), b.denominations.size());
  for (std::size_t i = 0; i < a.denominations.size(); ++i) {
    EXPECT_EQ(a.denominations[i].value, b.denominations[i].value) << i;
    EXPECT_EQ(a.denominations[i].points, b.denominations[i].points) << i;
  }
}

std::string Text(const rewards::GiftCard& card) {
  std::string text;
  rewards::AppendGiftCardJson(card, text);
  return text;
}

TEST(CardTextTest, EveryCardReadsBackAsItWasWritten) {
  for (const rewards::GiftCard& card : Cards()) {
    SCOPED_TRACE(card.id);
    auto parsed = ParseCardText(Text(card));
    ASSERT_TRUE(parsed.has_value()) << Text(card);
    ExpectSameCard(*parsed, card);
    EXPECT_EQ(Text(*parsed), Text(card));
  }
}

TEST(CardTextTest, TheSizeIsKnownBeforeTheTextIsWritten) {
  for (const rewards::GiftCard& card : Cards()) {
    EXPECT_EQ(rewards::GiftCardJsonSize(card), Text(card).size()) << card.id;
  }
  for (const std::string& s : {std::string(), EveryByte(), std::string("\"\\\x7f")}) {
    std::string out;
    rewards::AppendJsonString(s, out);
    EXPECT_EQ(rewards::JsonStringSize(s), out.size());
  }
}

TEST(CardTextTest, AnythingElseIsRefused) {
  const std::string text = Text(Cards()[1]);
  for (std::size_t cut = 0; cut < text.size(); ++cut) {
    EXPECT_FALSE(ParseCardText(text.substr(0, cut)).has_value()) << cut;
  }
  EXPECT_FALSE(ParseCardText(text + " ").has_value());
  EXPECT_FALSE(ParseCardText(" " + text).has_value());
  const std::string plain = Text(Cards()[0]);
  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string changed = plain;
    changed.replace(changed.find(from), from.size(), to);
    return changed;
  };
  EXPECT_FALSE(ParseCardText(replaced("\"id\":", "\"id\" :")).has_value());
  EXPECT_FALSE(ParseCardText(replaced("\"Amazon\"", "\"Am\\u0061zon\"")).has_value());
  EXPECT_FALSE(ParseCardText(replaced("\"Amazon\"", "\"Amazon\\/\"")).has_value());
  EXPECT_FALSE(ParseCardText(replaced("\"Amazon\"", "\"\\u000A\"")).has_value());  // has \n
  EXPECT_FALSE(ParseCardText(replaced("\"Amazon\"", "\"\\u001f\"")).has_value());  // lower case
  EXPECT_FALSE(ParseCardText(replaced(":1000}", ":01000}")).has_value());
  EXPECT_FALSE(ParseCardText(replaced(":1000}", ":-0}")).has_value());
  EXPECT_FALSE(ParseCardText(replaced(":1000}", ":9223372036854775808}")).has_value());
  EXPECT_FALSE(ParseCardText(replaced(":1000}", ":1e3}")).has_value());
  EXPECT_TRUE(ParseCardText(replaced("\"Amazon\"", "\"\\u001F\"")).has_value());
}

}  // namespace
}  // namespace ascenda
