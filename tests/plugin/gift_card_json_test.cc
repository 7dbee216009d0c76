// One page of GET /gift_cards read into records: every field, unknown fields
// ignored, wrong types refused naming the card and field, text kept exactly.
#include "ascenda/wire/gift_card_json.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace ascenda::wire {
namespace {

const char kAmazon[] = R"({
  "id": "6f1c2c7e-2b7a-4d38-9a51-3f0c1b1f9a10",
  "name": "Amazon.com Gift Card",
  "description": "Shop <b>millions</b> of items.",
  "terms_and_conditions": "Terms\napply.",
  "redemption_instructions": "Enter the code at checkout.",
  "logo_url": "https://cdn.example/logo.png",
  "categories": ["Online Shopping"],
  "countries": ["US"],
  "currency": "USD",
  "denominations": ["10.00", "25.00", "50.00", "100.00"],
  "required_user_fields": ["number", "email", "first_name", "last_name"]
})";

std::string Page(const std::string& cards,
                 const std::string& meta =
                     R"({"page": 2, "page_size": 100, "total_count": 150, "total_pages": 2})") {
  return R"({"data": [)" + cards + R"(], "meta": )" + meta + "}";
}

// A minimal valid card with `field` set to `json` (replaced or added).
std::string CardWith(const std::string& field, const std::string& json) {
  std::vector<std::pair<std::string, std::string>> fields = {{"id", "\"card-7\""},
                                                             {"name", "\"N\""},
                                                             {"currency", "\"USD\""},
                                                             {"denominations", "[\"1\"]"}};
  bool replaced = false;
  for (auto& [key, value] : fields) {
    if (key == field) value = json, replaced = true;
  }
  if (!replaced) fields.emplace_back(field, json);
  std::string card = "{";
  for (const auto& [key, value] : fields) {
    card += (card.size() > 1 ? ", \"" : "\"") + key + "\": " + value;
  }
  return card + "}";
}

rewards::Status ErrorOf(const std::string& body) {
  auto page = ParseGiftCardPage(body);
  EXPECT_FALSE(page.ok());
  if (page.ok()) return rewards::Status::Ok();
  EXPECT_EQ(page.status().code(), rewards::StatusCode::kUnknown);
  EXPECT_EQ(page.status().error(), "bad_response");
  return page.status();
}

TEST(GiftCardJsonTest, ReadsEveryField) {
  auto page = ParseGiftCardPage(Page(kAmazon));
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->meta.page, 2);
  EXPECT_EQ(page->meta.page_size, 100);
  EXPECT_EQ(page->meta.total_count, 150);
  EXPECT_EQ(page->meta.total_pages, 2);
  ASSERT_EQ(page->cards.size(), 1u);
  const GiftCardRecord& card = page->cards[0];
  EXPECT_EQ(card.id, "6f1c2c7e-2b7a-4d38-9a51-3f0c1b1f9a10");
  EXPECT_EQ(card.name, "Amazon.com Gift Card");
  EXPECT_EQ(card.description, "Shop <b>millions</b> of items.");
  EXPECT_EQ(card.terms_and_conditions, "Terms\napply.");
  EXPECT_EQ(card.redemption_instructions, "Enter the code at checkout.");
  EXPECT_EQ(card.logo_url, "https://cdn.example/logo.png");
  EXPECT_EQ(card.categories, std::vector<std::string>{"Online Shopping"});
  EXPECT_EQ(card.countries, std::vector<std::string>{"US"});
  EXPECT_EQ(card.currency, "USD");
  EXPECT_EQ(card.denominations, (std::vector<std::string>{"10.00", "25.00", "50.00", "100.00"}));
  EXPECT_EQ(card.required_user_fields,
            (std::vector<std::string>{"number", "email", "first_name", "last_name"}));
}

TEST(GiftCardJsonTest, EmptyPage) {
  auto page = ParseGiftCardPage(
      Page("", R"({"page": 1, "page_size": 100, "total_count": 0, "total_pages": 0})"));
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_TRUE(page->cards.empty());
  EXPECT_EQ(page->meta.total_pages, 0);
}

