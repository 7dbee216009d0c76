// The catalogue cache: a snapshot is served only while younger than the TTL,
// a refresh is due at 80% of it, publishing swaps snapshots atomically.
#include "ascenda/catalogue/catalogue_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "ascenda/catalogue/catalogue_snapshot.h"
#include "ascenda/pricing/pricing_table.h"
#include "support/manual_clock.h"

namespace ascenda {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;

class CatalogueCacheTest : public ::testing::Test {
 protected:
  // A one-card snapshot fetched now (by the test clock), named `name`.
  SnapshotPtr Fetch(const std::string& name = "Amazon") {
    wire::GiftCardRecord card;
    card.id = "amz";
    card.name = name;
    card.currency = "USD";
    card.denominations = {"25.00"};
    PricingTable pricing(std::map<std::string, std::string>{{"USD", "0.01"}});
    return CatalogueSnapshot::Build({card}, pricing, clock_.Now(), clock_.Monotonic()).snapshot;
  }

  static void ExpectUnavailable(const rewards::Status& status) {
    EXPECT_EQ(status.code(), rewards::StatusCode::kUnavailable);
    EXPECT_EQ(status.retry_class(), rewards::RetryClass::kRetryable);
    EXPECT_EQ(status.error(), "catalogue_unavailable");
    EXPECT_FALSE(status.message().empty());
  }

  testsupport::ManualClock clock_;
  CatalogueCache cache_{clock_, hours(1)};
};

TEST_F(CatalogueCacheTest, NothingPublishedIsUnavailable) {
  auto current = cache_.Current();
  ASSERT_FALSE(current.ok());
  ExpectUnavailable(current.status());
  ExpectUnavailable(cache_.Query(rewards::CatalogueQuery()).status());
  ExpectUnavailable(cache_.Quote("amz", "25.00", "USD").status());
  EXPECT_TRUE(cache_.RefreshDue());
}

TEST_F(CatalogueCacheTest, ServesTheSnapshotUntilTheTtl) {
  SnapshotPtr snapshot = Fetch();
  EXPECT_TRUE(cache_.Publish(snapshot));
  auto current = cache_.Current();
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(current.value(), snapshot);
  clock_.Advance(seconds(3599) + milliseconds(999));
  EXPECT_TRUE(cache_.Current().ok());
  clock_.Advance(milliseconds(1));  // exactly one hour old
  current = cache_.Current();
  ASSERT_FALSE(current.ok());
  ExpectUnavailable(current.status());
}

TEST_F(CatalogueCacheTest, QueryAndQuoteFollowTheTtl) {
  ASSERT_TRUE(cache_.Publish(Fetch()));
  clock_.Advance(seconds(3599));
  auto page = cache_.Query(rewards::CatalogueQuery());
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total_count, 1);
  auto quote = cache_.Quote("amz", "25.00", "USD");
  ASSERT_TRUE(quote.ok());
  EXPECT_EQ(quote->points, 2500);
  clock_.Advance(seconds(1));
  ExpectUnavailable(cache_.Query(rewards::CatalogueQuery()).status());
  ExpectUnavailable(cache_.Quote("amz", "25.00", "USD").status());
}

TEST_F(CatalogueCacheTest, QueryErrorsOfTheSnapshotPassThrough) {
  ASSERT_TRUE(cache_.Publish(Fetch()));
  EXPECT_EQ(cache_.Quote("amz", "10.00", "USD").status().error(), "card_unavailable");
  rewards::CatalogueQuery bad;
  bad.page_size = 0;
  EXPECT_EQ(cache_.Query(bad).status().error(), "invalid_query");
}

TEST_F(CatalogueCacheTest, AgeCountsFromTheFetchNotThePublish) {
  SnapshotPtr snapshot = Fetch();
  clock_.Advance(seconds(3000));  // a slow sync
  ASSERT_TRUE(cache_.Publish(snapshot));
  clock_.Advance(seconds(599));
  EXPECT_TRUE(cache_.Current().ok());
  clock_.Advance(seconds(1));
  EXPECT_FALSE(cache_.Current().ok());
}

