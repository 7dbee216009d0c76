// The catalogue sync against the real ascenda-sim over real HTTPS: every page
// of the 1,170 listed fixture cards, refresh ahead of the TTL with an
// advanced clock, failed refreshes before and after the TTL, 429 with
// Retry-After, one refresh at a time, re-pricing without a fetch.
#include "ascenda/catalogue/catalogue_sync.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "ascenda_test_env.h"
#include "support/wait_until.h"

namespace ascenda {
namespace {

using rewards::StatusCode;
using simtest::SimHarness;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

class CatalogueSyncTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { sim_ = SimHarness::Start().release(); }
  static void TearDownTestSuite() {
    delete sim_;
    sim_ = nullptr;
  }
  void SetUp() override {
    ASSERT_EQ(sim_->Control("POST", "/control/reset").status, 200);
    settings_ = test::SimSettings(*sim_);
    CatalogueSync::Options options;
    options.sleep = [this](milliseconds d) {
      std::lock_guard<std::mutex> lock(sleeps_mu_);
      sleeps_.push_back(d);
    };
    sync_ = std::make_unique<CatalogueSync>(cache_, clock_, logger_, options);
    sync_->SetPricing(PricingTable(settings_.cost_per_point));
    auto client = AscendaClient::Create(settings_, clock_, logger_);
    ASSERT_TRUE(client.ok()) << client.status().ToString();
    sync_->SetClient(std::shared_ptr<AscendaClient>(std::move(client).value()));
  }
  std::int64_t ListRequests() { return test::SimStat(*sim_, "requests"); }

  static SimHarness* sim_;
  AscendaSettings settings_;
  test::OffsetClock clock_;
  test::CapturingLogger logger_;
  CatalogueCache cache_{clock_, seconds(3600)};
  std::unique_ptr<CatalogueSync> sync_;
  std::mutex sleeps_mu_;
  std::vector<milliseconds> sleeps_;
};
SimHarness* CatalogueSyncTest::sim_ = nullptr;

TEST_F(CatalogueSyncTest, FetchesEveryPageIntoOneSnapshot) {
  const std::int64_t before = ListRequests();
  ASSERT_TRUE(sync_->Refresh().ok());
  auto snapshot = cache_.Current();
  ASSERT_TRUE(snapshot.ok());
  const auto listed = simtest::ListedFixtureCards();
  ASSERT_EQ(listed.size(), 1170u);
  ASSERT_EQ(snapshot.value()->size(), listed.size());
  std::set<std::string> expected, got;
  for (const auto& card : listed) expected.insert(card.id);
  for (const auto& card : snapshot.value()->cards()) got.insert(card->id);
  EXPECT_EQ(got, expected);
  // A token and 12 pages of 100.
  EXPECT_EQ(ListRequests() - before, 13);
  EXPECT_EQ(sync_->state().cards, 1170u);
  EXPECT_EQ(sync_->state().refreshes, 1);
  EXPECT_TRUE(logger_.Contains("catalogue refreshed: 1170 cards in 12 pages"));
}

TEST_F(CatalogueSyncTest, TickRefreshesAheadOfTheTtlOnly) {
  sync_->Tick();  // a new client asks for a first refresh
  ASSERT_EQ(sync_->state().refreshes, 1);
  sync_->Tick();
  EXPECT_EQ(sync_->state().refreshes, 1);
  clock_.Advance(minutes(47));
  sync_->Tick();
  EXPECT_EQ(sync_->state().refreshes, 1);
  clock_.Advance(minutes(1));  // 48 min: 80% of the hour
  sync_->Tick();
  EXPECT_EQ(sync_->state().refreshes, 2);
  // The new snapshot is served for a full TTL from its fetch.
  clock_.Advance(minutes(59));
  EXPECT_TRUE(cache_.Current().ok());
}

TEST_F(CatalogueSyncTest, FailedRefreshServesTheOldSnapshotOnlyUntilTheTtl) {
  ASSERT_TRUE(sync_->Refresh().ok());
  const SnapshotPtr first = cache_.Current().value();
  test::AddFault(*sim_, "list_gift_cards", "status_503", 1000);
  clock_.Advance(minutes(50));
  rewards::Status failed = sync_->Refresh();
  EXPECT_EQ(failed.code(), StatusCode::kUnknown);
  EXPECT_EQ(failed.error(), "http_503");
  EXPECT_EQ(sync_->state().consecutive_failures, 1);
  EXPECT_EQ(sync_->state().last_error.error(), "http_503");
  auto current = cache_.Current();
  ASSERT_TRUE(current.ok());  // 50 minutes old: still served
  EXPECT_EQ(current.value(), first);

  clock_.Advance(minutes(10));  // a full hour: never older data
  EXPECT_FALSE(sync_->Refresh().ok());
  auto page = cache_.Query(rewards::CatalogueQuery());
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(page.status().error(), "catalogue_unavailable");

  ASSERT_EQ(sim_->Control("DELETE", "/control/faults").status, 200);
  ASSERT_TRUE(sync_->Refresh().ok());
  EXPECT_TRUE(cache_.Query(rewards::CatalogueQuery()).ok());
  EXPECT_EQ(sync_->state().consecutive_failures, 0);
}

TEST_F(CatalogueSyncTest, AFailureOnALaterPageKeepsTheOldSnapshot) {
  ASSERT_TRUE(sync_->Refresh().ok());
  const SnapshotPtr first = cache_.Current().value();
  // Scripted faults apply in order: page 1 is only slowed down (and then
  // answered), every later page request fails.
  const std::int64_t before = ListRequests();
  test::AddFault(*sim_, "list_gift_cards", "delay", 1, 1);
  test::AddFault(*sim_, "list_gift_cards", "status_500", 1000);
  clock_.Advance(seconds(1));
  rewards::Status failed = sync_->Refresh();
  EXPECT_EQ(failed.error(), "NN0001");
  EXPECT_EQ(cache_.Current().value(), first);
  EXPECT_GT(ListRequests() - before, 2);
}

TEST_F(CatalogueSyncTest, TickBacksOffAfterAFailure) {
  test::AddFault(*sim_, "list_gift_cards", "status_503", 1000);
  sync_->Tick();
  ASSERT_EQ(sync_->state().consecutive_failures, 1);
  const std::int64_t before = ListRequests();
  sync_->Tick();  // within the 5 s back-off: nothing asked
  EXPECT_EQ(ListRequests(), before);
  clock_.Advance(seconds(5));
  sync_->Tick();
  EXPECT_EQ(sync_->state().consecutive_failures, 2);
  EXPECT_GT(ListRequests(), before);
}

TEST_F(CatalogueSyncTest, StoppedSimIsARetryableFailureAndTheOldDataStays) {
  auto own = SimHarness::Start();
  AscendaSettings settings = test::SimSettings(*own);
  CatalogueCache cache(clock_, seconds(3600));
  CatalogueSync sync(cache, clock_, logger_);
  sync.SetPricing(PricingTable(settings.cost_per_point));
  sync.SetClient(std::shared_ptr<AscendaClient>(
      AscendaClient::Create(settings, clock_, logger_).value().release()));
  ASSERT_TRUE(sync.Refresh().ok());
  own.reset();  // the sim is gone
  clock_.Advance(minutes(49));
  rewards::Status failed = sync.Refresh();
  EXPECT_EQ(failed.code(), StatusCode::kUnavailable);
  EXPECT_EQ(failed.error(), "connection_refused");
  EXPECT_TRUE(cache.Current().ok());
  clock_.Advance(minutes(11));
  EXPECT_EQ(cache.Current().status().error(), "catalogue_unavailable");
}

TEST_F(CatalogueSyncTest, RateLimitedPageWaitsRetryAfterAndCarriesOn) {
  test::AddFault(*sim_, "list_gift_cards", "status_429", 2);
  ASSERT_TRUE(sync_->Refresh().ok());
  EXPECT_EQ(cache_.Current().value()->size(), 1170u);
  std::lock_guard<std::mutex> lock(sleeps_mu_);
  EXPECT_EQ(sleeps_, (std::vector<milliseconds>{milliseconds(1000), milliseconds(1000)}));
}

TEST_F(CatalogueSyncTest, OneRefreshAtATime) {
  test::AddFault(*sim_, "list_gift_cards", "delay", 1, 800);  // page 1 is slow
  const std::int64_t before = ListRequests();
  std::thread first([&] { EXPECT_TRUE(sync_->Refresh().ok()); });
  // The first refresh has begun: its slow page 1 reached the sim.
  ASSERT_TRUE(testsupport::WaitUntil([&] { return ListRequests() > before; }, milliseconds(800)));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(sync_->Refresh().ok());  // returns at once: the first one publishes
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(300));
  first.join();
  EXPECT_EQ(sync_->state().refreshes, 1);
  EXPECT_EQ(ListRequests() - before, 13);
}

