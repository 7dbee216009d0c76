// The points ledger on real SQLite and PostgreSQL: idempotency, the refusals,
// and the no-negative-balance rule under 50 concurrent debits.
#include <Poco/Data/Session.h>
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "clock/host_clock.h"
#include "db/host_database.h"
#include "db/migrator.h"
#include "ledger/member_store.h"
#include "ledger/points_ledger.h"
#include "loyalty_host_sql/embedded_migrations.h"
#include "support/postgres.h"
#include "support/temp_dir.h"

namespace {

using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

class LedgerTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const std::string connection =
        GetParam() == "sqlite" ? dir_.File("ledger.db") : testsupport::FreshPostgresDatabase();
    auto db = loyalty::HostDatabase::Open(GetParam(), connection, 16);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    loyalty::Migrator migrator(*db_, [] { return std::string("2025-01-01T00:00:00Z"); });
    ASSERT_TRUE(migrator.Apply("host", loyalty::sql::EmbeddedMigrations(db_->dialect())).ok());
    ledger_ = std::make_unique<loyalty::HostPointsLedger>(clock_);
    members_ = std::make_unique<loyalty::MemberStore>(*db_, *ledger_, clock_);
  }

  void AddMember(const std::string& id, std::int64_t points) {
    loyalty::NewMember m;
    m.profile = {id, id + "@example.com", "First", "Last", ""};
    m.points = points;
    auto created = members_->Create(m);
    ASSERT_TRUE(created.ok()) << created.status().ToString();
  }

  rewards::Result<rewards::LedgerEntry> Debit(const std::string& member, std::int64_t points,
                                              const std::string& key) {
    rewards::Result<rewards::LedgerEntry> out = rewards::Internal("not run");
    rewards::Status s = db_->RunInTransaction([&](Poco::Data::Session& tx) {
      out = ledger_->Debit(tx, member, points, key, "test");
      return out.ok() ? rewards::Status::Ok() : out.status();
    });
    if (!s.ok()) return s;
    return out;
  }

  std::int64_t Balance(const std::string& member) {
    auto session = db_->Session();
    auto b = ledger_->Balance(session.value(), member);
    EXPECT_TRUE(b.ok()) << b.status().ToString();
    return b.ok() ? b.value() : -1;
  }

  std::int64_t LedgerSum(const std::string& member) {
    auto session = db_->Session();
    Poco::Int64 sum = 0, count = 0;
    std::string id = member;
    session.value() << "SELECT COUNT(*), COALESCE(SUM(delta), 0) FROM ledger_entries "
                       "WHERE member_id = $1",
        bind(id), into(count), into(sum), now;
    return sum;
  }

  testsupport::TempDir dir_;
  loyalty::SystemClock clock_;
  std::unique_ptr<loyalty::HostDatabase> db_;
  std::unique_ptr<loyalty::HostPointsLedger> ledger_;
  std::unique_ptr<loyalty::MemberStore> members_;
};

TEST_P(LedgerTest, InitialPointsAreALedgerCredit) {
  AddMember("m1", 500);
  EXPECT_EQ(Balance("m1"), 500);
  EXPECT_EQ(LedgerSum("m1"), 500);
  auto m = members_->Get("m1");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m.value().balance, 500);
  EXPECT_EQ(m.value().profile.email, "m1@example.com");
}

TEST_P(LedgerTest, DebitWritesEntryWithBalanceAfter) {
  AddMember("m1", 500);
  auto e = Debit("m1", 120, "k1");
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e.value().delta, -120);
  EXPECT_EQ(e.value().balance_after, 380);
  EXPECT_EQ(e.value().member_id, "m1");
  EXPECT_EQ(e.value().idempotency_key, "k1");
  EXPECT_FALSE(e.value().replayed);
  EXPECT_EQ(Balance("m1"), 380);
}

TEST_P(LedgerTest, RepeatedKeyReturnsFirstEntryAndChangesNothing) {
  AddMember("m1", 500);
  auto first = Debit("m1", 100, "same-key");
  ASSERT_TRUE(first.ok());
  auto again = Debit("m1", 250, "same-key");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again.value().replayed);
  EXPECT_EQ(again.value().entry_id, first.value().entry_id);
  EXPECT_EQ(again.value().delta, -100);
  EXPECT_EQ(again.value().balance_after, 400);
  EXPECT_EQ(Balance("m1"), 400);
  EXPECT_EQ(LedgerSum("m1"), 400);
}

