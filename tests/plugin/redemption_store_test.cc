// The redemption store on real SQLite and PostgreSQL with the host's real
// database and points ledger: reserve (one transaction with the debit,
// idempotency, conflicts, 50 racing threads), apply (refund exactly once under
// concurrency, contradictions, forward-only), leases and listings.
#include "ascenda/redemption/redemption_store.h"

#include <Poco/Data/Session.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "ascenda_sql/embedded_migrations.h"
#include "database_wrappers.h"
#include "db/host_database.h"
#include "db/migrator.h"
#include "db/sql_script.h"
#include "ledger/member_store.h"
#include "ledger/points_ledger.h"
#include "migrated_host_db.h"
#include "support/manual_clock.h"
#include "support/postgres.h"
#include "support/temp_dir.h"

namespace ascenda {
namespace {

using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using rewards::StatusCode;
using std::chrono::seconds;

// Runs the real transaction's work, then fails it: whatever the work wrote
// must roll back with it.
class FailAfterWork final : public test::DatabaseWrapper {
 public:
  using DatabaseWrapper::DatabaseWrapper;
  rewards::Status RunInTransaction(
      const std::function<rewards::Status(Poco::Data::Session&)>& work) noexcept override {
    return inner_.RunInTransaction([&](Poco::Data::Session& tx) {
      rewards::Status s = work(tx);
      return s.ok() ? rewards::Internal("injected failure after the work") : s;
    });
  }
};

class RedemptionStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const std::string connection =
        GetParam() == "sqlite" ? dir_.File("redemptions.db") : testsupport::FreshPostgresDatabase();
    auto db = test::OpenMigratedHostDb(GetParam(), connection, 24);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    ledger_ = std::make_unique<loyalty::HostPointsLedger>(clock_);
    members_ = std::make_unique<loyalty::MemberStore>(*db_, *ledger_, clock_);
    store_ = std::make_unique<RedemptionStore>(*db_, *ledger_, clock_);
  }

  void AddMember(const std::string& id, std::int64_t points) {
    loyalty::NewMember m;
    m.profile = {id, id + "@example.com", "Jane", "Doe", "+6591234567"};
    m.points = points;
    auto created = members_->Create(m);
    ASSERT_TRUE(created.ok()) << created.status().ToString();
  }

  static NewRedemption Request(const std::string& member, const std::string& key,
                               std::int64_t points = 100) {
    NewRedemption n;
    n.ids = NewRedemptionIds();
    n.request.member = {member, member + "@example.com", "Jane", "Doe", "+6591234567"};
    n.request.gift_card_id = "card-1";
    n.request.denomination = "50.00";
    n.request.currency = "USD";
    n.request.expected_points = points;
    n.request.idempotency_key = key;
    n.points = points;
    n.gift_card_name = "Amazon.com Gift Card";
    n.logo_url = "https://cdn.example.com/amazon.png";
    return n;
  }

  RedemptionRecord Reserve(const std::string& member, const std::string& key,
                           std::int64_t points = 100) {
    auto r = store_->Reserve(Request(member, key, points));
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r.value().record : RedemptionRecord{};
  }

  ApplyOutcome Apply(const std::string& id, const RedemptionEvent& e) {
    auto a = store_->Apply(id, e, policy_);
    EXPECT_TRUE(a.ok()) << a.status().ToString();
    return a.ok() ? a.value() : ApplyOutcome{};
  }

  static ObservedOrder Order(const std::string& status, const std::string& id = "order-1") {
    ObservedOrder o;
    o.order_id = id;
    o.item_status = status;
    if (status == "failed") o.errors = {{"SUP01", "supplier declined"}};
    return o;
  }

  std::int64_t Balance(const std::string& member) {
    auto session = db_->Session();
    auto b = ledger_->Balance(session.value(), member);
    EXPECT_TRUE(b.ok()) << b.status().ToString();
    return b.ok() ? b.value() : -1;
  }

  std::int64_t Count(const std::string& sql, const std::string& arg) {
    auto session = db_->Session();
    Poco::Int64 n = -1;
    std::string a = arg;
    session.value() << sql, bind(a), into(n), now;
    return n;
  }
  std::int64_t Rows(const std::string& member) {
    return Count("SELECT COUNT(*) FROM ascenda_redemptions WHERE member_id = $1", member);
  }
  std::int64_t Entries(const std::string& key) {
    return Count("SELECT COUNT(*) FROM ledger_entries WHERE idempotency_key = $1", key);
  }
  std::int64_t EntriesLike(const std::string& pattern) {
    return Count("SELECT COUNT(*) FROM ledger_entries WHERE idempotency_key LIKE $1", pattern);
  }

