#include "db/migrator.h"

#include <Poco/Data/Session.h>

#include <algorithm>
#include <set>

#include "db/db_errors.h"
#include "db/sql_script.h"

namespace loyalty {

namespace {

using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

// Any constant both dialects agree on; only PostgreSQL uses it.
constexpr long kMigrationLockKey = 0x6C6F79616C7479;  // "loyalty"

bool MigrationsTableExists(Poco::Data::Session& s, rewards::SqlDialect d) {
  Poco::Int64 count = 0;
  if (d == rewards::SqlDialect::kSQLite) {
    s << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND "
         "name = 'schema_migrations'",
        into(count), now;
  } else {
    s << "SELECT COUNT(*) FROM information_schema.tables WHERE "
         "table_schema = current_schema() AND table_name = 'schema_migrations'",
        into(count), now;
  }
  return count > 0;
}

}  // namespace

Migrator::Migrator(HostDatabase& db, std::function<std::string()> now_text)
    : db_(db), now_text_(std::move(now_text)) {}

rewards::Status Migrator::Apply(const std::string& owner,
                                std::vector<rewards::Migration> migrations) noexcept {
  std::sort(migrations.begin(), migrations.end(),
            [](const rewards::Migration& a, const rewards::Migration& b) {
              return a.version < b.version;
            });
  std::set<int> seen;
  for (const rewards::Migration& m : migrations) {
    if (m.version <= 0 || !seen.insert(m.version).second) {
      return rewards::InvalidArgument("invalid_migrations",
                                      owner +
                                          ": migration versions must be positive and "
                                          "unique (version " +
                                          std::to_string(m.version) + ")");
    }
  }
  for (const rewards::Migration& m : migrations) {
    rewards::Status s = ApplyOne(owner, m);
    if (!s.ok()) {
      return rewards::Status(s.code(), "migration_failed",
                             owner + " migration " + std::to_string(m.version) + " (" + m.name +
                                 ") failed: " + s.message());
    }
  }
  return rewards::Status::Ok();
}

rewards::Status Migrator::ApplyOne(const std::string& owner, const rewards::Migration& m) noexcept {
  const rewards::SqlDialect dialect = db_.dialect();
  return db_.RunInTransaction([&](Poco::Data::Session& s) -> rewards::Status {
    if (dialect == rewards::SqlDialect::kPostgreSQL) {
      std::string locked;
      s << "SELECT CAST(pg_advisory_xact_lock(" + std::to_string(kMigrationLockKey) + ") AS TEXT)",
          into(locked), now;
    }
    if (MigrationsTableExists(s, dialect)) {
      Poco::Int64 applied = 0;
      s << "SELECT COUNT(*) FROM schema_migrations WHERE plugin = $1 AND version = $2", bind(owner),
          bind(m.version), into(applied), now;
      if (applied > 0) return rewards::Status::Ok();
    }
    for (const std::string& statement : SplitSqlScript(m.sql)) {
      s << statement, now;
    }
    s << "INSERT INTO schema_migrations (plugin, version, name, applied_at) "
         "VALUES ($1, $2, $3, $4)",
        bind(owner), bind(m.version), bind(m.name), bind(now_text_()), now;
    return rewards::Status::Ok();
  });
}

}  // namespace loyalty
