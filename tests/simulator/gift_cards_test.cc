// docs/ascenda-api.md §3 and §5: the gift card list — paging, name sort, the three
// filters, out-of-stock cards, the wire object, and the version header.
#include <Poco/JSON/Array.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "sim_harness.h"

namespace simtest {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

class SimGiftCardsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { sim_ = SimHarness::Start().release(); }
  static void TearDownTestSuite() { delete sim_; }
  void SetUp() override { ASSERT_EQ(sim_->Control("POST", "/control/reset").status, 200); }

  // GET /gift_cards<query>; asserts 200 and returns the body.
  Object::Ptr List(const std::string& query) {
    HttpReply reply = sim_->Api("GET", "/gift_cards" + query);
    EXPECT_EQ(reply.status, 200) << reply.body << reply.error;
    return Json(reply);
  }
  static std::vector<std::string> Ids(const Object::Ptr& body) {
    std::vector<std::string> ids;
    Array::Ptr data = body->getArray("data");
    for (size_t i = 0; i < data->size(); ++i) {
      ids.push_back(data->getObject(i)->getValue<std::string>("id"));
    }
    return ids;
  }
  static std::vector<std::string> Ids(const std::vector<FixtureCard>& cards, size_t from,
                                      size_t count) {
    std::vector<std::string> ids;
    for (size_t i = from; i < cards.size() && ids.size() < count; ++i) ids.push_back(cards[i].id);
    return ids;
  }
  static SimHarness* sim_;
};
SimHarness* SimGiftCardsTest::sim_ = nullptr;

TEST_F(SimGiftCardsTest, DefaultIsFirstPageOf25ByNameAscending) {
  std::vector<FixtureCard> listed = ListedFixtureCards();
  Object::Ptr body = List("");
  EXPECT_EQ(Ids(body), Ids(listed, 0, 25));
  Object::Ptr meta = body->getObject("meta");
  EXPECT_EQ(meta->getValue<int>("page"), 1);
  EXPECT_EQ(meta->getValue<int>("page_size"), 25);
  EXPECT_EQ(meta->getValue<size_t>("total_count"), listed.size());
  EXPECT_EQ(meta->getValue<size_t>("total_pages"), (listed.size() + 24) / 25);
}

TEST_F(SimGiftCardsTest, SortsByNameDescending) {
  std::vector<FixtureCard> listed = ListedFixtureCards();
  std::reverse(listed.begin(), listed.end());
  EXPECT_EQ(Ids(List("?sort=name:desc&page_size=30")), Ids(listed, 0, 30));
  EXPECT_EQ(Ids(List("?sort=name:asc&page=2&page_size=10")), Ids(ListedFixtureCards(), 10, 10));
}

TEST_F(SimGiftCardsTest, PagesCoverTheWholeListOnce) {
  std::vector<FixtureCard> listed = ListedFixtureCards();
  std::vector<std::string> seen;
  int total_pages = List("?page_size=100")->getObject("meta")->getValue<int>("total_pages");
  for (int page = 1; page <= total_pages; ++page) {
    std::vector<std::string> ids = Ids(List("?page_size=100&page=" + std::to_string(page)));
    seen.insert(seen.end(), ids.begin(), ids.end());
  }
  EXPECT_EQ(seen, Ids(listed, 0, listed.size()));
  Object::Ptr beyond = List("?page_size=100&page=" + std::to_string(total_pages + 1));
  EXPECT_EQ(beyond->getArray("data")->size(), 0u);
  EXPECT_EQ(beyond->getObject("meta")->getValue<size_t>("total_count"), listed.size());
}

TEST_F(SimGiftCardsTest, PageSizeMustBeOneToHundred) {
  for (const char* query : {"?page_size=0", "?page_size=101", "?page=0", "?page=-1"}) {
    HttpReply reply = sim_->Api("GET", std::string("/gift_cards") + query);
    EXPECT_EQ(reply.status, 400) << query;
    EXPECT_EQ(ErrorCode(reply), "NN1001") << query;
  }
  HttpReply not_number = sim_->Api("GET", "/gift_cards?page_size=ten");
  EXPECT_EQ(not_number.status, 400);
  EXPECT_EQ(ErrorCode(not_number), "AF2001");
  EXPECT_EQ(Ids(List("?page_size=100")).size(), 100u);
  EXPECT_EQ(Ids(List("?page_size=1")).size(), 1u);
}

TEST_F(SimGiftCardsTest, OnlyNameSortsAreAccepted) {
  HttpReply reply = sim_->Api("GET", "/gift_cards?sort=price:asc");
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(ErrorCode(reply), "NN1001");
}

