// The priced, immutable catalogue snapshot: what it hides and drops, its sort
// order, every filter, paging, UTF-8-safe search and quotes.
#include "ascenda/catalogue/catalogue_snapshot.h"

#include <gtest/gtest.h>

#include <chrono>
#include <climits>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "ascenda/catalogue/name_fold.h"
#include "ascenda/pricing/pricing_table.h"
#include "ascenda/wire/gift_card_json.h"

namespace ascenda {
namespace {

using rewards::CatalogueQuery;
using rewards::SortOrder;
using std::chrono::steady_clock;
using std::chrono::system_clock;
using Ids = std::vector<std::string>;

const system_clock::time_point kWall(std::chrono::seconds(1'800'000'000));
const steady_clock::time_point kMono(std::chrono::hours(5));

wire::GiftCardRecord Record(std::string id, std::string name, Ids categories, std::string currency,
                            Ids denominations) {
  wire::GiftCardRecord r;
  r.id = std::move(id);
  r.name = std::move(name);
  r.description = "About " + r.name;
  r.categories = std::move(categories);
  r.countries = {"US"};
  r.currency = std::move(currency);
  r.denominations = std::move(denominations);
  r.required_user_fields = {"number", "email", "first_name", "last_name"};
  return r;
}

PricingTable Pricing() {
  return PricingTable(
      std::map<std::string, std::string>{{"USD", "0.01"}, {"SGD", "0.0075"}, {"JPY", "1"}});
}

// Six visible cards; ascending order: amz, apl, bbq, cafe, zara, uni.
std::vector<wire::GiftCardRecord> Records() {
  auto amz = Record("amz", "Amazon.com Gift Card", {"Online Shopping"}, "USD", {"10.00", "25.00"});
  amz.description = "  <b>Shop</b>\n\"millions\" \xe2\x84\xa2  ";
  amz.terms_and_conditions = "T&C";
  amz.redemption_instructions = "Enter code";
  amz.logo_url = "https://cdn.example/amz.png";
  auto bbq = Record("bbq", "Burger Barn", {"Dining"}, "SGD", {"10.00"});
  bbq.countries = {"SG"};
  auto cafe = Record("cafe", "Caf\xc3\xa9 Rouge", {"Dining", "Dining"}, "SGD", {"20.00"});
  cafe.countries = {"SG", "US"};  // "Café Rouge"
  return {
      amz,
      Record("apl", "apple Store", {"Electronics", "Online Shopping"}, "USD", {"50.00"}),
      Record("eur", "Euro Shop", {"Fashion"}, "EUR", {"10.00"}),  // hidden: no cost
      bbq,
      Record("uni",
             "\xc3\x89"
             "COLE Store",
             {"Young Ones"}, "JPY", {"5000"}),  // "ÉCOLE Store"
      cafe,
      Record("zara", "Zara", {"Fashion"}, "USD", {"0.00", "25.00", "abc"}),
      Record("none", "Nothing Left", {"Others"}, "USD", {"0"}),        // no priceable value
      Record("amz", "Amazon Duplicate", {"Others"}, "USD", {"5.00"}),  // duplicate id
      Record("gbp", "Pound Shop", {"Others"}, "GBP", {"5.00"}),        // hidden: no cost
  };
}

class CatalogueSnapshotTest : public ::testing::Test {
 protected:
  CatalogueSnapshotTest()
      : built_(CatalogueSnapshot::Build(Records(), Pricing(), kWall, kMono)),
        snapshot_(*built_.snapshot) {}

  Ids PageIds(const CatalogueQuery& query) {
    auto page = snapshot_.Query(query);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    Ids ids;
    if (!page.ok()) return ids;
    for (const auto& card : page->cards) ids.push_back(card->id);
    last_total_count_ = page->total_count;
    last_total_pages_ = page->total_pages;
    return ids;
  }

  static CatalogueQuery Q() { return CatalogueQuery(); }
  static CatalogueQuery Categories(Ids categories) {
    CatalogueQuery q;
    q.categories = std::move(categories);
    return q;
  }
  static CatalogueQuery Currency(std::string currency) {
    CatalogueQuery q;
    q.currency = std::move(currency);
    return q;
  }
  static CatalogueQuery Name(std::string name) {
    CatalogueQuery q;
    q.name_contains = std::move(name);
    return q;
  }

  void ExpectInvalidQuery(const CatalogueQuery& query) {
    auto page = snapshot_.Query(query);
    ASSERT_FALSE(page.ok());
    EXPECT_EQ(page.status().code(), rewards::StatusCode::kInvalidArgument);
    EXPECT_EQ(page.status().error(), "invalid_query");
  }

  void ExpectUnavailable(const std::string& id, const std::string& denomination,
                         const std::string& currency) {
    auto quote = snapshot_.Quote(id, denomination, currency);
    ASSERT_FALSE(quote.ok()) << id << " " << denomination << " " << currency;
    EXPECT_EQ(quote.status().code(), rewards::StatusCode::kNotFound);
    EXPECT_EQ(quote.status().error(), "card_unavailable");
  }

  CatalogueSnapshot::Built built_;
  const CatalogueSnapshot& snapshot_;
  std::int64_t last_total_count_ = -1;
  std::int64_t last_total_pages_ = -1;
};

TEST_F(CatalogueSnapshotTest, HidesCurrenciesWithoutCostPerPoint) {
  EXPECT_EQ(built_.hidden_currencies, (std::set<std::string>{"EUR", "GBP"}));
  EXPECT_EQ(built_.hidden_cards, 2u);
  EXPECT_EQ(snapshot_.Find("eur"), nullptr);
  EXPECT_EQ(snapshot_.Find("gbp"), nullptr);
  EXPECT_EQ(snapshot_.size(), 6u);
}

TEST_F(CatalogueSnapshotTest, PricesEveryDenomination) {
  auto amz = snapshot_.Find("amz");
  ASSERT_NE(amz, nullptr);
  ASSERT_EQ(amz->denominations.size(), 2u);
  EXPECT_EQ(amz->denominations[0].value, "10.00");
  EXPECT_EQ(amz->denominations[0].points, 1000);
  EXPECT_EQ(amz->denominations[1].value, "25.00");
  EXPECT_EQ(amz->denominations[1].points, 2500);
  EXPECT_EQ(snapshot_.Find("bbq")->denominations[0].points, 1334);  // 10.00 / 0.0075, up
  EXPECT_EQ(snapshot_.Find("uni")->denominations[0].points, 5000);  // JPY 5000 / 1
}

TEST_F(CatalogueSnapshotTest, DropsUnpriceableDenominationsAndCardsLeftWithNone) {
  auto zara = snapshot_.Find("zara");
  ASSERT_NE(zara, nullptr);
  ASSERT_EQ(zara->denominations.size(), 1u);
  EXPECT_EQ(zara->denominations[0].value, "25.00");
  EXPECT_EQ(snapshot_.Find("none"), nullptr);
  EXPECT_EQ(built_.dropped_denominations, 3u);  // zara "0.00" and "abc", none "0"
  EXPECT_EQ(built_.dropped_cards, 2u);          // none, and the second "amz"
}

TEST_F(CatalogueSnapshotTest, DuplicateIdKeepsTheFirstCard) {
  EXPECT_EQ(snapshot_.Find("amz")->name, "Amazon.com Gift Card");
}

TEST_F(CatalogueSnapshotTest, ContentPassesThroughUnmodified) {
  auto amz = snapshot_.Find("amz");
  EXPECT_EQ(amz->name, "Amazon.com Gift Card");
  EXPECT_EQ(amz->description, "  <b>Shop</b>\n\"millions\" \xe2\x84\xa2  ");
  EXPECT_EQ(amz->terms_and_conditions, "T&C");
  EXPECT_EQ(amz->redemption_instructions, "Enter code");
  EXPECT_EQ(amz->logo_url, "https://cdn.example/amz.png");
  EXPECT_EQ(amz->categories, Ids{"Online Shopping"});
  EXPECT_EQ(amz->countries, Ids{"US"});
  EXPECT_EQ(amz->currency, "USD");
  EXPECT_EQ(amz->required_user_fields, (Ids{"number", "email", "first_name", "last_name"}));
  EXPECT_EQ(snapshot_.Find("uni")->name,
            "\xc3\x89"
            "COLE Store");
}

TEST_F(CatalogueSnapshotTest, RemembersFetchTime) {
  EXPECT_EQ(snapshot_.fetched_at(), kWall);
  EXPECT_EQ(snapshot_.fetched_at_monotonic(), kMono);
}

TEST_F(CatalogueSnapshotTest, SortsByCaseFoldedNameAscending) {
  EXPECT_EQ(PageIds(Q()), (Ids{"amz", "apl", "bbq", "cafe", "zara", "uni"}));
  EXPECT_EQ(last_total_count_, 6);
  EXPECT_EQ(last_total_pages_, 1);
}

TEST_F(CatalogueSnapshotTest, SortsByNameDescending) {
  CatalogueQuery q;
  q.sort = SortOrder::kNameDescending;
  EXPECT_EQ(PageIds(q), (Ids{"uni", "zara", "cafe", "bbq", "apl", "amz"}));
}

TEST(CatalogueSnapshotOrderTest, TiesBreakByNameBytesThenId) {
  auto built = CatalogueSnapshot::Build(
      {Record("2", "abc", {}, "USD", {"1"}), Record("1", "abc", {}, "USD", {"1"}),
       Record("3", "ABC", {}, "USD", {"1"}), Record("0", "abd", {}, "USD", {"1"})},
      Pricing(), kWall, kMono);
  Ids ids;
  for (const auto& card : built.snapshot->cards()) ids.push_back(card->id);
  EXPECT_EQ(ids, (Ids{"3", "1", "2", "0"}));
}

TEST_F(CatalogueSnapshotTest, FiltersByOneCategory) {
  EXPECT_EQ(PageIds(Categories({"Dining"})), (Ids{"bbq", "cafe"}));
  EXPECT_EQ(last_total_count_, 2);
  EXPECT_EQ(PageIds(Categories({"Young Ones"})), Ids{"uni"});
}

TEST_F(CatalogueSnapshotTest, FiltersByAnyOfSeveralCategories) {
  EXPECT_EQ(PageIds(Categories({"Online Shopping", "Dining"})),
            (Ids{"amz", "apl", "bbq", "cafe"}));  // apl is in two of them: listed once
  EXPECT_EQ(last_total_count_, 4);
  EXPECT_EQ(PageIds(Categories({"Dining", "Dining"})), (Ids{"bbq", "cafe"}));
  EXPECT_EQ(PageIds(Categories({"Fashion", "Electronics", "Young Ones"})),
            (Ids{"apl", "zara", "uni"}));
}

TEST_F(CatalogueSnapshotTest, UnknownCategoryMatchesNothing) {
  EXPECT_EQ(PageIds(Categories({"Dinning"})), Ids{});
  EXPECT_EQ(last_total_count_, 0);
  EXPECT_EQ(last_total_pages_, 0);
  EXPECT_EQ(PageIds(Categories({"dining"})), Ids{});  // names compare exactly
  EXPECT_EQ(PageIds(Categories({"Dinning", "Fashion"})), Ids{"zara"});
  EXPECT_EQ(PageIds(Categories({"Others"})), Ids{});  // only hidden or dropped cards had it
}

TEST_F(CatalogueSnapshotTest, FiltersByCurrency) {
  EXPECT_EQ(PageIds(Currency("USD")), (Ids{"amz", "apl", "zara"}));
  EXPECT_EQ(last_total_count_, 3);
  EXPECT_EQ(PageIds(Currency("SGD")), (Ids{"bbq", "cafe"}));
  EXPECT_EQ(PageIds(Currency("EUR")), Ids{});  // hidden
  EXPECT_EQ(PageIds(Currency("usd")), Ids{});  // codes compare exactly
}

TEST_F(CatalogueSnapshotTest, FiltersByCategoryAndCurrency) {
  auto q = Categories({"Dining", "Fashion"});
  q.currency = "USD";
  EXPECT_EQ(PageIds(q), Ids{"zara"});
  EXPECT_EQ(last_total_count_, 1);
  q.currency = "SGD";
  EXPECT_EQ(PageIds(q), (Ids{"bbq", "cafe"}));
  q = Categories({"Online Shopping"});
  q.currency = "SGD";
  EXPECT_EQ(PageIds(q), Ids{});
}

TEST_F(CatalogueSnapshotTest, FiltersByCountryAloneAndWithOtherFilters) {
  CatalogueQuery q;
  q.country = "SG";
  EXPECT_EQ(PageIds(q), (Ids{"bbq", "cafe"}));
  EXPECT_EQ(last_total_count_, 2);
  q.country = "US";
  EXPECT_EQ(PageIds(q), (Ids{"amz", "apl", "cafe", "zara", "uni"}));
  q.currency = "SGD";
  EXPECT_EQ(PageIds(q), Ids{"cafe"});
  q = Categories({"Dining"});
  q.country = "FR";
  EXPECT_EQ(PageIds(q), Ids{});
  EXPECT_EQ(last_total_count_, 0);
}

TEST_F(CatalogueSnapshotTest, NameFilterIgnoresCase) {
  EXPECT_EQ(PageIds(Name("STORE")), (Ids{"apl", "uni"}));
  EXPECT_EQ(PageIds(Name("amazon.COM gift")), Ids{"amz"});
  EXPECT_EQ(PageIds(Name("Apple")), Ids{"apl"});
  EXPECT_EQ(PageIds(Name("zz")), Ids{});
  EXPECT_EQ(last_total_count_, 0);
}

TEST_F(CatalogueSnapshotTest, NameFilterFoldsNonAsciiLetters) {
  EXPECT_EQ(PageIds(Name("CAF\xc3\x89")), Ids{"cafe"});        // "CAFÉ"
  EXPECT_EQ(PageIds(Name("\xc3\xa9")), (Ids{"cafe", "uni"}));  // "é" in café and ÉCOLE
  EXPECT_EQ(PageIds(Name("\xc3\xa9"
                         "cole")),
            Ids{"uni"});                    // "école"
  EXPECT_EQ(PageIds(Name("cafe")), Ids{});  // e is not é
}

TEST_F(CatalogueSnapshotTest, NameFilterMustBeValidUtf8) {
  ExpectInvalidQuery(Name("\xc3"));  // a cut sequence
  ExpectInvalidQuery(Name("\xa9"));  // a lone continuation byte
  ExpectInvalidQuery(Name("caf\xc3"));
  ExpectInvalidQuery(Name("\xc0\xaf"));      // overlong
  ExpectInvalidQuery(Name("\xed\xa0\x80"));  // surrogate
  ExpectInvalidQuery(Name(std::string(257, 'a')));
  EXPECT_EQ(PageIds(Name(std::string(256, 'a'))), Ids{});
}

TEST_F(CatalogueSnapshotTest, AllFiltersAndSortTogether) {
  auto q = Categories({"Dining", "Online Shopping"});
  q.currency = "SGD";
  q.name_contains = "R";
  q.sort = SortOrder::kNameDescending;
  EXPECT_EQ(PageIds(q), (Ids{"cafe", "bbq"}));
  q.name_contains = "rouge";
  EXPECT_EQ(PageIds(q), Ids{"cafe"});
}

TEST_F(CatalogueSnapshotTest, PagesThroughTheCatalogue) {
  CatalogueQuery q;
  q.page_size = 4;
  EXPECT_EQ(PageIds(q), (Ids{"amz", "apl", "bbq", "cafe"}));
  EXPECT_EQ(last_total_count_, 6);
  EXPECT_EQ(last_total_pages_, 2);
  q.page = 2;
  EXPECT_EQ(PageIds(q), (Ids{"zara", "uni"}));  // the last page is partial
  q.sort = SortOrder::kNameDescending;
  EXPECT_EQ(PageIds(q), (Ids{"apl", "amz"}));
  q.page = 3;
  EXPECT_EQ(PageIds(q), Ids{});  // past the end: empty, totals still true
  EXPECT_EQ(last_total_count_, 6);
  EXPECT_EQ(last_total_pages_, 2);
  q.page = INT_MAX;
  q.page_size = 100;
  EXPECT_EQ(PageIds(q), Ids{});
}

TEST_F(CatalogueSnapshotTest, PagesThroughFilteredResults) {
  auto q = Name("a");  // every card but "ÉCOLE Store"
  q.page_size = 2;
  q.page = 3;
  EXPECT_EQ(PageIds(q), Ids{"zara"});
  EXPECT_EQ(last_total_count_, 5);
  EXPECT_EQ(last_total_pages_, 3);
  q.sort = SortOrder::kNameDescending;
  EXPECT_EQ(PageIds(q), Ids{"amz"});
  q.page = 2;
  EXPECT_EQ(PageIds(q), (Ids{"bbq", "apl"}));
  q.page = 4;
  EXPECT_EQ(PageIds(q), Ids{});
  EXPECT_EQ(last_total_count_, 5);

  q = Currency("USD");
  q.page_size = 2;
  q.page = 2;
  EXPECT_EQ(PageIds(q), Ids{"zara"});
  EXPECT_EQ(last_total_pages_, 2);
}

TEST_F(CatalogueSnapshotTest, AnswersPageAndPageSize) {
  CatalogueQuery q;
  q.page = 2;
  q.page_size = 5;
  auto page = snapshot_.Query(q);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->page, 2);
  EXPECT_EQ(page->page_size, 5);
  EXPECT_EQ(page->cards.size(), 1u);
  EXPECT_EQ(page->cards[0], snapshot_.Find("uni"));  // shared, not copied
}

TEST_F(CatalogueSnapshotTest, RefusesBadPaging) {
  CatalogueQuery q;
  q.page = 0;
  ExpectInvalidQuery(q);
  q.page = -1;
  ExpectInvalidQuery(q);
  q = CatalogueQuery();
  q.page_size = 0;
  ExpectInvalidQuery(q);
  q.page_size = 101;
  ExpectInvalidQuery(q);
  q.page_size = 100;
  EXPECT_EQ(PageIds(q).size(), 6u);
  q.page_size = 1;
  EXPECT_EQ(PageIds(q), Ids{"amz"});
  EXPECT_EQ(last_total_pages_, 6);
}

TEST_F(CatalogueSnapshotTest, QuotesAnOfferedDenomination) {
  auto quote = snapshot_.Quote("amz", "25.00", "USD");
  ASSERT_TRUE(quote.ok()) << quote.status().ToString();
  EXPECT_EQ(quote->card, snapshot_.Find("amz"));
  EXPECT_EQ(quote->denomination, "25.00");
  EXPECT_EQ(quote->currency, "USD");
  EXPECT_EQ(quote->points, 2500);
  quote = snapshot_.Quote("cafe", "20.00", "SGD");
  ASSERT_TRUE(quote.ok());
  EXPECT_EQ(quote->points, 2667);  // 20.00 / 0.0075 = 2666.67, up
}

TEST_F(CatalogueSnapshotTest, QuoteRefusesWhatIsNotOffered) {
  ExpectUnavailable("nope", "25.00", "USD");  // unknown card
  ExpectUnavailable("amz", "25.00", "SGD");   // another currency
  ExpectUnavailable("amz", "25", "USD");      // denominations compare exactly
  ExpectUnavailable("amz", "50.00", "USD");   // not a denomination of this card
  ExpectUnavailable("eur", "10.00", "EUR");   // hidden currency
  ExpectUnavailable("zara", "0.00", "USD");   // dropped denomination
  ExpectUnavailable("none", "0", "USD");      // dropped card
}

TEST(CatalogueSnapshotEmptyTest, EmptyCatalogueAnswersEmptyPages) {
  auto built = CatalogueSnapshot::Build({}, Pricing(), kWall, kMono);
  ASSERT_NE(built.snapshot, nullptr);
  auto page = built.snapshot->Query(CatalogueQuery());
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->cards.empty());
  EXPECT_EQ(page->total_count, 0);
  EXPECT_EQ(page->total_pages, 0);
  CatalogueQuery q;
  q.sort = SortOrder::kNameDescending;
  q.name_contains = "x";
  EXPECT_TRUE(built.snapshot->Query(q).ok());
}

TEST(CatalogueSnapshotLargeTest, PagesOfALargeCatalogue) {
  std::vector<wire::GiftCardRecord> records;
  for (int i = 0; i < 20000; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "Card %05d", i);
    records.push_back(Record("id" + std::to_string(i), name, {i % 2 ? "Dining" : "Fashion"},
                             i % 3 ? "USD" : "JPY", {"10.00", "25"}));
  }
  auto built = CatalogueSnapshot::Build(std::move(records), Pricing(), kWall, kMono);
  ASSERT_EQ(built.snapshot->size(), 20000u);
  CatalogueQuery q;
  q.page = 400;
  q.page_size = 25;
  q.sort = SortOrder::kNameDescending;
  auto page = built.snapshot->Query(q);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->cards.size(), 25u);
  EXPECT_EQ(page->cards.front()->name, "Card 10024");
  EXPECT_EQ(page->cards.back()->name, "Card 10000");
  EXPECT_EQ(page->total_pages, 800);
  q = CatalogueQuery();
  q.categories = {"Dining"};
  q.currency = "JPY";
  q.name_contains = "card 19";
  page = built.snapshot->Query(q);
  ASSERT_TRUE(page.ok());
  // odd i, divisible by 3, 19000..19999: i = 19005, 19011, ..., 19995 -> 166 cards
  EXPECT_EQ(page->total_count, 166);
  EXPECT_EQ(page->cards.front()->name, "Card 19005");
}