  // The clock leases are kept on: the database's on PostgreSQL, ours on SQLite.
  std::int64_t LeaseClockMs() {
    if (GetParam() != "postgresql") return NowMs();
    auto session = db_->Session();
    Poco::Int64 ms = 0;
    session.value() << "SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)",
        into(ms), now;
    return ms;
  }
  // Lets `d` pass for every lease (and for the injected clock, so rows fall due).
  void PassLeaseTime(std::chrono::milliseconds d) {
    clock_.Advance(d);
    if (GetParam() != "postgresql") return;
    auto session = db_->Session();
    const Poco::Int64 ms = d.count();
    session.value() << "UPDATE ascenda_redemptions SET lease_until = lease_until - $1 "
                       "WHERE lease_until IS NOT NULL",
        bind(ms), now;
  }
  std::int64_t NowMs() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Now().time_since_epoch())
        .count();
  }

  testsupport::TempDir dir_;
  testsupport::ManualClock clock_;
  RedemptionPolicy policy_;
  std::unique_ptr<loyalty::HostDatabase> db_;
  std::unique_ptr<loyalty::HostPointsLedger> ledger_;
  std::unique_ptr<loyalty::MemberStore> members_;
  std::unique_ptr<RedemptionStore> store_;
};

TEST_P(RedemptionStoreTest, MigrationsAreSafeToApplyTwice) {
  loyalty::Migrator migrator(*db_, [] { return std::string("2027-01-01T00:00:00Z"); });
  EXPECT_TRUE(migrator.Apply("ascenda", sql::EmbeddedMigrations(db_->dialect())).ok());
  EXPECT_TRUE(migrator.Apply("ascenda", sql::EmbeddedMigrations(db_->dialect())).ok());
  // Also without the host's bookkeeping: every CREATE is IF NOT EXISTS. A step
  // that adds columns cannot be (SQLite has no ADD COLUMN IF NOT EXISTS); the
  // host applies each step in one transaction and records it there, once.
  for (const rewards::Migration& m : sql::EmbeddedMigrations(db_->dialect())) {
    if (m.sql.find("ADD COLUMN") != std::string::npos) continue;
    rewards::Status s = db_->RunInTransaction([&](Poco::Data::Session& tx) {
      for (const std::string& statement : loyalty::SplitSqlScript(m.sql)) tx << statement, now;
      return rewards::Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
  }
}

// A ledger whose first debit fails the way a database failure does inside
// the transaction: the statement errors (on PostgreSQL the transaction is
// then aborted) and the failure comes back as the host's retryable status.
class FailingOnceLedger final : public rewards::PointsLedger {
 public:
  explicit FailingOnceLedger(rewards::PointsLedger& real) : real_(real) {}
  rewards::Result<rewards::LedgerEntry> Debit(Poco::Data::Session& tx, const std::string& member,
                                              std::int64_t points, const std::string& key,
                                              const std::string& memo) noexcept override {
    if (failures_++ == 0) {
      try {
        tx << "SELECT CAST('not a number' AS INTEGER) + 1 FROM members WHERE id = 'none'", now;
        tx << "SELECT nonexistent_column FROM members", now;
      } catch (const std::exception&) {
      }
      return rewards::Status(rewards::StatusCode::kUnavailable, "database_unavailable",
                             "serialization failure", {{"db_retry", "serialization_failure"}});
    }
    return real_.Debit(tx, member, points, key, memo);
  }
  rewards::Result<rewards::LedgerEntry> Credit(Poco::Data::Session& tx, const std::string& member,
                                               std::int64_t points, const std::string& key,
                                               const std::string& memo) noexcept override {
    return real_.Credit(tx, member, points, key, memo);
  }
  rewards::Result<std::int64_t> Balance(Poco::Data::Session& session,
                                        const std::string& member) noexcept override {
    return real_.Balance(session, member);
  }
  int failures_ = 0;

 private:
  rewards::PointsLedger& real_;
};

TEST_P(RedemptionStoreTest, FailedDebitStatementRetriesTheWholeTransaction) {
  AddMember("m1", 1000);
  FailingOnceLedger failing(*ledger_);
  RedemptionStore store(*db_, failing, clock_);
  auto r = store.Reserve(Request("m1", "key-1", 300));
  ASSERT_TRUE(r.ok()) << r.status().ToString();  // never "current transaction is aborted"
  EXPECT_EQ(failing.failures_, 2);               // the whole transaction ran again
  EXPECT_EQ(Balance("m1"), 700);
  EXPECT_EQ(Rows("m1"), 1);
}

TEST_P(RedemptionStoreTest, ReserveDebitsAndWritesTheRowTogether) {
  AddMember("m1", 1000);
  const NewRedemption n = Request("m1", "key-1", 300);
  auto r = store_->Reserve(n);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r.value().replayed);
  const RedemptionRecord& rec = r.value().record;
  EXPECT_EQ(rec.id, n.ids.id);
  EXPECT_EQ(rec.reference_id, n.ids.reference_id);
  EXPECT_EQ(rec.facts.state, RedemptionState::kReserved);
  EXPECT_EQ(rec.facts.next_check_at_ms, NowMs());
  EXPECT_EQ(Balance("m1"), 700);
  EXPECT_EQ(Entries("ascenda:debit:" + rec.id), 1);

  auto stored = store_->Get(rec.id);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  const RedemptionRecord& s = stored.value();
  EXPECT_EQ(s.member.id, "m1");
  EXPECT_EQ(s.member.email, "m1@example.com");
  EXPECT_EQ(s.member.phone_number, "+6591234567");
  EXPECT_EQ(s.gift_card_name, "Amazon.com Gift Card");
  EXPECT_EQ(s.logo_url, "https://cdn.example.com/amazon.png");
  EXPECT_EQ(s.denomination, "50.00");
  EXPECT_EQ(s.points, 300);
  EXPECT_EQ(s.facts, rec.facts);
  EXPECT_EQ(s.request_fingerprint, rec.request_fingerprint);
  EXPECT_FALSE(s.facts.item_status.has_value());
  EXPECT_TRUE(s.lease_owner.empty());
  EXPECT_FALSE(s.terminal_at_ms.has_value());
  EXPECT_FALSE(s.delivery_ciphertext.has_value());
  const rewards::Redemption view = ToRedemption(s);
  EXPECT_EQ(view.status, rewards::MemberStatus::kProcessing);
  EXPECT_EQ(view.state, "reserved");
  EXPECT_EQ(view.created_at, "2027-01-15T08:00:00.000Z");
}

TEST_P(RedemptionStoreTest, FailureAfterTheDebitLeavesNeitherDebitNorRow) {
  AddMember("m1", 1000);
  FailAfterWork failing(*db_);
  RedemptionStore doomed(failing, *ledger_, clock_);
  const NewRedemption n = Request("m1", "key-1");
  auto r = doomed.Reserve(n);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "injected failure after the work");
  EXPECT_EQ(Balance("m1"), 1000);
  EXPECT_EQ(Rows("m1"), 0);
  EXPECT_EQ(Entries("ascenda:debit:" + n.ids.id), 0);

  // A real failure of the INSERT after the debit: a reference_id taken.
  const RedemptionRecord first = Reserve("m1", "key-2");
  NewRedemption clash = Request("m1", "key-3");
  clash.ids.reference_id = first.reference_id;
  auto c = store_->Reserve(clash);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(Balance("m1"), 900);
  EXPECT_EQ(Rows("m1"), 1);
  EXPECT_EQ(Entries("ascenda:debit:" + clash.ids.id), 0);
}