TEST_F(SimGiftCardsTest, FiltersByCurrency) {
  std::vector<std::string> expected;
  for (const FixtureCard& card : ListedFixtureCards()) {
    if (card.currency == "JPY") expected.push_back(card.id);
  }
  ASSERT_FALSE(expected.empty());
  Object::Ptr body = List("?currency=JPY&page_size=100");
  EXPECT_EQ(body->getObject("meta")->getValue<size_t>("total_count"), expected.size());
  expected.resize(std::min<size_t>(expected.size(), 100));
  EXPECT_EQ(Ids(body), expected);
  Object::Ptr first = body->getArray("data")->getObject(0);
  Array::Ptr denominations = first->getArray("denominations");
  for (size_t i = 0; i < denominations->size(); ++i) {
    EXPECT_EQ(denominations->getElement<std::string>(i).find('.'), std::string::npos);
  }
}

TEST_F(SimGiftCardsTest, FiltersByNameCaseInsensitively) {
  // The six fixture cards are named "Sim Test ..."; the out-of-stock one is hidden.
  EXPECT_EQ(Ids(List("?name=sIM%20tEST")),
            (std::vector<std::string>{kEmailOnlyCard, kJpyCard, kPhoneCard, kUrlCard, kUsdCard}));
}

TEST_F(SimGiftCardsTest, FiltersByAnyOfTheCategories) {
  size_t expected = 0;
  for (const FixtureCard& card : ListedFixtureCards()) {
    for (const std::string& c : card.categories) {
      if (c == "Dining" || c == "Home and Garden") {
        ++expected;
        break;
      }
    }
  }
  Object::Ptr body = List("?categories=Dining,Home%20and%20Garden&page_size=100");
  EXPECT_EQ(body->getObject("meta")->getValue<size_t>("total_count"), expected);
  Object::Ptr combined = List("?categories=Dining&currency=JPY&name=sim%20test");
  EXPECT_EQ(Ids(combined), std::vector<std::string>{kJpyCard});
}

TEST_F(SimGiftCardsTest, OutOfStockCardsDisappearFromTheList) {
  EXPECT_EQ(Ids(List("?name=out-of-stock")).size(), 0u);
  ASSERT_EQ(sim_->Control("POST", "/control/stock",
                          R"({"gift_card_id":")" + kOutOfStockCard + R"(","in_stock":true})")
                .status,
            200);
  EXPECT_EQ(Ids(List("?name=out-of-stock")), std::vector<std::string>{kOutOfStockCard});
  ASSERT_EQ(sim_->Control("POST", "/control/stock",
                          R"({"gift_card_id":")" + kUsdCard + R"(","in_stock":false})")
                .status,
            200);
  EXPECT_EQ(Ids(List("?name=sim%20test%20usd")).size(), 0u);
}

TEST_F(SimGiftCardsTest, CardObjectHasTheContractFieldsOnly) {
  Object::Ptr card = List("?name=sim%20test%20jpy")->getArray("data")->getObject(0);
  std::set<std::string> keys;
  for (const auto& entry : *card) keys.insert(entry.first);
  EXPECT_EQ(keys,
            (std::set<std::string>{"id", "name", "description", "terms_and_conditions",
                                   "redemption_instructions", "logo_url", "categories", "countries",
                                   "currency", "denominations", "required_user_fields"}));
  EXPECT_EQ(card->getValue<std::string>("id"), kJpyCard);
  EXPECT_EQ(card->getValue<std::string>("currency"), "JPY");
  Array::Ptr denominations = card->getArray("denominations");
  ASSERT_EQ(denominations->size(), 3u);
  EXPECT_EQ(denominations->getElement<std::string>(1), "5000");
  Object::Ptr phone = List("?name=sim%20test%20phone")->getArray("data")->getObject(0);
  Array::Ptr fields = phone->getArray("required_user_fields");
  ASSERT_EQ(fields->size(), 5u);
  EXPECT_EQ(fields->getElement<std::string>(4), "phone_number");
}

TEST_F(SimGiftCardsTest, NeedsAValidToken) {
  EXPECT_EQ(sim_->Api("GET", "/gift_cards", "", {{"Authorization", ""}}).status, 401);
}

TEST_F(SimGiftCardsTest, StrictModeNeedsTheVersionHeader) {
  HttpReply reply = sim_->Api("GET", "/gift_cards", "", {{"X-Ascenda-Version", ""}});
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(ErrorCode(reply), "NN1001");
}

TEST(SimGiftCardsLenientTest, MissingVersionHeaderMeansLatestWhenNotStrict) {
  auto sim = SimHarness::Start({{"sim.strict.version_header", "false"}});
  EXPECT_EQ(sim->Api("GET", "/gift_cards", "", {{"X-Ascenda-Version", ""}}).status, 200);
  EXPECT_EQ(sim->Api("POST", "/fulfillment_orders/gift_cards",
                     CreateBody("lenient-1", kUsdCard, "50.00", "USD"), {{"X-Ascenda-Version", ""}})
                .status,
            201);
}

}  // namespace
}  // namespace simtest
