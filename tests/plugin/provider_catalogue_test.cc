// AscendaProvider's catalogue wiring, with a test host (manual scheduler,
// capturing logger, advancing clock) and the real ascenda-sim over HTTPS:
// start-up sync through the scheduler, listing filters / sorts / paging,
// card detail and quotes, settings changes (pricing, credentials, TLS
// verification off), not-configured and stale-catalogue answers, health.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "ascenda/catalogue/name_fold.h"
#include "ascenda/provider/ascenda_provider.h"
#include "ascenda_test_env.h"

namespace ascenda {
namespace {

using rewards::StatusCode;
using simtest::SimHarness;
using std::chrono::minutes;

class ProviderCatalogueTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { sim_ = SimHarness::Start().release(); }
  static void TearDownTestSuite() {
    delete sim_;
    sim_ = nullptr;
  }
  void SetUp() override { ASSERT_EQ(sim_->Control("POST", "/control/reset").status, 200); }
  void TearDown() override {
    if (host_ == nullptr) return;
    if (provider_) (void)provider_->Stop(std::chrono::steady_clock::now());
    for (const auto& line : host_->log().Lines()) {
      EXPECT_EQ(line.find("test-secret"), std::string::npos) << line;
      EXPECT_EQ(line.find("sim_"), std::string::npos) << line;  // sim tokens start so
    }
  }

  // Starts a provider with the sim's settings plus `overrides`, and runs the
  // first sync the way the host would (the one-shot task Start scheduled).
  void StartProvider(const std::map<std::string, std::string>& overrides = {},
                     bool run_first_sync = true) {
    auto values = test::SimSettingValues(*sim_);
    for (const auto& [k, v] : overrides) values[k] = v;
    host_ = std::make_unique<test::TestHost>(values);
    provider_ = std::make_unique<AscendaProvider>(*host_);
    ASSERT_TRUE(provider_->Start().ok());
    if (run_first_sync) host_->test_scheduler().RunOnce();
  }

  rewards::CataloguePage List(rewards::CatalogueQuery query) {
    auto page = provider_->ListCatalogue(query);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    return page.ok() ? page.value() : rewards::CataloguePage();
  }

  // Every card of a query, walking its pages.
  std::vector<rewards::GiftCardPtr> All(rewards::CatalogueQuery query) {
    std::vector<rewards::GiftCardPtr> out;
    query.page_size = 100;
    for (query.page = 1;; ++query.page) {
      auto page = List(query);
      if (page.cards.empty()) break;
      out.insert(out.end(), page.cards.begin(), page.cards.end());
    }
    return out;
  }

