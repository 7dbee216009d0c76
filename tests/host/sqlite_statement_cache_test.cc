// The host's SQLite sessions keep their compiled statements
// (caching_connector.h, sqlite_statement_cache.h), on a real file
// through HostDatabase: a statement run again is the same compiled statement
// (SQLite's own run counter says so) and answers with the values bound this
// time; an idle statement holds no read snapshot and no bindings; errors are
// Poco's SQLite exceptions as before and leave the statement usable; a text
// of several statements still runs each one; the idle statements of a
// connection are bounded; and closing the database really closes its
// connections (SQLite then removes the WAL file).
#include "db/sqlite_statement_cache.h"

#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/File.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "db/host_database.h"
#include "support/temp_dir.h"

namespace {

using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::limit;
using Poco::Data::Keywords::now;

// The compiled statements of `session`'s connection whose SQL is `sql`.
std::vector<sqlite3_stmt*> Compiled(Poco::Data::Session& session, const std::string& sql) {
  sqlite3* db = Poco::Data::SQLite::Utility::dbHandle(session);
  std::vector<sqlite3_stmt*> out;
  for (sqlite3_stmt* s = sqlite3_next_stmt(db, nullptr); s != nullptr;
       s = sqlite3_next_stmt(db, s)) {
    if (sql == sqlite3_sql(s)) out.push_back(s);
  }
  return out;
}

// How often the one compiled statement of `sql` ran; -1 when there is not
// exactly one (compiled for each execution, or not kept).
int RunsOfTheOneCompiled(Poco::Data::Session& session, const std::string& sql) {
  const std::vector<sqlite3_stmt*> found = Compiled(session, sql);
  return found.size() == 1 ? sqlite3_stmt_status(found.front(), SQLITE_STMTSTATUS_RUN, 0) : -1;
}

int CompiledCount(Poco::Data::Session& session) {
  sqlite3* db = Poco::Data::SQLite::Utility::dbHandle(session);
  int n = 0;
  for (sqlite3_stmt* s = sqlite3_next_stmt(db, nullptr); s != nullptr;
       s = sqlite3_next_stmt(db, s)) {
    ++n;
  }
  return n;
}

class SqliteStatementCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    file_ = dir_.File("cache.db");
    auto db = loyalty::HostDatabase::Open("sqlite", file_, 2);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    Poco::Data::Session s = Session();
    s << "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)", now;
  }

  Poco::Data::Session Session() {
    auto s = db_->Session();
    if (!s.ok()) throw std::runtime_error(s.status().ToString());
    return s.value();
  }

  testsupport::TempDir dir_;
  std::string file_;
  std::unique_ptr<loyalty::HostDatabase> db_;
};

const std::string kInsert = "INSERT INTO t (id, name) VALUES ($1, $2)";
const std::string kSelect = "SELECT name FROM t WHERE id = $1";

// Rows 1..n named n1..nn, each by the same insert.
void InsertRows(Poco::Data::Session& s, int n) {
  for (int i = 1; i <= n; ++i) {
    std::string name = "n" + std::to_string(i);
    s << kInsert, bind(i), bind(name), now;
  }
}

TEST_F(SqliteStatementCacheTest, AStatementRunAgainIsCompiledOnceAndAnswersTheNewValues) {
  Poco::Data::Session s = Session();
  InsertRows(s, 5);
  for (int i = 5; i >= 1; --i) {
    std::string name;
    s << kSelect, bind(i), into(name), now;
    EXPECT_EQ(name, "n" + std::to_string(i));
  }
  EXPECT_EQ(RunsOfTheOneCompiled(s, kInsert), 5);
  EXPECT_EQ(RunsOfTheOneCompiled(s, kSelect), 5);
}

TEST_F(SqliteStatementCacheTest, AStatementObjectExecutedAgainKeepsItsCompiledStatement) {
  Poco::Data::Session s = Session();
  InsertRows(s, 3);
  int id = 0;
  std::string name;
  Poco::Data::Statement again(s);
  again << kSelect, Poco::Data::Keywords::use(id), into(name);
  for (id = 1; id <= 3; ++id) {
    name.clear();
    again.execute();
    EXPECT_EQ(name, "n" + std::to_string(id));
  }
  EXPECT_EQ(RunsOfTheOneCompiled(s, kSelect), 3);
}