TEST_F(CatalogueSyncTest, PricingChangeRepricesWithoutFetchingOrAgeing) {
  ASSERT_TRUE(sync_->Refresh().ok());
  const SnapshotPtr first = cache_.Current().value();
  auto usd = first->Quote(simtest::kUsdCard, "50.00", "USD");
  ASSERT_TRUE(usd.ok());
  EXPECT_EQ(usd->points, 5000);
  const std::int64_t before = ListRequests();
  auto prices = settings_.cost_per_point;
  prices["USD"] = "0.02";
  prices.erase("HKD");
  sync_->SetPricing(PricingTable(prices));
  const SnapshotPtr second = cache_.Current().value();
  EXPECT_NE(second, first);
  EXPECT_EQ(second->fetched_at_monotonic(), first->fetched_at_monotonic());
  EXPECT_EQ(second->Quote(simtest::kUsdCard, "50.00", "USD")->points, 2500);
  EXPECT_EQ(ListRequests(), before);
  // HKD cards are hidden now, and that is said once.
  EXPECT_LT(second->size(), first->size());
  EXPECT_EQ(logger_.Count("no cost per point is set for HKD"), 1);
  ASSERT_TRUE(sync_->Refresh().ok());
  EXPECT_EQ(logger_.Count("no cost per point is set for HKD"), 1);
}

TEST_F(CatalogueSyncTest, WithoutAClientNothingIsFetched) {
  sync_->SetClient(nullptr);
  rewards::Status status = sync_->Refresh();
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);
  EXPECT_EQ(status.error(), "not_configured");
}

}  // namespace
}  // namespace ascenda