TEST(NameFoldTest, LowersAsciiAndOtherLetters) {
  EXPECT_EQ(FoldCase("Amazon.COM 100%"), "amazon.com 100%");
  EXPECT_EQ(FoldCase("\xc3\x80\xc3\x89\xc3\x8e \xce\xa9mega"),                  // "ÀÉÎ Ωmega"
            "\xc3\xa0\xc3\xa9\xc3\xae \xcf\x89mega");                           // "àéî ωmega"
  EXPECT_EQ(FoldCase("\xd0\x9c\xd0\xb8\xd1\x80"), "\xd0\xbc\xd0\xb8\xd1\x80");  // "Мир"
  EXPECT_EQ(FoldCase("\xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x8e\x81"),
            "\xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x8e\x81");  // no case: unchanged
}

TEST(NameFoldTest, KeepsMalformedBytes) {
  EXPECT_EQ(FoldCase("A\xff"
                     "B\xc3"),
            "a\xff"
            "b\xc3");
  EXPECT_EQ(FoldCase("\xc3\x89\x89"), "\xc3\xa9\x89");
}

TEST(NameFoldTest, ValidatesUtf8) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("caf\xc3\xa9 \xf0\x9f\x8e\x81 \xf4\x8f\xbf\xbf"));  // up to U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));                              // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xe0\x80\xaf"));                                  // overlong
  EXPECT_FALSE(IsValidUtf8("\xc1\xbf"));                                      // overlong
  EXPECT_FALSE(IsValidUtf8("\xed\xbf\xbf"));                                  // surrogate
  EXPECT_FALSE(IsValidUtf8("\xf0\x9f\x8e"));                                  // cut short
  EXPECT_FALSE(IsValidUtf8("\xc3\x28"));                                      // bad continuation
}

}  // namespace
}  // namespace ascenda
