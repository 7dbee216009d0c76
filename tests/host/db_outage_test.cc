// The host's own reads when the PostgreSQL server goes away under pooled
// sessions (a cluster of the test's own, taken down as in a crash): each
// answers "unavailable" (a 503 to the caller), never an unclassified
// database error (a 500), and works again once the server is back.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "auth/session_store.h"
#include "clock/host_clock.h"
#include "db/host_database.h"
#include "db/migrator.h"
#include "ledger/member_store.h"
#include "ledger/points_ledger.h"
#include "loyalty_host_sql/embedded_migrations.h"
#include "support/pg_cluster.h"

namespace {

class DbOutageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cluster_ = testsupport::PgCluster::StartPrivate();
    auto db = loyalty::HostDatabase::Open("postgresql", cluster_->FreshDatabase(), 8);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    loyalty::Migrator migrator(*db_, [] { return std::string("2025-01-01T00:00:00Z"); });
    ASSERT_TRUE(migrator.Apply("host", loyalty::sql::EmbeddedMigrations(db_->dialect())).ok());
    sessions_ = std::make_unique<loyalty::SessionStore>(*db_, clock_, std::chrono::hours(1));
    ledger_ = std::make_unique<loyalty::HostPointsLedger>(clock_);
    members_ = std::make_unique<loyalty::MemberStore>(*db_, *ledger_, clock_);
  }

  // A debit in a transaction of its own, as a plugin's redemption makes one.
  rewards::Status Debit(const std::string& key) {
    return db_->RunInTransaction([&](Poco::Data::Session& tx) -> rewards::Status {
      return ledger_->Debit(tx, "m-1", 10, key, "outage test").status();
    });
  }

  std::unique_ptr<testsupport::PgCluster> cluster_;
  loyalty::SystemClock clock_;
  std::unique_ptr<loyalty::HostDatabase> db_;
  std::unique_ptr<loyalty::SessionStore> sessions_;
  std::unique_ptr<loyalty::HostPointsLedger> ledger_;
  std::unique_ptr<loyalty::MemberStore> members_;
};

TEST_F(DbOutageTest, SessionLookupsWhileTheServerIsAwayAreUnavailableThenWorkAgain) {
  auto made = sessions_->Create("member", "m-1");
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  // Several pooled sessions, each with a connection the crash will cut.
  for (int i = 0; i < 8; ++i) {
    auto found = sessions_->Find("member", made->token);
    ASSERT_TRUE(found.ok() && found->has_value()) << found.status().ToString();
  }
  cluster_->Down();
  std::vector<std::string> answers;
  for (int i = 0; i < 8; ++i) {
    auto found = sessions_->Find("member", made->token);
    ASSERT_FALSE(found.ok());
    EXPECT_EQ(found.status().code(), rewards::StatusCode::kUnavailable)
        << found.status().ToString();
    EXPECT_EQ(found.status().error(), "database_unavailable") << found.status().ToString();
  }
  cluster_->Up();
  auto again = sessions_->Find("member", made->token);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->has_value());
}

TEST_F(DbOutageTest, TransactionsWhileTheServerIsAwayAreUnavailableThenWorkAgain) {
  loyalty::NewMember m;
  m.profile = {"m-1", "m-1@example.com", "First", "Last", ""};
  m.points = 1000;
  ASSERT_TRUE(members_->Create(m).ok());
  for (int i = 0; i < 8; ++i) {
    ASSERT_TRUE(Debit("before-" + std::to_string(i)).ok());
  }
  cluster_->Down();
  for (int i = 0; i < 8; ++i) {
    const rewards::Status s = Debit("away-" + std::to_string(i));
    EXPECT_EQ(s.code(), rewards::StatusCode::kUnavailable) << s.ToString();
    EXPECT_EQ(s.error(), "database_unavailable") << s.ToString();
  }
  cluster_->Up();
  ASSERT_TRUE(Debit("after").ok());
  auto member = members_->Get("m-1");
  ASSERT_TRUE(member.ok()) << member.status().ToString();
  EXPECT_EQ(member->balance, 1000 - 9 * 10);  // nothing of the outage was debited
}

}  // namespace
