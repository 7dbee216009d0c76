// End to end: the real loyalty-host loads the real plugin (.so), configured
// only through plugins.ascenda.<key> lines of its config file, and serves the
// catalogue over HTTP from the real ascenda-sim (HTTPS). Runs on the database
// REWARDS_TEST_DB names (CTest: _sqlite and _postgresql).
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <thread>

#include "ascenda_test_env.h"
#include "support/end_to_end_host.h"
#include "support/http_client.h"
#include "support/wait_until.h"

namespace ascenda {
namespace {

using simtest::SimHarness;
using testsupport::HttpCall;
using testsupport::HttpReply;

using testsupport::kEndToEndAdminToken;

class HostCatalogueTest : public ::testing::Test {
 protected:
  // One host for the suite, on its config's plugin settings alone (the
  // plugin's own defaults); ready once it answers, before the first sync.
  static void SetUpTestSuite() {
    sim_ = SimHarness::Start().release();
    testsupport::EndToEndOptions options;
    options.fast_defaults = false;
    host_ = new testsupport::EndToEndHost(*sim_, options);
    try {
      host_->StartProcess();
      host_->WaitHealthy();
    } catch (const std::exception& e) {
      FAIL() << e.what();
    }
  }
  static void TearDownTestSuite() {
    delete host_;
    host_ = nullptr;
    delete sim_;
    sim_ = nullptr;
  }
  static std::string Url(const std::string& path) { return host_->Url(path); }
  static std::string HostLog() { return host_->Log(); }
  // GET until the first sync has filled the catalogue.
  static HttpReply GetCatalogue(const std::string& query) {
    HttpReply reply;
    testsupport::WaitUntil(
        [&] {
          reply = HttpCall("GET", Url("/api/gift-cards" + query));
          return reply.status != 503;
        },
        std::chrono::seconds(15), std::chrono::milliseconds(50));
    return reply;
  }
  static Poco::JSON::Object::Ptr Meta(const HttpReply& reply) {
    return simtest::Json(reply)->getObject("meta");
  }