TEST_P(RedemptionStoreTest, ReplayReturnsTheSameRedemptionWithoutASecondDebit) {
  AddMember("m1", 1000);
  const RedemptionRecord first = Reserve("m1", "key-1");
  Apply(first.id, RedemptionEvent::CreateAccepted(Order("pending")));
  auto again = store_->Reserve(Request("m1", "key-1"));  // fresh ids, same content
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again.value().replayed);
  EXPECT_EQ(again.value().record.id, first.id);
  EXPECT_EQ(again.value().record.reference_id, first.reference_id);
  EXPECT_EQ(again.value().record.facts.state, RedemptionState::kSubmitted);
  EXPECT_EQ(Balance("m1"), 900);
  EXPECT_EQ(Rows("m1"), 1);
  EXPECT_EQ(EntriesLike("ascenda:debit:%"), 1);
}

TEST_P(RedemptionStoreTest, SameKeyDifferentContentIsAConflict) {
  AddMember("m1", 1000);
  Reserve("m1", "key-1");
  NewRedemption other = Request("m1", "key-1");
  other.request.denomination = "25.00";
  auto r = store_->Reserve(other);
  EXPECT_EQ(r.status().code(), StatusCode::kConflict);
  EXPECT_EQ(r.status().error(), "conflict");
  NewRedemption recipient = Request("m1", "key-1");
  recipient.request.member.email = "someone-else@example.com";
  EXPECT_EQ(store_->Reserve(recipient).status().code(), StatusCode::kConflict);
  EXPECT_EQ(Balance("m1"), 900);
  EXPECT_EQ(Rows("m1"), 1);
  // The same key of another member is another redemption.
  AddMember("m2", 1000);
  auto m2 = store_->Reserve(Request("m2", "key-1"));
  ASSERT_TRUE(m2.ok());
  EXPECT_FALSE(m2.value().replayed);
}