  static SimHarness* sim_;
  std::unique_ptr<test::TestHost> host_;
  std::unique_ptr<AscendaProvider> provider_;
};
SimHarness* ProviderCatalogueTest::sim_ = nullptr;

TEST_F(ProviderCatalogueTest, StartSchedulesThePeriodicSyncAndAFirstOneWithoutWaiting) {
  StartProvider({}, /*run_first_sync=*/false);
  EXPECT_EQ(host_->test_scheduler().PeriodicNames(),
            (std::vector<std::string>{"ascenda-catalogue-sync", "ascenda-webhook-sweep",
                                      "ascenda-reconcile"}));
  EXPECT_EQ(host_->test_scheduler().PeriodicInterval("ascenda-catalogue-sync"),
            std::chrono::milliseconds(5000));
  auto before = provider_->ListCatalogue({});
  ASSERT_FALSE(before.ok());
  EXPECT_EQ(before.status().error(), "catalogue_unavailable");
  EXPECT_EQ(provider_->GetHealth().state, rewards::HealthState::kDegraded);
  // The first sync, the first webhook sweep and the first reconcile.
  EXPECT_EQ(host_->test_scheduler().RunOnce(), 3);
  EXPECT_TRUE(provider_->ListCatalogue({}).ok());
  EXPECT_EQ(provider_->GetHealth().state, rewards::HealthState::kHealthy);
  EXPECT_TRUE(provider_->GetHealth().notes.empty());
}

TEST_F(ProviderCatalogueTest, PagesThroughEveryCardWithTheSimsTotal) {
  StartProvider();
  auto sim_page = sim_->Api("GET", "/gift_cards?page_size=1");
  ASSERT_EQ(sim_page.status, 200);
  const auto sim_total = simtest::Json(sim_page)->getObject("meta")->getValue<int>("total_count");
  rewards::CatalogueQuery query;
  query.page_size = 25;
  auto first = List(query);
  EXPECT_EQ(first.total_count, sim_total);
  EXPECT_EQ(first.total_pages, (sim_total + 24) / 25);
  std::set<std::string> seen;
  for (query.page = 1; query.page <= first.total_pages; ++query.page) {
    for (const auto& card : List(query).cards) seen.insert(card->id);
  }
  EXPECT_EQ(static_cast<int>(seen.size()), sim_total);
  query.page = static_cast<int>(first.total_pages) + 1;
  auto past = List(query);
  EXPECT_TRUE(past.cards.empty());
  EXPECT_EQ(past.total_count, sim_total);
}

TEST_F(ProviderCatalogueTest, BothSortsAreOppositeNameOrders) {
  StartProvider();
  rewards::CatalogueQuery asc;
  auto up = All(asc);
  rewards::CatalogueQuery desc;
  desc.sort = rewards::SortOrder::kNameDescending;
  auto down = All(desc);
  ASSERT_EQ(up.size(), 1170u);
  ASSERT_EQ(down.size(), up.size());
  for (std::size_t i = 1; i < up.size(); ++i) {
    EXPECT_LE(FoldCase(up[i - 1]->name), FoldCase(up[i]->name)) << i;
  }
  std::reverse(down.begin(), down.end());
  for (std::size_t i = 0; i < up.size(); ++i) EXPECT_EQ(up[i]->id, down[i]->id) << i;
}

TEST_F(ProviderCatalogueTest, FiltersMatchTheFixture) {
  StartProvider();
  const auto fixture = simtest::ListedFixtureCards();
  auto count = [&](auto predicate) {
    return static_cast<std::int64_t>(std::count_if(fixture.begin(), fixture.end(), predicate));
  };

  rewards::CatalogueQuery jpy;
  jpy.currency = "JPY";
  auto jpy_cards = All(jpy);
  EXPECT_EQ(static_cast<std::int64_t>(jpy_cards.size()),
            count([](const simtest::FixtureCard& c) { return c.currency == "JPY"; }));
  for (const auto& card : jpy_cards) EXPECT_EQ(card->currency, "JPY");

  rewards::CatalogueQuery categories;
  categories.categories = {"Dining", "Fashion"};
  EXPECT_EQ(List(categories).total_count, count([](const simtest::FixtureCard& c) {
              return std::count(c.categories.begin(), c.categories.end(), "Dining") > 0 ||
                     std::count(c.categories.begin(), c.categories.end(), "Fashion") > 0;
            }));

  rewards::CatalogueQuery name;
  name.name_contains = "GOLDEN";
  const auto golden = count([](const simtest::FixtureCard& c) {
    return FoldCase(c.name).find("golden") != std::string::npos;
  });
  ASSERT_GT(golden, 0);
  EXPECT_EQ(List(name).total_count, golden);

  rewards::CatalogueQuery all_three;
  all_three.currency = "USD";
  all_three.categories = {"Dining"};
  all_three.name_contains = "a";
  for (const auto& card : All(all_three)) {
    EXPECT_EQ(card->currency, "USD");
    EXPECT_NE(std::find(card->categories.begin(), card->categories.end(), "Dining"),
              card->categories.end());
    EXPECT_NE(FoldCase(card->name).find('a'), std::string::npos);
  }

  rewards::CatalogueQuery unknown;
  unknown.categories = {"Dinning"};
  EXPECT_EQ(List(unknown).total_count, 0);

  rewards::CatalogueQuery bad;
  bad.page_size = 101;
  auto refused = provider_->ListCatalogue(bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(ProviderCatalogueTest, CardDetailAndQuotes) {
  StartProvider();
  auto card = provider_->GetGiftCard(simtest::kUsdCard);
  ASSERT_TRUE(card.ok());
  EXPECT_EQ(card.value()->currency, "USD");
  auto missing = provider_->GetGiftCard("no-such-card");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().error(), "card_not_found");
  auto out_of_stock = provider_->GetGiftCard(simtest::kOutOfStockCard);
  EXPECT_EQ(out_of_stock.status().code(), StatusCode::kNotFound);

  auto quote = provider_->QuoteGiftCard(simtest::kUsdCard, "50.00", "USD");
  ASSERT_TRUE(quote.ok());
  EXPECT_EQ(quote->points, 5000);
  auto jpy = provider_->QuoteGiftCard(simtest::kJpyCard, "5000", "JPY");
  ASSERT_TRUE(jpy.ok()) << jpy.status().ToString();
  EXPECT_EQ(jpy->points, 5000);
  EXPECT_EQ(provider_->QuoteGiftCard(simtest::kUsdCard, "49.00", "USD").status().error(),
            "card_unavailable");
  EXPECT_EQ(provider_->QuoteGiftCard(simtest::kUsdCard, "50.00", "EUR").status().error(),
            "card_unavailable");
}

TEST_F(ProviderCatalogueTest, PricingChangeRepricesAtOnce) {
  StartProvider();
  ASSERT_EQ(provider_->QuoteGiftCard(simtest::kUsdCard, "50.00", "USD")->points, 5000);
  const std::int64_t requests = test::SimStat(*sim_, "requests");
  host_->test_settings().Change(
      {{"ascenda.pricing.cpp", "USD:0.03,SGD:0.0075,EUR:0.01,AUD:0.01,JPY:1,GBP:0.01,CAD:0.01"}});
  auto quote = provider_->QuoteGiftCard(simtest::kUsdCard, "50.00", "USD");
  ASSERT_TRUE(quote.ok());
  EXPECT_EQ(quote->points, 1667);                         // 50 / 0.03 rounded up
  EXPECT_EQ(test::SimStat(*sim_, "requests"), requests);  // no fetch needed
  rewards::CatalogueQuery hkd;
  hkd.currency = "HKD";
  EXPECT_EQ(List(hkd).total_count, 0);
  EXPECT_TRUE(host_->log().Contains("no cost per point is set for HKD"));
}

TEST_F(ProviderCatalogueTest, CredentialChangeDropsTheTokenAndResyncs) {
  StartProvider();
  const std::int64_t issued = test::SimStat(*sim_, "tokens_issued");
  host_->test_settings().Change({{"ascenda.client_secret", "wrong-secret"}});
  host_->test_scheduler().RunOnce();                         // the sync a settings change asks for
  EXPECT_EQ(test::SimStat(*sim_, "tokens_issued"), issued);  // refused, none issued
  rewards::Health health = provider_->GetHealth();
  EXPECT_EQ(health.state, rewards::HealthState::kDegraded);
  ASSERT_EQ(health.notes.size(), 1u);
  EXPECT_NE(health.notes[0].find("catalogue refresh failing"), std::string::npos);
  EXPECT_NE(health.notes[0].find("NN1401"), std::string::npos) << health.notes[0];
  EXPECT_TRUE(provider_->ListCatalogue({}).ok());  // the old snapshot, still young

  host_->test_settings().Change({{"ascenda.client_secret", "test-secret"}});
  host_->test_scheduler().RunOnce();
  EXPECT_EQ(test::SimStat(*sim_, "tokens_issued"), issued + 1);  // a new client, a new token
  EXPECT_EQ(provider_->GetHealth().state, rewards::HealthState::kHealthy);
  EXPECT_FALSE(host_->log().Contains("wrong-secret"));
}

TEST_F(ProviderCatalogueTest, StaleCatalogueIsUnavailableAndUnhealthy) {
  StartProvider();
  test::AddFault(*sim_, "list_gift_cards", "status_502", 1000);
  host_->test_clock().Advance(minutes(49));
  host_->test_scheduler().RunPeriodic();  // due at 48 min; fails
  EXPECT_TRUE(provider_->ListCatalogue({}).ok());
  host_->test_clock().Advance(minutes(11));
  host_->test_scheduler().RunPeriodic();
  auto page = provider_->ListCatalogue({});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(page.status().error(), "catalogue_unavailable");
  EXPECT_EQ(provider_->GetGiftCard(simtest::kUsdCard).status().error(), "catalogue_unavailable");
  EXPECT_EQ(provider_->QuoteGiftCard(simtest::kUsdCard, "50.00", "USD").status().error(),
            "catalogue_unavailable");
  rewards::Health health = provider_->GetHealth();
  EXPECT_EQ(health.state, rewards::HealthState::kDegraded);
  EXPECT_EQ(health.notes.size(), 2u);

  ASSERT_EQ(sim_->Control("DELETE", "/control/faults").status, 200);
  host_->test_clock().Advance(minutes(1));  // past the back-off
  host_->test_scheduler().RunPeriodic();
  EXPECT_TRUE(provider_->ListCatalogue({}).ok());
}

TEST_F(ProviderCatalogueTest, TtlSettingIsHonoured) {
  StartProvider({{"ascenda.catalogue.ttl_s", "60"}});
  test::AddFault(*sim_, "list_gift_cards", "status_503", 1000);
  host_->test_clock().Advance(std::chrono::seconds(59));
  EXPECT_TRUE(provider_->ListCatalogue({}).ok());
  host_->test_clock().Advance(std::chrono::seconds(1));
  EXPECT_EQ(provider_->ListCatalogue({}).status().error(), "catalogue_unavailable");
}

TEST_F(ProviderCatalogueTest, VerifyPeerOffIsLoudInTheLogAndHealth) {
  StartProvider({{"ascenda.tls.verify_peer", "false"}});
  EXPECT_TRUE(host_->log().Contains("WARNING TLS PEER VERIFICATION IS OFF"));
  EXPECT_TRUE(provider_->ListCatalogue({}).ok());
  rewards::Health health = provider_->GetHealth();
  EXPECT_EQ(health.state, rewards::HealthState::kDegraded);
  ASSERT_EQ(health.notes.size(), 1u);
  EXPECT_NE(health.notes[0].find("TLS peer verification is OFF"), std::string::npos);
}

TEST_F(ProviderCatalogueTest, MissingSettingsAnswerNotConfigured) {
  const std::int64_t requests = test::SimStat(*sim_, "requests");
  StartProvider({{"ascenda.client_id", ""}, {"ascenda.pricing.cpp", ""}});
  auto page = provider_->ListCatalogue({});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(page.status().error(), "catalogue_unavailable");
  EXPECT_EQ(page.status().details().at("reason"), "not_configured");
  EXPECT_NE(page.status().message().find("ascenda.client_id"), std::string::npos);
  EXPECT_EQ(test::SimStat(*sim_, "requests"), requests);  // nothing asked of Ascenda
  rewards::Health health = provider_->GetHealth();
  EXPECT_EQ(health.state, rewards::HealthState::kDegraded);
  EXPECT_NE(health.notes[0].find("ascenda.client_id"), std::string::npos);
}

TEST_F(ProviderCatalogueTest, InvalidSettingsAreRefusedWithEveryProblemListed) {
  host_ = std::make_unique<test::TestHost>(test::SimSettingValues(*sim_));
  provider_ = std::make_unique<AscendaProvider>(*host_);
  auto values = test::SimSettingValues(*sim_);
  values["ascenda.base_url"] = "http://localhost:1";
  values["ascenda.catalogue.ttl_s"] = "7200";
  values["ascenda.pricing.cpp"] = "usd:0.01";
  values["ascenda.client_secret"] = "";
  values["ascenda.timeout.connect_ms"] = "soon";
  auto problems = provider_->ValidateSettings(rewards::SettingsValues(values));
  std::set<std::string> keys;
  for (const auto& p : problems) keys.insert(p.key);
  EXPECT_EQ(keys, (std::set<std::string>{"ascenda.base_url", "ascenda.catalogue.ttl_s",
                                         "ascenda.pricing.cpp", "ascenda.client_secret",
                                         "ascenda.timeout.connect_ms"}));
  provider_.reset();
  host_.reset();
}

TEST_F(ProviderCatalogueTest, BeforeStartAndAfterStopNothingIsServed) {
  host_ = std::make_unique<test::TestHost>(test::SimSettingValues(*sim_));
  provider_ = std::make_unique<AscendaProvider>(*host_);
  EXPECT_EQ(provider_->ListCatalogue({}).status().error(), "provider_unavailable");
  ASSERT_TRUE(provider_->Start().ok());
  host_->test_scheduler().RunOnce();
  EXPECT_TRUE(provider_->ListCatalogue({}).ok());
  EXPECT_EQ(provider_->Redeem({}).status().code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(provider_->Stop(std::chrono::steady_clock::now()).ok());
  EXPECT_TRUE(host_->test_scheduler().PeriodicNames().empty());  // the sync task is cancelled
  EXPECT_EQ(provider_->ListCatalogue({}).status().error(), "provider_unavailable");
}

}  // namespace
}  // namespace ascenda