  static SimHarness* sim_;
  static testsupport::EndToEndHost* host_;
};
SimHarness* HostCatalogueTest::sim_ = nullptr;
testsupport::EndToEndHost* HostCatalogueTest::host_ = nullptr;

TEST_F(HostCatalogueTest, PagesThroughTheWholeCatalogue) {
  HttpReply first = GetCatalogue("?page_size=25");
  ASSERT_EQ(first.status, 200) << first.body << first.error;
  EXPECT_EQ(Meta(first)->getValue<int>("total_count"), 1170);
  EXPECT_EQ(Meta(first)->getValue<int>("total_pages"), 47);
  EXPECT_EQ(simtest::Json(first)->getArray("data")->size(), 25u);
  std::set<std::string> ids;
  for (int page = 1; page <= 12; ++page) {
    HttpReply reply = GetCatalogue("?page_size=100&page=" + std::to_string(page));
    ASSERT_EQ(reply.status, 200);
    auto data = simtest::Json(reply)->getArray("data");
    for (std::size_t i = 0; i < data->size(); ++i) {
      ids.insert(data->getObject(i)->getValue<std::string>("id"));
    }
  }
  EXPECT_EQ(ids.size(), 1170u);
}

TEST_F(HostCatalogueTest, FiltersAndSorts) {
  const auto fixture = simtest::ListedFixtureCards();
  int jpy = 0, dining_or_fashion = 0;
  for (const auto& card : fixture) {
    jpy += card.currency == "JPY";
    for (const auto& c : card.categories) {
      if (c == "Dining" || c == "Fashion") {
        ++dining_or_fashion;
        break;
      }
    }
  }
  HttpReply by_currency = GetCatalogue("?currency=JPY");
  ASSERT_EQ(by_currency.status, 200);
  EXPECT_EQ(Meta(by_currency)->getValue<int>("total_count"), jpy);
  HttpReply by_category = GetCatalogue("?category=Dining,Fashion");
  ASSERT_EQ(by_category.status, 200);
  EXPECT_EQ(Meta(by_category)->getValue<int>("total_count"), dining_or_fashion);
  HttpReply by_name = GetCatalogue("?q=GOLDEN&page_size=100");
  ASSERT_EQ(by_name.status, 200);
  auto named = simtest::Json(by_name)->getArray("data");
  ASSERT_GT(named->size(), 0u);
  for (std::size_t i = 0; i < named->size(); ++i) {
    std::string name = named->getObject(i)->getValue<std::string>("name");
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    EXPECT_NE(name.find("golden"), std::string::npos) << name;
  }

  HttpReply asc = GetCatalogue("?sort=name:asc&page=47&page_size=25");
  HttpReply desc = GetCatalogue("?sort=name:desc&page=1&page_size=25");
  ASSERT_EQ(asc.status, 200);
  ASSERT_EQ(desc.status, 200);
  auto last_asc = simtest::Json(asc)->getArray("data");
  auto first_desc = simtest::Json(desc)->getArray("data");
  ASSERT_GT(last_asc->size(), 0u);
  EXPECT_EQ(last_asc->getObject(last_asc->size() - 1)->getValue<std::string>("id"),
            first_desc->getObject(0)->getValue<std::string>("id"));

  EXPECT_EQ(GetCatalogue("?page_size=101").status, 400);
}

TEST_F(HostCatalogueTest, CardDetailWithPointsPrices) {
  ASSERT_EQ(GetCatalogue("").status, 200);
  HttpReply card = HttpCall("GET", Url("/api/gift-cards/" + simtest::kUsdCard));
  ASSERT_EQ(card.status, 200) << card.body;
  auto body = simtest::Json(card);
  EXPECT_EQ(body->getValue<std::string>("id"), simtest::kUsdCard);
  auto denominations = body->getArray("denominations");
  ASSERT_GT(denominations->size(), 0u);
  for (std::size_t i = 0; i < denominations->size(); ++i) {
    auto d = denominations->getObject(i);
    if (d->getValue<std::string>("value") == "50.00") {
      EXPECT_EQ(d->getValue<int>("points"), 5000);
    }
  }
  HttpReply missing = HttpCall("GET", Url("/api/gift-cards/no-such-card"));
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("card_not_found"), std::string::npos);
}

TEST_F(HostCatalogueTest, InvalidSettingsAreRefusedWithEveryProblemListed) {
  HttpReply reply =
      HttpCall("PUT", Url("/admin/plugins/ascenda/settings"),
               R"({"ascenda.base_url":"http://example.com","ascenda.catalogue.ttl_s":7200,)"
               R"("ascenda.pricing.cpp":"usd:1","ascenda.api_version":"1.2"})",
               {{"Authorization", std::string("Bearer ") + kEndToEndAdminToken},
                {"Content-Type", "application/json"}});
  ASSERT_EQ(reply.status, 422) << reply.body;
  std::set<std::string> keys;
  auto problems = simtest::Json(reply)->getArray("problems");
  for (std::size_t i = 0; i < problems->size(); ++i) {
    keys.insert(problems->getObject(i)->getValue<std::string>("key"));
  }
  EXPECT_TRUE(keys.count("ascenda.base_url"));
  EXPECT_TRUE(keys.count("ascenda.catalogue.ttl_s"));
  EXPECT_TRUE(keys.count("ascenda.pricing.cpp"));
  EXPECT_TRUE(keys.count("ascenda.api_version"));
  EXPECT_EQ(GetCatalogue("").status, 200);  // the old settings stay in force
}

TEST_F(HostCatalogueTest, HealthyAndNoSecretInTheLog) {
  ASSERT_EQ(GetCatalogue("").status, 200);
  HttpReply health = HttpCall("GET", Url("/healthz"));
  ASSERT_EQ(health.status, 200) << health.body;
  EXPECT_EQ(simtest::Json(health)->getValue<std::string>("status"), "ok") << health.body;
  const std::string log = HostLog();
  EXPECT_NE(log.find("catalogue refreshed: 1170 cards"), std::string::npos) << log;
  EXPECT_EQ(log.find("test-secret"), std::string::npos);
  EXPECT_EQ(log.find("Bearer sim_"), std::string::npos);
}

namespace etag_test {

int MaxAge(const HttpReply& reply) {
  auto it = reply.headers.find("cache-control");
  if (it == reply.headers.end()) return -1;
  const std::string& value = it->second;
  const std::string prefix = "max-age=";
  if (value.rfind(prefix, 0) != 0) return -1;
  return std::stoi(value.substr(prefix.size()));
}

}  // namespace etag_test

// The listing carries an ETag and a Cache-Control that no cache may keep past
// the catalogue TTL; the same ETag back in If-None-Match answers 304 without
// a body, another ETag (or another query) the page.
TEST_F(HostCatalogueTest, ListingAnswersNotModifiedForItsETag) {
  HttpReply page = GetCatalogue("?page_size=25");
  ASSERT_EQ(page.status, 200) << page.body;
  const std::string etag = page.headers["etag"];
  ASSERT_EQ(etag.size(), 35u) << etag;  // "<16 hex>-<16 hex>"
  EXPECT_EQ(etag.front(), '"');
  EXPECT_EQ(etag.back(), '"');
  const int max_age = etag_test::MaxAge(page);
  EXPECT_GT(max_age, 0) << page.headers["cache-control"];
  EXPECT_LE(max_age, 3600);
  EXPECT_NE(page.headers["cache-control"].find("must-revalidate"), std::string::npos);

  HttpReply again =
      HttpCall("GET", Url("/api/gift-cards?page_size=25"), "", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(again.body, "");
  EXPECT_EQ(again.headers["etag"], etag);
  EXPECT_LE(etag_test::MaxAge(again), max_age);
  EXPECT_GE(etag_test::MaxAge(again), 0);

  HttpReply listed = HttpCall("GET", Url("/api/gift-cards?page_size=25"), "",
                              {{"If-None-Match", "\"other\", W/" + etag}});
  EXPECT_EQ(listed.status, 304);
  HttpReply star =
      HttpCall("GET", Url("/api/gift-cards?page_size=25"), "", {{"If-None-Match", "*"}});
  EXPECT_EQ(star.status, 304);

  HttpReply stale = HttpCall("GET", Url("/api/gift-cards?page_size=25"), "",
                             {{"If-None-Match", "\"0000000000000000-0000000000000000\""}});
  ASSERT_EQ(stale.status, 200);
  EXPECT_EQ(stale.body, page.body);
  EXPECT_EQ(stale.headers["etag"], etag);

  HttpReply other =
      HttpCall("GET", Url("/api/gift-cards?page_size=25&page=2"), "", {{"If-None-Match", etag}});
  ASSERT_EQ(other.status, 200);
  EXPECT_NE(other.headers["etag"], etag);
  EXPECT_NE(other.body, page.body);
}

// On the host's manual clock: max-age is what is left of the snapshot's TTL,
// so it shrinks as the snapshot ages, whatever the request.
TEST(HostCatalogueTtlTest, MaxAgeIsWhatIsLeftOfTheTtl) {
  auto sim = SimHarness::Start();
  testsupport::EndToEndOptions options;
  options.manual_clock = true;
  options.settings["ascenda.catalogue.ttl_s"] = "3600";
  testsupport::EndToEndHost host(*sim, options);
  host.Start();
  HttpReply first = HttpCall("GET", host.Url("/api/gift-cards"));
  ASSERT_EQ(first.status, 200) << first.body;
  const int fresh = etag_test::MaxAge(first);
  EXPECT_GT(fresh, 3000);
  EXPECT_LE(fresh, 3600);
  host.Advance(1200);
  HttpReply later =
      HttpCall("GET", host.Url("/api/gift-cards"), "", {{"If-None-Match", first.headers["etag"]}});
  ASSERT_TRUE(later.status == 304 || later.status == 200) << later.status;
  const int left = etag_test::MaxAge(later);
  EXPECT_LE(left, fresh - 1200);
  EXPECT_GE(left, 0);
}

}  // namespace
}  // namespace ascenda
