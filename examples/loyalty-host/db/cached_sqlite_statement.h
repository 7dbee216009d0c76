// CachedSqliteStatement: Poco::Data's statement implementation for SQLite
// with its compiled statement taken from, and given back to, the
// connection's SqliteStatementCache — otherwise what Poco 1.11's
// SQLiteStatementImpl does (the same binding, extraction, row counts and
// exceptions: Poco's SQLite Binder, Extractor and Utility::throwException).
//
// A text of one statement is looked up by its exact SQL; a text of several
// ("A; B") is prepared one statement at a time as Poco does and not cached.
// The compiled statement goes back to the cache, reset and its bindings
// cleared (so it holds no read snapshot, lock or bound value), when this is
// recompiled or destroyed.
// Used by one thread at a time, as any Poco statement.
#pragma once

#include <Poco/Data/MetaColumn.h>
#include <Poco/Data/SQLite/Binder.h>
#include <Poco/Data/SQLite/Extractor.h>
#include <Poco/Data/StatementImpl.h>
#include <Poco/SharedPtr.h>

#include <cstddef>
#include <string>
#include <vector>

#include "db/sqlite_statement_cache.h"

extern "C" {
typedef struct sqlite3 sqlite3;
}

namespace loyalty {

class CachedSqliteStatement : public Poco::Data::StatementImpl {
 public:
  // `db` and `cache` belong to `session`'s connection and outlive this.
  CachedSqliteStatement(Poco::Data::SessionImpl& session, sqlite3* db, SqliteStatementCache& cache);
  ~CachedSqliteStatement() override;

 protected:
  std::size_t columnsReturned() const override;
  int affectedRowCount() const override;
  const Poco::Data::MetaColumn& metaColumn(std::size_t pos) const override;
  bool hasNext() override;
  std::size_t next() override;
  bool canBind() const override { return can_bind_; }
  bool canCompile() const override { return can_compile_; }
  void compileImpl() override;
  void bindImpl() override;
  Poco::Data::AbstractExtraction::ExtractorPtr extractor() override { return extractor_; }
  Poco::Data::AbstractBinding::BinderPtr binder() override { return binder_; }

 private:
  using Bindings = Poco::Data::AbstractBindingVec;
  static constexpr int kNoRowCount = -1;

  // Gives the compiled statement back (or finalizes it) and forgets the columns.
  void Clear();
  // Prepares the next statement of `sql`; sets *rest to what follows it.
  sqlite3_stmt* Prepare(const char* sql, std::string* rest);

  sqlite3* const db_;
  SqliteStatementCache& cache_;
  sqlite3_stmt* stmt_ = nullptr;
  std::string cache_key_;  // the SQL stmt_ came from, when it is cacheable
  bool step_called_ = false;
  int next_response_ = 0;
  Poco::SharedPtr<Poco::Data::SQLite::Binder> binder_;
  Poco::SharedPtr<Poco::Data::SQLite::Extractor> extractor_;
  std::vector<std::vector<Poco::Data::MetaColumn>> columns_;
  int affected_rows_ = kNoRowCount;
  Poco::SharedPtr<std::string> leftover_;  // the statements of the text not yet run
  Bindings::iterator bind_begin_;
  bool can_bind_ = false;
  bool is_extracted_ = false;
  bool can_compile_ = true;
};

}  // namespace loyalty