TEST_F(SqliteStatementCacheTest, AnIdleStatementHoldsNoSnapshotAndNoBindings) {
  Poco::Data::Session s = Session();
  InsertRows(s, 3);
  {
    // Left after its first row of three: its step is under way until reset.
    std::string name;
    Poco::Data::Statement partial(s);
    partial << "SELECT name FROM t ORDER BY id", into(name), limit(1);
    partial.execute();
    EXPECT_EQ(name, "n1");
  }
  for (sqlite3_stmt* st : Compiled(s, "SELECT name FROM t ORDER BY id")) {
    EXPECT_EQ(sqlite3_stmt_busy(st), 0) << "a cached statement still holds its read";
  }
  for (sqlite3_stmt* st : Compiled(s, kInsert)) {
    EXPECT_EQ(sqlite3_stmt_busy(st), 0);
    EXPECT_EQ(sqlite3_bind_parameter_count(st), 2);
    // Cleared bindings read as NULL: the expanded SQL shows what is bound.
    char* expanded = sqlite3_expanded_sql(st);
    ASSERT_NE(expanded, nullptr);
    EXPECT_EQ(std::string(expanded), "INSERT INTO t (id, name) VALUES (NULL, NULL)");
    sqlite3_free(expanded);
  }
  // No snapshot held by this connection: a checkpoint can reset the whole WAL.
  Poco::Data::Session other = Session();
  int busy = -1;
  int log = -1;
  int done = -1;
  other << "PRAGMA wal_checkpoint(TRUNCATE)", into(busy), into(log), into(done), now;
  EXPECT_EQ(busy, 0) << "a reader held the WAL";
}

TEST_F(SqliteStatementCacheTest, ErrorsArePocosSqliteExceptionsAndLeaveTheStatementUsable) {
  Poco::Data::Session s = Session();
  EXPECT_THROW((s << "SELEC nothing", now), Poco::Data::SQLite::InvalidSQLStatementException);
  int id = 1;
  std::string name = "first";
  s << kInsert, bind(id), bind(name), now;
  EXPECT_THROW((s << kInsert, bind(id), bind(name), now),
               Poco::Data::SQLite::ConstraintViolationException);
  id = 2;
  name = "second";
  s << kInsert, bind(id), bind(name), now;  // the same compiled insert, after its failure
  int rows = 0;
  s << "SELECT COUNT(*) FROM t", into(rows), now;
  EXPECT_EQ(rows, 2);
  EXPECT_EQ(Compiled(s, kInsert).size(), 1u);
}

TEST_F(SqliteStatementCacheTest, ATextOfSeveralStatementsRunsEachOne) {
  Poco::Data::Session s = Session();
  s << "INSERT INTO t (id, name) VALUES (1, 'a'); INSERT INTO t (id, name) VALUES (2, 'b');", now;
  s << "INSERT INTO t (id, name) VALUES (3, 'c'); INSERT INTO t (id, name) VALUES (4, 'd');", now;
  int rows = 0;
  s << "SELECT COUNT(*) FROM t", into(rows), now;
  EXPECT_EQ(rows, 4);
}

TEST_F(SqliteStatementCacheTest, TheIdleStatementsOfAConnectionAreBounded) {
  Poco::Data::Session s = Session();
  for (int i = 0; i < 3 * static_cast<int>(loyalty::SqliteStatementCache::kDefaultCapacity); ++i) {
    int n = 0;
    s << "SELECT " + std::to_string(i), into(n), now;
    ASSERT_EQ(n, i);
  }
  EXPECT_LE(CompiledCount(s), static_cast<int>(loyalty::SqliteStatementCache::kDefaultCapacity));
}

TEST_F(SqliteStatementCacheTest, ClosingTheDatabaseClosesItsConnections) {
  {
    Poco::Data::Session s = Session();
    InsertRows(s, 3);
    ASSERT_TRUE(Poco::File(file_ + "-wal").exists());
  }
  db_.reset();
  // SQLite removes the WAL when its last connection closes; a connection
  // left open behind unfinalized statements would keep it.
  EXPECT_FALSE(Poco::File(file_ + "-wal").exists());
}

TEST(SqliteStatementCache, KeepsOneIdleCopyOfAText) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
  sqlite3_stmt* a = nullptr;
  sqlite3_stmt* b = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT 1", -1, &a, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT 1", -1, &b, nullptr), SQLITE_OK);
  {
    loyalty::SqliteStatementCache cache(4);
    cache.Give("SELECT 1", loyalty::SqliteCompiled(a));
    cache.Give("SELECT 1", loyalty::SqliteCompiled(b));  // finalized: one idle copy is enough
    EXPECT_EQ(cache.idle(), 1u);
    loyalty::SqliteCompiled taken = cache.Take("SELECT 1");
    EXPECT_EQ(taken.get(), a);
    EXPECT_EQ(cache.Take("SELECT 1"), nullptr);
    cache.Give("SELECT 1", std::move(taken));
  }  // the cache finalizes what it holds
  EXPECT_EQ(sqlite3_next_stmt(db, nullptr), nullptr);
  EXPECT_EQ(sqlite3_close(db), SQLITE_OK);
}

}  // namespace
