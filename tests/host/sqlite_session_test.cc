// The host database's SQLite sessions (host_database.h) on a real file: every
// session handed out — the pool's first, one it made later, one it hands out
// again — enforces foreign keys, keeps the host's bounded page cache and
// waits for a writer of another connection instead of failing at once; and SQLite keeps no
// process-wide memory statistics (each of its allocations would otherwise take one global mutex).
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "db/host_database.h"
#include "support/temp_dir.h"

namespace {

using Poco::Data::Keywords::now;
using Clock = std::chrono::steady_clock;

class SqliteSessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = loyalty::HostDatabase::Open("sqlite", dir_.File("sessions.db"), 4);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    auto s = db_->Session();
    ASSERT_TRUE(s.ok());
    s.value() << "CREATE TABLE parent (id TEXT PRIMARY KEY)", now;
    s.value() << "CREATE TABLE child (id TEXT PRIMARY KEY, parent_id TEXT REFERENCES parent(id))",
        now;
    s.value() << "CREATE TABLE t (id INTEGER)", now;
  }

  // `check` on each of four sessions held at once (all the pool has: three
  // of them new), then on four again (handed out a second time).
  void ForEverySession(const std::function<void(Poco::Data::Session&, const std::string&)>& check) {
    for (int round = 0; round < 2; ++round) {
      std::vector<Poco::Data::Session> held;
      for (int i = 0; i < 4; ++i) {
        auto s = db_->Session();
        ASSERT_TRUE(s.ok()) << s.status().ToString();
        held.push_back(s.value());
        check(held.back(), "round " + std::to_string(round) + ", session " + std::to_string(i));
      }
    }
  }

  testsupport::TempDir dir_;
  std::unique_ptr<loyalty::HostDatabase> db_;
};

TEST_F(SqliteSessionTest, EverySessionEnforcesForeignKeys) {
  ForEverySession([](Poco::Data::Session& s, const std::string& which) {
    EXPECT_THROW((s << "INSERT INTO child (id, parent_id) VALUES ('c', 'none')", now),
                 Poco::Exception)
        << which << " accepted a child without its parent";
  });
}

TEST_F(SqliteSessionTest, EverySessionHasTheHostsBoundedPageCache) {
  ForEverySession([](Poco::Data::Session& s, const std::string& which) {
    int cache = 0;
    s << "PRAGMA cache_size", Poco::Data::Keywords::into(cache), now;
    EXPECT_EQ(cache, -loyalty::HostDatabase::kSqliteCacheKib) << which;
  });
}

TEST_F(SqliteSessionTest, ASessionWaitsForAnotherConnectionsWriter) {
  Poco::Data::SQLite::Connector::registerConnector();
  Poco::Data::Session other("SQLite", dir_.File("sessions.db"));
  other << "BEGIN IMMEDIATE", now;
  other << "INSERT INTO t (id) VALUES (1)", now;
  std::thread release([&other] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    other << "COMMIT", now;
  });
  auto s = db_->Session();
  ASSERT_TRUE(s.ok());
  const auto started = Clock::now();
  // Outside RunInTransaction (no retries): only the busy timeout makes it wait.
  EXPECT_NO_THROW((s.value() << "INSERT INTO t (id) VALUES (2)", now));
  release.join();
  EXPECT_GE(Clock::now() - started, std::chrono::milliseconds(200));
}

TEST_F(SqliteSessionTest, SqliteKeepsNoProcessWideMemoryStatistics) {
  auto s = db_->Session();
  ASSERT_TRUE(s.ok());
  s.value() << "INSERT INTO t (id) VALUES (1)", now;
  sqlite3_int64 current = -1;
  sqlite3_int64 highwater = -1;
  ASSERT_EQ(sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &current, &highwater, 0), SQLITE_OK);
  EXPECT_EQ(current, 0) << "SQLite counts its memory (memstatus on)";
}

}  // namespace
