// Database: the host's database, lent to the plugin for its own tables.
//
// Sessions come from the host's pool (Poco::Data, SQLite or PostgreSQL) and
// go back to it when the Session object is destroyed. RunInTransaction is the
// one way to write: it takes a session, begins a transaction (on SQLite
// "BEGIN IMMEDIATE", so writers queue instead of deadlocking), runs `work`,
// and commits when `work` answers OK — otherwise, or if `work` throws, it rolls
// back and answers the failure (a Poco exception becomes kUnavailable when the
// database was busy or the connection failed, kInternal otherwise).
// `work` may be run more than once: on a serialization failure, deadlock or
// unique-key race the host rolls back and runs it again (a few times), so
// `work` must have no effect outside the transaction.
// Thread-safe; valid from create() until destroy() returns.
#pragma once

#include <Poco/Data/Session.h>

#include <functional>
#include <memory>

#include "rewards/status.h"

namespace rewards {

enum class SqlDialect { kSQLite, kPostgreSQL };

inline const char* DialectName(SqlDialect d) noexcept {
  return d == SqlDialect::kSQLite ? "sqlite" : "postgresql";
}

class Database {
 public:
  virtual ~Database() = default;
  virtual SqlDialect dialect() const noexcept = 0;
  // A pooled session in autocommit mode, for reads.
  virtual Result<Poco::Data::Session> Session() noexcept = 0;
  virtual Status RunInTransaction(
      const std::function<Status(Poco::Data::Session&)>& work) noexcept = 0;
};

}  // namespace rewards
