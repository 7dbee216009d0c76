// The host's SQLite connector for Poco::Data: Poco's SQLite sessions, each
// with its connection's cache of compiled statements, so the statements the
// host and the plugin run again and again are compiled once per pooled
// connection (cached_sqlite_statement.h). Everything else is Poco's SQLite
// session as it is: the same connector name on the session ("sqlite"), the
// "handle" property (Poco::Data::SQLite::Utility::dbHandle), transactions.
//
// RegisterCachingConnector() adds it to Poco's SessionFactory under
// kCachingSqliteConnector, once per process; HostDatabase opens its SQLite
// pool with it.
#pragma once

#include <Poco/Data/SQLite/SessionImpl.h>

#include <string>

#include "db/cached_sqlite_statement.h"

namespace loyalty {

inline constexpr const char* kCachingSqliteConnector = "sqlite-statement-cache";

void RegisterCachingConnector();

class CachingSqliteSession : public Poco::Data::SQLite::SessionImpl {
 public:
  CachingSqliteSession(const std::string& file, std::size_t login_timeout);
  // The cache (a member) finalizes its statements before the base
  // destructor closes the connection.
  ~CachingSqliteSession() override = default;

  Poco::SharedPtr<Poco::Data::StatementImpl> createStatementImpl() override;
  // Finalizes the cached statements first: sqlite3_close_v2 would otherwise
  // leave the connection open behind them.
  void close() override;

 private:
  sqlite3* const db_;  // the "handle" property, set by the base's constructor
  SqliteStatementCache cache_;
};

}  // namespace loyalty