TEST_P(LedgerTest, DebitBeyondBalanceIsRefused) {
  AddMember("m1", 50);
  auto e = Debit("m1", 51, "k1");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), rewards::StatusCode::kFailedPrecondition);
  EXPECT_EQ(e.status().error(), "insufficient_points");
  EXPECT_EQ(Balance("m1"), 50);
  EXPECT_EQ(LedgerSum("m1"), 50);
}

TEST_P(LedgerTest, UnknownMemberAndBadPointsAreRefused) {
  auto unknown = Debit("nobody", 10, "k1");
  EXPECT_EQ(unknown.status().code(), rewards::StatusCode::kNotFound);
  EXPECT_EQ(unknown.status().error(), "unknown_member");
  AddMember("m1", 50);
  auto zero = Debit("m1", 0, "k2");
  EXPECT_EQ(zero.status().code(), rewards::StatusCode::kInvalidArgument);
  auto negative = Debit("m1", -5, "k3");
  EXPECT_EQ(negative.status().code(), rewards::StatusCode::kInvalidArgument);
}

TEST_P(LedgerTest, DuplicateMemberIsConflict) {
  AddMember("m1", 10);
  loyalty::NewMember again;
  again.profile = {"m1", "x@example.com", "X", "Y", ""};
  auto r = members_->Create(again);
  EXPECT_EQ(r.status().code(), rewards::StatusCode::kConflict);
  EXPECT_EQ(r.status().error(), "member_exists");
}

TEST_P(LedgerTest, FiftyConcurrentDebitsNeverOverdraw) {
  AddMember("m1", 1000);
  constexpr int kThreads = 50;
  constexpr std::int64_t kAmount = 30;  // 1000 / 30 = 33 can succeed
  std::atomic<int> ok{0}, insufficient{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      auto e = Debit("m1", kAmount, "debit-" + std::to_string(i));
      if (e.ok()) {
        EXPECT_GE(e.value().balance_after, 0);
        ++ok;
      } else if (e.status().error() == "insufficient_points") {
        ++insufficient;
      } else {
        ADD_FAILURE() << e.status().ToString();
        ++other;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), 33);
  EXPECT_EQ(insufficient.load(), 17);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(Balance("m1"), 10);
  EXPECT_EQ(LedgerSum("m1"), 10);
}

TEST_P(LedgerTest, ConcurrentDebitsWithOneKeyApplyOnce) {
  AddMember("m1", 1000);
  constexpr int kThreads = 20;
  std::atomic<int> fresh{0}, replayed{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      auto e = Debit("m1", 100, "one-key");
      ASSERT_TRUE(e.ok()) << e.status().ToString();
      ++(e.value().replayed ? replayed : fresh);
      EXPECT_EQ(e.value().balance_after, 900);
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(fresh.load(), 1);
  EXPECT_EQ(replayed.load(), kThreads - 1);
  EXPECT_EQ(Balance("m1"), 900);
}

TEST_P(LedgerTest, MigrationsApplyOnce) {
  loyalty::Migrator migrator(*db_, [] { return std::string("2025-01-01T00:00:00Z"); });
  ASSERT_TRUE(migrator.Apply("host", loyalty::sql::EmbeddedMigrations(db_->dialect())).ok());
  auto session = db_->Session();
  Poco::Int64 count = 0;
  session.value() << "SELECT COUNT(*) FROM schema_migrations WHERE plugin = 'host'", into(count),
      now;
  EXPECT_EQ(count,
            static_cast<Poco::Int64>(loyalty::sql::EmbeddedMigrations(db_->dialect()).size()));
}

TEST_P(LedgerTest, LedgerEntriesAreAppendOnly) {
  AddMember("m1", 100);
  auto session = db_->Session();
  EXPECT_ANY_THROW((session.value() << "UPDATE ledger_entries SET delta = 5", now));
  EXPECT_ANY_THROW((session.value() << "DELETE FROM ledger_entries", now));
  EXPECT_EQ(LedgerSum("m1"), 100);
}

INSTANTIATE_TEST_SUITE_P(Dialects, LedgerTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