TEST(GiftCardJsonTest, UnknownFieldsAreIgnored) {
  auto page = ParseGiftCardPage(
      R"({"links": {"next": "/x"}, "data": [{"id": "a", "name": "A", "currency": "USD",
          "denominations": ["5.00"], "brand_color": "#ff0000", "new": {"nested": [1, true]}}],
          "meta": {"page": 1, "page_size": 25, "total_count": 1, "total_pages": 1,
                   "cursor": null}})");
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->cards.size(), 1u);
  EXPECT_EQ(page->cards[0].id, "a");
}

TEST(GiftCardJsonTest, OptionalFieldsMayBeMissingOrNull) {
  auto page =
      ParseGiftCardPage(Page(R"({"id": "a", "name": "A", "currency": "USD", "denominations": [],
               "description": null, "categories": null})"));
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  const GiftCardRecord& card = page->cards[0];
  EXPECT_EQ(card.description, "");
  EXPECT_EQ(card.logo_url, "");
  EXPECT_TRUE(card.categories.empty());
  EXPECT_TRUE(card.countries.empty());
  EXPECT_TRUE(card.denominations.empty());
  EXPECT_TRUE(card.required_user_fields.empty());
}

// The one reason a page gives for leaving a malformed card out; the page
// itself still parses and keeps its other cards.
std::string RejectionOf(const std::string& body, std::size_t cards_kept = 0) {
  auto page = ParseGiftCardPage(body);
  EXPECT_TRUE(page.ok()) << page.status().ToString();
  if (!page.ok()) return "";
  EXPECT_EQ(page->cards.size(), cards_kept);
  EXPECT_EQ(page->rejected.size(), 1u);
  return page->rejected.empty() ? "" : page->rejected.front();
}

TEST(GiftCardJsonTest, WrongTypeNamesCardAndField) {
  struct Case {
    const char* field;
    const char* json;
  };
  for (const Case& c :
       {Case{"name", "42"}, Case{"description", "true"}, Case{"terms_and_conditions", "[\"x\"]"},
        Case{"logo_url", "{}"}, Case{"currency", "1.5"}, Case{"denominations", "[10.00]"},
        Case{"denominations", "\"10.00\""}, Case{"categories", "\"Dining\""},
        Case{"countries", "[\"US\", null]"}, Case{"required_user_fields", "[[\"email\"]]"}}) {
    const std::string reason = RejectionOf(Page(CardWith(c.field, c.json)));
    EXPECT_NE(reason.find("gift card \"card-7\""), std::string::npos) << reason;
    EXPECT_NE(reason.find(std::string("field \"") + c.field + "\""), std::string::npos) << reason;
  }
}

TEST(GiftCardJsonTest, MissingRequiredFieldIsRefused) {
  EXPECT_EQ(RejectionOf(Page(R"({"id": "card-9", "name": "N", "denominations": ["1"]})")),
            "gift card list: gift card \"card-9\": field \"currency\" is required");
  EXPECT_EQ(
      RejectionOf(Page(R"({"id": "card-9", "name": "N", "currency": null, "denominations": []})")),
      "gift card list: gift card \"card-9\": field \"currency\" is required");
}

TEST(GiftCardJsonTest, UnusableIdNamesCardByIndex) {
  const std::string good = R"({"id": "a", "name": "A", "currency": "USD", "denominations": []})";
  EXPECT_EQ(RejectionOf(Page(good + R"(, {"id": 7, "name": "B"})"), 1),
            "gift card list: gift card #1: field \"id\" must be a string");
  EXPECT_EQ(RejectionOf(Page(good + R"(, {"id": "", "name": "B"})"), 1),
            "gift card list: gift card #1: field \"id\" must not be empty");
  EXPECT_EQ(RejectionOf(Page(good + R"(, {"name": "B"})"), 1),
            "gift card list: gift card #1: field \"id\" is required");
  EXPECT_EQ(RejectionOf(Page(good + ", \"a card\""), 1),
            "gift card list: gift card #1 is not an object");
}

