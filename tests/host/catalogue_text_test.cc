// The catalogue listing written as text (rewards::AppendGiftCardJson, the
// plugin snapshot's pre-rendered card texts, CataloguePageBody) is byte for
// byte the text the host wrote before from a Poco::JSON tree (GiftCardJson,
// PageMetaJson through JsonReply), for a varied catalogue: markup characters,
// every control byte, unicode, bytes that are not UTF-8, empty fields, many
// denominations and the extremes of points.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "api/json_mapping.h"
#include "ascenda/catalogue/catalogue_snapshot.h"
#include "ascenda/pricing/pricing_table.h"
#include "ascenda/wire/gift_card_json.h"
#include "http/json_reply.h"
#include "rewards/gift_card_json.h"

namespace loyalty {
namespace {

// Every byte from 0x00 to 0xFF once (so every escape and every raw byte).
std::string AllBytes() {
  std::string s;
  for (int c = 0; c < 256; ++c) s += static_cast<char>(c);
  return s;
}

std::vector<rewards::GiftCard> VariedCards() {
  std::vector<rewards::GiftCard> cards;
  rewards::GiftCard markup;
  markup.id = "amz-<1>&\"2\"";
  markup.name = "<b>Amazon</b> & \"friends\" 'quoted' \\back\\slash /solidus/";
  markup.description = "<script>alert('x')</script>\n\ttabbed\r\n\b\f";
  markup.terms_and_conditions = "</p><p>T&amp;C &lt;here&gt;";
  markup.redemption_instructions = "Step 1: {\"json\": [1,2]}";
  markup.logo_url = "https://cdn.example/a.png?x=1&y=<2>";
  markup.categories = {"Online <Shopping>", "A&B"};
  markup.countries = {"US", "SG"};
  markup.currency = "USD";
  markup.required_user_fields = {"number", "email", "first_name", "last_name"};
  markup.denominations = {{"10.00", 1000}, {"25.00", 2500}};
  cards.push_back(markup);

  rewards::GiftCard unicode;
  unicode.id = "caf\xc3\xa9";
  unicode.name = "Caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x8e\x81 \xe2\x84\xa2 \xce\xa9";
  unicode.description = "\xe2\x80\xa8line separator\xe2\x80\xa9 and U+FEFF \xef\xbb\xbf";
  unicode.terms_and_conditions = "not UTF-8: \xff\xfe \xc3 \xed\xa0\x80 \xc0\xaf";
  unicode.redemption_instructions = AllBytes();
  unicode.logo_url = "";
  unicode.categories = {"\xe9\xa4\x90\xe5\x8e\x85"};
  unicode.countries = {"JP"};
  unicode.currency = "JPY";
  unicode.required_user_fields = {};
  for (int i = 0; i < 60; ++i) {
    unicode.denominations.push_back({std::to_string(500 + i * 500), 500 + i * 500});
  }
  cards.push_back(unicode);

  rewards::GiftCard empty;  // every string and list empty
  empty.denominations = {{"", 0}};
  cards.push_back(empty);

  rewards::GiftCard extremes;
  extremes.id = std::string(1000, 'x');
  extremes.name = std::string("nul\0inside", 10);
  extremes.description = std::string(5000, '"');
  extremes.currency = "SGD";
  extremes.categories = {"", " ", "Dining", "Dining"};
  extremes.denominations = {{"0.01", 1},
                            {"9999999.99", std::numeric_limits<std::int64_t>::max()},
                            {"-1", -1},
                            {"1e3", std::numeric_limits<std::int64_t>::min()}};
  cards.push_back(extremes);
  return cards;
}

// The old path: the tree, through JsonReply.
std::string TreePage(const std::vector<rewards::GiftCardPtr>& cards, int page, int page_size,
                     std::int64_t total_count, std::int64_t total_pages) {
  Poco::JSON::Object::Ptr out = NewObject();
  Poco::JSON::Array::Ptr data = NewArray();
  for (const rewards::GiftCardPtr& card : cards) data->add(GiftCardJson(*card));
  out->set("data", data);
  out->set("meta", PageMetaJson(page, page_size, total_count, total_pages));
  return JsonReply(200, out).body;
}

TEST(CatalogueTextTest, EachCardIsTheTreesText) {
  for (const rewards::GiftCard& card : VariedCards()) {
    std::string text;
    rewards::AppendGiftCardJson(card, text);
    EXPECT_EQ(text, JsonReply(200, GiftCardJson(card)).body) << card.id;
  }
}

TEST(CatalogueTextTest, PageBodyIsTheTreesText) {
  std::vector<rewards::GiftCardPtr> cards;
  for (const rewards::GiftCard& card : VariedCards()) {
    cards.push_back(std::make_shared<const rewards::GiftCard>(card));
  }
  for (std::size_t n = 0; n <= cards.size(); ++n) {
    const std::vector<rewards::GiftCardPtr> some(cards.begin(),
                                                 cards.begin() + static_cast<std::ptrdiff_t>(n));
    std::string json = "[";
    for (std::size_t i = 0; i < n; ++i) {
      if (i > 0) json += ',';
      rewards::AppendGiftCardJson(*some[i], json);
    }
    json += ']';
    EXPECT_EQ(CataloguePageBody(json, 3, 25, 20000, 800), TreePage(some, 3, 25, 20000, 800)) << n;
  }
  EXPECT_EQ(CataloguePageBody("[]", 1000000, 100, 0, 0), TreePage({}, 1000000, 100, 0, 0));
}

std::vector<ascenda::wire::GiftCardRecord> VariedRecords() {
  std::vector<ascenda::wire::GiftCardRecord> records;
  int n = 0;
  for (const rewards::GiftCard& card : VariedCards()) {
    for (int copy = 0; copy < 15; ++copy, ++n) {
      ascenda::wire::GiftCardRecord r;
      r.id = card.id + "#" + std::to_string(n);
      r.name = (copy % 2 == 0 ? "" : "z ") + card.name + " " + std::to_string(copy);
      r.description = card.description;
      r.terms_and_conditions = card.terms_and_conditions;
      r.redemption_instructions = card.redemption_instructions;
      r.logo_url = card.logo_url;
      r.categories = card.categories;
      r.countries = card.countries;
      r.currency = copy % 3 == 0 ? "USD" : (copy % 3 == 1 ? "SGD" : "JPY");
      for (int d = 0; d < 1 + copy * 4; ++d) {
        r.denominations.push_back(std::to_string(d + 1) + "." + std::to_string(d % 10) + "5");
      }
      r.required_user_fields = card.required_user_fields;
      records.push_back(std::move(r));
    }
  }
  return records;
}

// The snapshot's pre-rendered page (what the provider hands the host through
// rewards.catalogue_pages.v1) against the tree of the same query's cards.
TEST(CatalogueTextTest, SnapshotTextPagesAreTheTreesText) {
  const ascenda::PricingTable pricing(
      std::map<std::string, std::string>{{"USD", "0.01"}, {"SGD", "0.0075"}, {"JPY", "0.3"}});
  auto built = ascenda::CatalogueSnapshot::Build(VariedRecords(), pricing,
                                                 std::chrono::system_clock::time_point(),
                                                 std::chrono::steady_clock::time_point());
  ASSERT_EQ(built.snapshot->size(), 60U);
  std::vector<rewards::CatalogueQuery> queries;
  for (int page_size : {1, 7, 25, 100}) {
    for (int page = 1; page <= 61 / page_size + 2; ++page) {
      rewards::CatalogueQuery q;
      q.page = page;
      q.page_size = page_size;
      q.sort =
          page % 2 == 0 ? rewards::SortOrder::kNameDescending : rewards::SortOrder::kNameAscending;
      queries.push_back(q);
    }
  }
  rewards::CatalogueQuery filtered;
  filtered.currency = "SGD";
  filtered.categories = {"Dining", "A&B"};
  filtered.country = "US";
  filtered.name_contains = "Z ";
  queries.push_back(filtered);
  rewards::CatalogueQuery nothing;
  nothing.categories = {"no such"};
  queries.push_back(nothing);
  for (const rewards::CatalogueQuery& q : queries) {
    auto tree = built.snapshot->Query(q);
    auto text = built.snapshot->QueryText(q);
    ASSERT_TRUE(tree.ok() && text.ok());
    EXPECT_EQ(
        CataloguePageBody(text->cards_json, text->page, text->page_size, text->total_count,
                          text->total_pages),
        TreePage(tree->cards, tree->page, tree->page_size, tree->total_count, tree->total_pages))
        << "page " << q.page << " of " << q.page_size;
    EXPECT_EQ(text->version, built.snapshot->version());
  }
}

TEST(CatalogueTextTest, VersionFollowsTheContent) {
  const ascenda::PricingTable cheap(
      std::map<std::string, std::string>{{"USD", "0.01"}, {"SGD", "0.0075"}, {"JPY", "0.3"}});
  const ascenda::PricingTable dear(
      std::map<std::string, std::string>{{"USD", "0.005"}, {"SGD", "0.0075"}, {"JPY", "0.3"}});
  const auto build = [](const ascenda::PricingTable& pricing, int seconds) {
    return ascenda::CatalogueSnapshot::Build(
               VariedRecords(), pricing,
               std::chrono::system_clock::time_point(std::chrono::seconds(seconds)),
               std::chrono::steady_clock::time_point(std::chrono::seconds(seconds)))
        .snapshot;
  };
  EXPECT_EQ(build(cheap, 1)->version(), build(cheap, 2)->version());  // same cards, prices
  EXPECT_NE(build(cheap, 1)->version(), build(dear, 1)->version());   // other prices
  EXPECT_EQ(build(cheap, 1)->version().size(), 16U);
}

}  // namespace
}  // namespace loyalty