TEST_P(RedemptionStoreTest, InsufficientPointsOrUnknownMemberWritesNothing) {
  AddMember("m1", 99);
  auto r = store_->Reserve(Request("m1", "key-1", 100));
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(r.status().error(), "insufficient_points");
  EXPECT_EQ(Balance("m1"), 99);
  EXPECT_EQ(Rows("m1"), 0);
  auto u = store_->Reserve(Request("ghost", "key-1"));
  EXPECT_EQ(u.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(u.status().error(), "unknown_member");
  EXPECT_EQ(Rows("ghost"), 0);
}

TEST_P(RedemptionStoreTest, FiftyThreadsReserveWhatTheBalanceCovers) {
  AddMember("m1", 2000);  // 20 x 100
  std::atomic<int> ok{0}, insufficient{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 50; ++i) {
    threads.emplace_back([&, i] {
      auto r = store_->Reserve(Request("m1", "key-" + std::to_string(i)));
      if (r.ok()) {
        ++ok;
      } else if (r.status().error() == "insufficient_points") {
        ++insufficient;
      } else {
        ADD_FAILURE() << r.status().ToString();
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), 20);
  EXPECT_EQ(insufficient.load(), 30);
  EXPECT_EQ(Rows("m1"), 20);
  EXPECT_EQ(EntriesLike("ascenda:debit:%"), 20);
  EXPECT_EQ(Balance("m1"), 0);
}

TEST_P(RedemptionStoreTest, ConcurrentReplaysOfOneKeyDebitOnce) {
  AddMember("m1", 1000);
  std::atomic<int> fresh{0}, replayed{0};
  std::vector<std::string> ids(10);
  std::vector<std::thread> threads;
  for (int i = 0; i < 10; ++i) {
    threads.emplace_back([&, i] {
      auto r = store_->Reserve(Request("m1", "one-key"));
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      ++(r.value().replayed ? replayed : fresh);
      ids[i] = r.value().record.id;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(fresh.load(), 1);
  EXPECT_EQ(replayed.load(), 9);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 1u);
  EXPECT_EQ(Balance("m1"), 900);
}

TEST_P(RedemptionStoreTest, RacingReplaysOfTheLastAffordableRedemptionAreReplays) {
  AddMember("m1", 100);  // exactly one redemption's worth
  std::atomic<int> fresh{0}, replayed{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      auto r = store_->Reserve(Request("m1", "one-key"));
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      ++(r.value().replayed ? replayed : fresh);
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(fresh.load(), 1);
  EXPECT_EQ(replayed.load(), 7);
  EXPECT_EQ(Balance("m1"), 0);
}

TEST_P(RedemptionStoreTest, ConcurrentFailuresRefundExactlyOnce) {
  AddMember("m1", 100'000);
  for (int round = 0; round < 50; ++round) {
    const RedemptionRecord r = Reserve("m1", "key-" + std::to_string(round));
    Apply(r.id, RedemptionEvent::CreateAccepted(Order("processing", "order-" + r.id)));
    const std::int64_t before = Balance("m1");
    const int workers = 2 + round % 7;  // 2..8
    std::atomic<int> ready{0}, refunds{0}, failures{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < workers; ++i) {
      threads.emplace_back([&] {
        ++ready;
        while (ready.load() < workers) std::this_thread::yield();
        auto a = store_->Apply(
            r.id, RedemptionEvent::OrderObserved(Order("failed", "order-" + r.id)), policy_);
        if (!a.ok()) {
          ADD_FAILURE() << a.status().ToString();
          ++failures;
        } else if (a.value().decision.refund) {
          ++refunds;
        }
      });
    }
    for (std::thread& t : threads) t.join();
    ASSERT_EQ(failures.load(), 0);
    ASSERT_EQ(refunds.load(), 1) << "round " << round;
    ASSERT_EQ(Balance("m1"), before + 100) << "round " << round;
    ASSERT_EQ(Entries("ascenda:refund:" + r.id), 1);
  }
  EXPECT_EQ(Balance("m1"), 100'000);
}

TEST_P(RedemptionStoreTest, RefundCommitsWithTheMoveToRefunded) {
  AddMember("m1", 1000);
  const RedemptionRecord r = Reserve("m1", "key-1");
  clock_.Advance(seconds(5));
  const ApplyOutcome a = Apply(r.id, RedemptionEvent::CreateRejected("NN1002", "out of stock"));
  EXPECT_TRUE(a.decision.refund);
  auto s = store_->Get(r.id);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s.value().facts.state, RedemptionState::kRefunded);
  EXPECT_EQ(s.value().facts.failure_code, "NN1002");
  EXPECT_EQ(s.value().refunded_at_ms, NowMs());
  EXPECT_EQ(s.value().terminal_at_ms, NowMs());
  EXPECT_FALSE(s.value().facts.next_check_at_ms.has_value());
  EXPECT_EQ(s.value().version, r.version + 1);
  EXPECT_EQ(Balance("m1"), 1000);
  const rewards::Redemption view = ToRedemption(s.value());
  EXPECT_EQ(view.status, rewards::MemberStatus::kFailed);
  EXPECT_EQ(view.failure_reason, "out of stock");
  // A refund the ledger refuses rolls the state change back too.
  const RedemptionRecord second = Reserve("m1", "key-2");
  FailAfterWork failing(*db_);
  RedemptionStore doomed(failing, *ledger_, clock_);
  auto d = doomed.Apply(second.id, RedemptionEvent::CreateRejected("NN1002", "x"), policy_);
  EXPECT_FALSE(d.ok());
  EXPECT_EQ(store_->Get(second.id).value().facts.state, RedemptionState::kReserved);
  EXPECT_EQ(Entries("ascenda:refund:" + second.id), 0);
  EXPECT_EQ(Balance("m1"), 900);
}

TEST_P(RedemptionStoreTest, AHeldRowStillCurrentIsAppliedAsTheStoredOne) {
  AddMember("m1", 1000);
  const RedemptionRecord r = Reserve("m1", "key-1");
  clock_.Advance(seconds(2));
  auto a = store_->Apply(r.id, RedemptionEvent::CreateAccepted(Order("processing", "order-h")),
                         policy_, "", &r);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_TRUE(a->decision.changed);
  auto stored = store_->Get(r.id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(a->record.version, r.version + 1);
  EXPECT_EQ(stored->version, a->record.version);
  EXPECT_EQ(stored->facts.state, a->record.facts.state);
  EXPECT_EQ(stored->facts.order_id, "order-h");
  EXPECT_EQ(stored->facts.item_status, a->record.facts.item_status);
  EXPECT_EQ(stored->updated_at_ms, NowMs());
  EXPECT_EQ(stored->member.email, r.member.email);
  // The answer held again: a second event from it, still current.
  auto b = store_->Apply(r.id, RedemptionEvent::OrderObserved(Order("fulfilled", "order-h")),
                         policy_, "", &a->record);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(store_->Get(r.id)->facts.state, RedemptionState::kFulfilled);
  EXPECT_EQ(Balance("m1"), 900);
}

TEST_P(RedemptionStoreTest, AStaleHeldRowIsReadAgainAndRefundsNothingTwice) {
  AddMember("m1", 1000);
  const RedemptionRecord r = Reserve("m1", "key-1");
  ASSERT_TRUE(
      Apply(r.id, RedemptionEvent::CreateRejected("NN1002", "out of stock")).decision.refund);
  ASSERT_EQ(Balance("m1"), 1000);
  // `r` is the reserved row as it was: deciding on it would refund again.
  auto again = store_->Apply(r.id, RedemptionEvent::CreateRejected("NN1002", "out of stock"),
                             policy_, "", &r);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_FALSE(again->decision.refund);
  EXPECT_FALSE(again->decision.changed);
  EXPECT_EQ(again->record.facts.state, RedemptionState::kRefunded);
  EXPECT_EQ(again->record.version, r.version + 1);
  EXPECT_EQ(Balance("m1"), 1000);
  EXPECT_EQ(Entries("ascenda:refund:" + r.id), 1);
  // A held row of another redemption is never taken for this one.
  const RedemptionRecord other = Reserve("m1", "key-2");
  auto wrong = store_->Apply(other.id, RedemptionEvent::CreateAccepted(Order("pending", "o-2")),
                             policy_, "", &r);
  ASSERT_TRUE(wrong.ok()) << wrong.status().ToString();
  EXPECT_EQ(wrong->record.id, other.id);
  EXPECT_EQ(store_->Get(other.id)->facts.order_id, "o-2");
  EXPECT_EQ(store_->Get(r.id)->facts.state, RedemptionState::kRefunded);
}

TEST_P(RedemptionStoreTest, ContradictingTerminalNeedsAttentionAndMovesNoPoints) {
  AddMember("m1", 1000);
  const RedemptionRecord won = Reserve("m1", "key-1");
  Apply(won.id, RedemptionEvent::CreateAccepted(Order("fulfilled", "order-a")));
  const ApplyOutcome flip =
      Apply(won.id, RedemptionEvent::OrderObserved(Order("failed", "order-a")));
  EXPECT_FALSE(flip.decision.refund);
  EXPECT_EQ(flip.record.facts.state, RedemptionState::kNeedsAttention);
  EXPECT_EQ(flip.record.facts.failure_code, "contradicting_outcome");
  EXPECT_EQ(Entries("ascenda:refund:" + won.id), 0);

  const RedemptionRecord lost = Reserve("m1", "key-2");
  Apply(lost.id, RedemptionEvent::CreateAccepted(Order("failed", "order-b")));
  const std::int64_t balance = Balance("m1");
  const ApplyOutcome back =
      Apply(lost.id, RedemptionEvent::OrderObserved(Order("fulfilled", "order-b")));
  EXPECT_EQ(back.record.facts.state, RedemptionState::kNeedsAttention);
  EXPECT_EQ(Balance("m1"), balance);
  EXPECT_EQ(Balance("m1"), 900);
}

TEST_P(RedemptionStoreTest, ItemStatusOnlyMovesForwardAndDuplicatesWriteNothing) {
  AddMember("m1", 1000);
  const RedemptionRecord r = Reserve("m1", "key-1");
  const ApplyOutcome up = Apply(r.id, RedemptionEvent::CreateAccepted(Order("processing")));
  EXPECT_EQ(up.record.facts.item_status, ItemStatus::kProcessing);
  const ApplyOutcome late = Apply(r.id, RedemptionEvent::OrderObserved(Order("pending")));
  EXPECT_FALSE(late.decision.changed);
  const ApplyOutcome dup = Apply(r.id, RedemptionEvent::OrderObserved(Order("processing")));
  EXPECT_FALSE(dup.decision.changed);
  auto s = store_->Get(r.id);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s.value().facts.item_status, ItemStatus::kProcessing);
  EXPECT_EQ(s.value().facts.order_id, "order-1");
  EXPECT_EQ(s.value().version, up.record.version);
  EXPECT_EQ(store_->Apply("no-such-id", RedemptionEvent::LookupAbsent(), policy_).status().code(),
            StatusCode::kNotFound);
}

TEST_P(RedemptionStoreTest, FindByReference) {
  AddMember("m1", 1000);
  const RedemptionRecord r = Reserve("m1", "key-1");
  auto found = store_->FindByReference(r.reference_id);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found.value().id, r.id);
  EXPECT_EQ(store_->FindByReference("nope").status().error(), "unknown_redemption");
  EXPECT_EQ(store_->Get("nope").status().code(), StatusCode::kNotFound);
}

TEST_P(RedemptionStoreTest, TwoOwnersNeverLeaseTheSameRow) {
  AddMember("m1", 100'000);
  for (int i = 0; i < 40; ++i) Reserve("m1", "key-" + std::to_string(i));
  std::vector<std::string> got_a, got_b;
  auto work = [&](const std::string& owner, std::vector<std::string>* got) {
    while (true) {
      auto leased = store_->LeaseDue(owner, 3, seconds(60));
      ASSERT_TRUE(leased.ok()) << leased.status().ToString();
      if (leased.value().empty()) return;
      for (const RedemptionRecord& r : leased.value()) {
        EXPECT_EQ(r.lease_owner, owner);
        got->push_back(r.id);
      }
    }
  };
  std::thread a(work, "node-a", &got_a);
  std::thread b(work, "node-b", &got_b);
  a.join();
  b.join();
  std::set<std::string> all(got_a.begin(), got_a.end());
  for (const std::string& id : got_b) EXPECT_TRUE(all.insert(id).second) << "leased twice " << id;
  EXPECT_EQ(got_a.size() + got_b.size(), 40u);
  EXPECT_EQ(all.size(), 40u);
}

TEST_P(RedemptionStoreTest, ExpiredLeaseIsTakenOverAndReleaseChecksTheOwner) {
  AddMember("m1", 1000);
  NewRedemption n = Request("m1", "key-1");
  n.lease_owner = "submitter";
  n.lease = seconds(30);
  ASSERT_TRUE(store_->Reserve(n).ok());
  EXPECT_TRUE(store_->LeaseDue("node-a", 10, seconds(60)).value().empty());  // submitter holds it
  PassLeaseTime(seconds(31));                                                // the submitter died
  const std::int64_t before = LeaseClockMs();
  auto a = store_->LeaseDue("node-a", 10, seconds(60));
  ASSERT_EQ(a.value().size(), 1u);
  EXPECT_GE(*a.value()[0].lease_until_ms, before + 60'000);
  EXPECT_LE(*a.value()[0].lease_until_ms, LeaseClockMs() + 60'000);
  EXPECT_TRUE(store_->LeaseDue("node-b", 10, seconds(60)).value().empty());
  PassLeaseTime(seconds(61));
  auto b = store_->LeaseDue("node-b", 10, seconds(60));
  ASSERT_EQ(b.value().size(), 1u);
  EXPECT_EQ(b.value()[0].lease_owner, "node-b");
  EXPECT_EQ(store_->Release(n.ids.id, "node-a", std::nullopt).error(), "lease_lost");
  EXPECT_TRUE(store_->Release(n.ids.id, "node-b", NowMs() + 5000).ok());
  auto s = store_->Get(n.ids.id);
  EXPECT_TRUE(s.value().lease_owner.empty());
  EXPECT_EQ(s.value().facts.next_check_at_ms, NowMs() + 5000);
  EXPECT_TRUE(store_->LeaseDue("node-c", 10, seconds(60)).value().empty());  // not due yet
  clock_.Advance(seconds(5));
  EXPECT_EQ(store_->LeaseDue("node-c", 10, seconds(60)).value().size(), 1u);
  EXPECT_EQ(store_->Release("nope", "node-c", std::nullopt).code(), StatusCode::kNotFound);
}

// The lease clock is the database's on PostgreSQL: a node whose own clock
// runs ahead (here: the injected clock moved two minutes) cannot take a row
// another node still holds. SQLite serves one machine, whose clock it uses.
TEST_P(RedemptionStoreTest, LeasesFollowTheDatabaseClockNotTheNodes) {
  AddMember("m1", 1000);
  NewRedemption n = Request("m1", "key-1");
  n.lease_owner = "submitter";
  n.lease = seconds(30);
  ASSERT_TRUE(store_->Reserve(n).ok());
  clock_.Advance(std::chrono::minutes(2));
  const auto taken = store_->LeaseDue("fast-clock-node", 10, seconds(60)).value();
  if (GetParam() == "postgresql") {
    EXPECT_TRUE(taken.empty()) << "a node's own clock must not lapse another node's lease";
  } else {
    EXPECT_EQ(taken.size(), 1u);
  }
}

TEST_P(RedemptionStoreTest, CrashLeftoversComeFirstAndTerminalRowsNever) {
  policy_.parked_retry = seconds(30);
  AddMember("m1", 10'000);
  const RedemptionRecord sub = Reserve("m1", "sub");
  Apply(sub.id, RedemptionEvent::CreateAccepted(Order("pending", "o-sub")));  // next +300 s
  const RedemptionRecord parked = Reserve("m1", "parked");
  for (int i = 0; i < policy_.max_attempts; ++i) {
    Apply(parked.id, RedemptionEvent::CreateIndeterminate());  // ends in processing, +30 s
  }
  const RedemptionRecord done = Reserve("m1", "done");
  Apply(done.id, RedemptionEvent::CreateAccepted(Order("fulfilled", "o-done")));
  clock_.Advance(seconds(1));
  const RedemptionRecord unknown = Reserve("m1", "unknown");
  Apply(unknown.id, RedemptionEvent::CreateIndeterminate());  // +31 s
  clock_.Advance(seconds(1));
  const RedemptionRecord reserved = Reserve("m1", "reserved");  // +2 s
  EXPECT_EQ(store_->Get(parked.id).value().facts.state, RedemptionState::kProcessing);
  clock_.Advance(std::chrono::hours(1));
  auto leased = store_->LeaseDue("node-a", 10, seconds(60));
  ASSERT_TRUE(leased.ok()) << leased.status().ToString();
  std::vector<std::string> order;
  for (const RedemptionRecord& r : leased.value()) order.push_back(r.id);
  EXPECT_EQ(order, (std::vector<std::string>{reserved.id, unknown.id, parked.id, sub.id}));
}

TEST_P(RedemptionStoreTest, ListingsPageNewestFirst) {
  AddMember("m1", 10'000);
  AddMember("m2", 10'000);
  std::vector<std::string> ids;
  for (int i = 0; i < 7; ++i) {
    ids.push_back(Reserve("m1", "key-" + std::to_string(i)).id);
    clock_.Advance(seconds(1));
  }
  Reserve("m2", "key-0");
  Apply(ids[1], RedemptionEvent::CreateRejected("NN1002", "gone"));
  Apply(ids[4], RedemptionEvent::CreateRejected("NN1002", "gone"));

  auto p1 = store_->ListForMember("m1", "", 1, 3);
  ASSERT_TRUE(p1.ok()) << p1.status().ToString();
  EXPECT_EQ(p1.value().total_count, 7);
  EXPECT_EQ(p1.value().total_pages, 3);
  ASSERT_EQ(p1.value().records.size(), 3u);
  EXPECT_EQ(p1.value().records[0].id, ids[6]);
  EXPECT_EQ(p1.value().records[2].id, ids[4]);
  auto p3 = store_->ListForMember("m1", "", 3, 3);
  ASSERT_EQ(p3.value().records.size(), 1u);
  EXPECT_EQ(p3.value().records[0].id, ids[0]);
  EXPECT_TRUE(store_->ListForMember("m1", "", 4, 3).value().records.empty());

  auto failed = store_->ListForMember("m1", "failed", 1, 25);
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(failed.value().total_count, 2);
  EXPECT_EQ(failed.value().records[0].id, ids[4]);
  EXPECT_EQ(store_->ListForMember("m1", "processing", 1, 25).value().total_count, 5);
  EXPECT_EQ(store_->ListForMember("m1", "fulfilled", 1, 25).value().total_count, 0);
  EXPECT_EQ(store_->ListForMember("m1", "refunded", 1, 25).status().error(), "invalid_query");
  EXPECT_EQ(store_->ListForMember("m1", "", 0, 25).status().error(), "invalid_query");
  EXPECT_EQ(store_->ListForMember("m1", "", 1, 101).status().error(), "invalid_query");

  EXPECT_EQ(store_->ListByState("", 1, 25).value().total_count, 8);
  EXPECT_EQ(store_->ListByState("refunded", 1, 25).value().total_count, 2);
  EXPECT_EQ(store_->ListByState("reserved", 1, 2).value().total_pages, 3);
  EXPECT_EQ(store_->ListByState("lost", 1, 25).status().error(), "invalid_query");
}

INSTANTIATE_TEST_SUITE_P(Dialects, RedemptionStoreTest,
                         ::testing::Values(std::string("sqlite"), std::string("postgresql")),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace ascenda
