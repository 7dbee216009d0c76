// What one reconciler lease costs as the backlog grows (real SQLite, the
// host's database and ledger): RedemptionStore::LeaseDue takes a few due rows
// at a time, so its work must not grow with the number of due rows — after
// an outage thousands are due at once, and every lease is a write on the one
// SQLite writer. The work is counted in SQLite virtual-machine steps (a
// progress handler on the transaction's connection), which do not depend on
// the machine's speed or load.
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Data/Session.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "ascenda/redemption/redemption_store.h"
#include "database_wrappers.h"
#include "db/host_database.h"
#include "ledger/member_store.h"
#include "ledger/points_ledger.h"
#include "migrated_host_db.h"
#include "support/manual_clock.h"
#include "support/temp_dir.h"

namespace ascenda {
namespace {

// The real database; counts the virtual-machine steps of each transaction.
class StepCountingDatabase final : public test::DatabaseWrapper {
 public:
  using DatabaseWrapper::DatabaseWrapper;
  rewards::Status RunInTransaction(
      const std::function<rewards::Status(Poco::Data::Session&)>& work) noexcept override {
    return inner_.RunInTransaction([&](Poco::Data::Session& tx) {
      sqlite3* handle = Poco::Data::SQLite::Utility::dbHandle(tx);
      sqlite3_progress_handler(handle, 1, &StepCountingDatabase::Step, &steps);
      rewards::Status s = work(tx);
      sqlite3_progress_handler(handle, 0, nullptr, nullptr);
      return s;
    });
  }
  std::int64_t steps = 0;

 private:
  static int Step(void* counter) {
    ++*static_cast<std::int64_t*>(counter);
    return 0;  // go on
  }
};

// The parameter: the backlog is polled orders (submitted, an order known)
// rather than crash leftovers (reserved).
class LeaseCostTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    auto db = test::OpenMigratedHostDb("sqlite", dir_.File("leases.db"), 4);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    counting_ = std::make_unique<StepCountingDatabase>(*db_);
    ledger_ = std::make_unique<loyalty::HostPointsLedger>(clock_);
    members_ = std::make_unique<loyalty::MemberStore>(*db_, *ledger_, clock_);
    store_ = std::make_unique<RedemptionStore>(*counting_, *ledger_, clock_);
    loyalty::NewMember m;
    m.profile = {"m1", "m1@example.com", "Jane", "Doe", "+6591234567"};
    m.points = 1'000'000;
    ASSERT_TRUE(members_->Create(m).ok());
  }

  // `n` more redemptions, each left reserved (a crash leftover, due at once)
  // or, when `submitted`, submitted (an order known, due at its poll).
  void AddBacklog(int n, bool submitted) {
    for (int i = 0; i < n; ++i) {
      NewRedemption r;
      r.ids = NewRedemptionIds();
      r.request.member = {"m1", "m1@example.com", "Jane", "Doe", "+6591234567"};
      r.request.gift_card_id = "card-1";
      r.request.denomination = "50.00";
      r.request.currency = "USD";
      r.request.expected_points = 1;
      r.request.idempotency_key = "backlog-" + std::to_string(next_++);
      r.points = 1;
      auto reserved = store_->Reserve(r);
      ASSERT_TRUE(reserved.ok()) << reserved.status().ToString();
      if (!submitted) continue;
      ObservedOrder o;
      o.order_id = "order-" + std::to_string(next_);
      o.item_status = "pending";
      ASSERT_TRUE(store_
                      ->Apply(reserved.value().record.id, RedemptionEvent::CreateAccepted(o),
                              RedemptionPolicy{})
                      .ok());
    }
  }

  // Steps of one lease of 4 rows, taken when every row is due; the rows are
  // given back as they were, so the backlog stays.
  std::int64_t LeaseSteps() {
    clock_.Advance(std::chrono::hours(2));
    counting_->steps = 0;
    auto leased = store_->LeaseDue("node-a", 4, std::chrono::seconds(60));
    const std::int64_t steps = counting_->steps;
    EXPECT_TRUE(leased.ok()) << leased.status().ToString();
    EXPECT_EQ(leased.ok() ? leased.value().size() : 0u, 4u);
    for (const RedemptionRecord& r : leased.value()) {
      EXPECT_TRUE(store_->Release(r.id, "node-a", std::nullopt).ok());
    }
    return steps;
  }

  testsupport::TempDir dir_;
  testsupport::ManualClock clock_;
  std::unique_ptr<loyalty::HostDatabase> db_;
  std::unique_ptr<StepCountingDatabase> counting_;
  std::unique_ptr<loyalty::HostPointsLedger> ledger_;
  std::unique_ptr<loyalty::MemberStore> members_;
  std::unique_ptr<RedemptionStore> store_;
  int next_ = 0;
};

TEST_P(LeaseCostTest, ALeaseCostsTheSameWithFourTimesTheBacklog) {
  AddBacklog(300, GetParam());
  const std::int64_t small = LeaseSteps();
  AddBacklog(900, GetParam());
  const std::int64_t large = LeaseSteps();
  RecordProperty("steps_300_due", std::to_string(small));
  RecordProperty("steps_1200_due", std::to_string(large));
  EXPECT_LT(large, small * 3 / 2) << "steps with 300 due: " << small << ", with 1200: " << large;
}

INSTANTIATE_TEST_SUITE_P(Backlogs, LeaseCostTest, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return std::string(info.param ? "PolledOrders" : "CrashLeftovers");
                         });

}  // namespace
}  // namespace ascenda