TEST_F(CatalogueCacheTest, RefreshIsDueAtEightyPercentOfTheTtl) {
  ASSERT_TRUE(cache_.Publish(Fetch()));
  EXPECT_FALSE(cache_.RefreshDue());
  clock_.Advance(seconds(2879));
  EXPECT_FALSE(cache_.RefreshDue());
  clock_.Advance(seconds(1));  // 48 minutes
  EXPECT_TRUE(cache_.RefreshDue());
  EXPECT_TRUE(cache_.Current().ok());  // still served while the refresh runs
}

TEST_F(CatalogueCacheTest, ANewSnapshotRestartsTheClock) {
  ASSERT_TRUE(cache_.Publish(Fetch("Old")));
  clock_.Advance(seconds(3000));
  ASSERT_TRUE(cache_.Publish(Fetch("New")));
  EXPECT_FALSE(cache_.RefreshDue());
  clock_.Advance(seconds(3000));
  auto current = cache_.Current();
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(current.value()->Find("amz")->name, "New");
}

TEST_F(CatalogueCacheTest, AnOlderSnapshotNeverReplacesANewerOne) {
  SnapshotPtr older = Fetch("Older");
  clock_.Advance(seconds(10));
  SnapshotPtr newer = Fetch("Newer");
  ASSERT_TRUE(cache_.Publish(newer));
  EXPECT_FALSE(cache_.Publish(older));
  EXPECT_EQ(cache_.Current().value(), newer);
}

TEST_F(CatalogueCacheTest, ReadersKeepTheSnapshotTheyHold) {
  ASSERT_TRUE(cache_.Publish(Fetch("First")));
  SnapshotPtr held = cache_.Current().value();
  clock_.Advance(seconds(1));
  ASSERT_TRUE(cache_.Publish(Fetch("Second")));
  EXPECT_EQ(held->Find("amz")->name, "First");
  EXPECT_EQ(cache_.Current().value()->Find("amz")->name, "Second");
}

TEST(CatalogueCacheTtlTest, TtlIsClampedToAnHour) {
  testsupport::ManualClock clock;
  CatalogueCache cache(clock, hours(2));
  EXPECT_EQ(cache.ttl(), seconds(3600));
  cache.SetTtl(seconds(0));
  EXPECT_EQ(cache.ttl(), seconds(1));
  cache.SetTtl(seconds(-5));
  EXPECT_EQ(cache.ttl(), seconds(1));
}

TEST_F(CatalogueCacheTest, ShorterTtlAppliesAtOnce) {
  ASSERT_TRUE(cache_.Publish(Fetch()));
  clock_.Advance(seconds(60));
  EXPECT_TRUE(cache_.Current().ok());
  cache_.SetTtl(seconds(60));
  EXPECT_FALSE(cache_.Current().ok());
  cache_.SetTtl(seconds(100));
  EXPECT_TRUE(cache_.Current().ok());
  EXPECT_FALSE(cache_.RefreshDue());  // 60 s < 80 s
  clock_.Advance(seconds(20));
  EXPECT_TRUE(cache_.RefreshDue());
}

TEST_F(CatalogueCacheTest, ReadersRunWhilePublishing) {
  ASSERT_TRUE(cache_.Publish(Fetch()));
  std::vector<SnapshotPtr> snapshots;
  for (int i = 0; i < 200; ++i) snapshots.push_back(Fetch(std::to_string(i)));
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::thread reader([&] {
    while (!stop.load()) {
      auto page = cache_.Query(rewards::CatalogueQuery());
      if (!page.ok() || page->cards.size() != 1) ++failures;
    }
  });
  for (const SnapshotPtr& snapshot : snapshots) cache_.Publish(snapshot);
  stop = true;
  reader.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(cache_.Current().value(), snapshots.back());
}

}  // namespace
}  // namespace ascenda