TEST(GiftCardJsonTest, BadEnvelopeIsRefused) {
  EXPECT_EQ(ErrorOf(R"([])").message(), "gift card list: the body is not a JSON object");
  EXPECT_EQ(ErrorOf(R"({"meta": {}})").message(),
            "gift card list: field \"data\" must be an array");
  EXPECT_EQ(ErrorOf(R"({"data": {}, "meta": {}})").message(),
            "gift card list: field \"data\" must be an array");
  EXPECT_EQ(ErrorOf(R"({"data": []})").message(),
            "gift card list: field \"meta\" must be an object");
  EXPECT_EQ(ErrorOf(Page("", R"({"page": 1, "page_size": 25, "total_count": 0})")).message(),
            "gift card list: meta: field \"total_pages\" is required");
  EXPECT_EQ(
      ErrorOf(Page("", R"({"page": "1", "page_size": 25, "total_count": 0, "total_pages": 0})"))
          .message(),
      "gift card list: meta: field \"page\" must be an integer");
  EXPECT_EQ(
      ErrorOf(Page("", R"({"page": true, "page_size": 25, "total_count": 0, "total_pages": 0})"))
          .message(),
      "gift card list: meta: field \"page\" must be an integer");
  EXPECT_EQ(
      ErrorOf(Page("", R"({"page": 1.0, "page_size": 25, "total_count": 0, "total_pages": 0})"))
          .message(),
      "gift card list: meta: field \"page\" must be an integer");
  EXPECT_EQ(
      ErrorOf(Page("", R"({"page": 1, "page_size": 25, "total_count": -1, "total_pages": 0})"))
          .message(),
      "gift card list: meta: field \"total_count\" must not be negative");
  EXPECT_EQ(ErrorOf(Page("", R"({"page": 1, "page_size": 25, "total_count": 18446744073709551615,
                                 "total_pages": 0})"))
                .message(),
            "gift card list: meta: field \"total_count\" is out of range");
}

TEST(GiftCardJsonTest, MalformedJsonIsRefused) {
  for (const std::string& body :
       {std::string(""), std::string("{"), std::string("<html>502</html>"),
        Page(kAmazon) + " trailing", std::string("{\"data\": [\"\xff\"]}"),
        std::string("{\"data\": [\"\xc0\xaf\"]}"),      // overlong "/"
        std::string("{\"data\": [\"\xed\xa0\x80\"]}"),  // a surrogate in UTF-8
        std::string("{\"data\": [\"\xe6\x97\"]}")}) {   // a cut sequence
    rewards::Status status = ErrorOf(body);
    EXPECT_EQ(status.message().rfind("gift card list: the body is not valid JSON", 0), 0u)
        << status.message();
  }
}

TEST(GiftCardJsonTest, TextIsKeptExactlyWithEscapesDecoded) {
  // \u00e9 = é, \ud83c\udf81 = 🎁 (a surrogate pair), raw UTF-8 passes through,
  // JSON escapes become the characters they stand for, nothing is trimmed.
  auto page = ParseGiftCardPage(
      Page("{\"id\": \"x\", \"currency\": \"EUR\", \"denominations\": [\"5\"],"
           " \"name\": \"  Caf\\u00e9 \\ud83c\\udf81 Gift  \","
           " \"description\": \"\xe6\x97\xa5\xe6\x9c\xac \\\"quoted\\\" \\\\ \\/ \\t\\r\\n\","
           " \"terms_and_conditions\": \"nul\\u0000byte\"}"));
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->cards[0].name, "  Caf\xc3\xa9 \xf0\x9f\x8e\x81 Gift  ");
  EXPECT_EQ(page->cards[0].description, "\xe6\x97\xa5\xe6\x9c\xac \"quoted\" \\ / \t\r\n");
  EXPECT_EQ(page->cards[0].terms_and_conditions, std::string("nul\0byte", 8));
}

TEST(GiftCardJsonTest, ManyCardsKeepTheirOrder) {
  std::string cards;
  for (int i = 0; i < 100; ++i) {
    if (i > 0) cards += ",";
    cards += R"({"id": "c)" + std::to_string(i) +
             R"(", "name": "N", "currency": "USD", "denominations": ["1"]})";
  }
  auto page = ParseGiftCardPage(Page(cards));
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->cards.size(), 100u);
  EXPECT_EQ(page->cards[0].id, "c0");
  EXPECT_EQ(page->cards[99].id, "c99");
}

}  // namespace
}  // namespace ascenda::wire
