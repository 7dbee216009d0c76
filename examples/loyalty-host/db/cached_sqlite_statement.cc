#include "db/cached_sqlite_statement.h"

#include <Poco/Data/DataException.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/String.h>
#include <sqlite3.h>

#include <utility>

namespace loyalty {

namespace {

using Poco::Data::SQLite::Utility;

}  // namespace

CachedSqliteStatement::CachedSqliteStatement(Poco::Data::SessionImpl& session, sqlite3* db,
                                             SqliteStatementCache& cache)
    : Poco::Data::StatementImpl(session), db_(db), cache_(cache) {
  columns_.resize(1);
}

CachedSqliteStatement::~CachedSqliteStatement() {
  try {
    Clear();
  } catch (...) {
  }
}

sqlite3_stmt* CachedSqliteStatement::Prepare(const char* sql, std::string* rest) {
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  for (;;) {
    const int rc = sqlite3_prepare_v2(db_, sql, -1, &stmt, &tail);
    if (rc != SQLITE_OK) {
      if (stmt != nullptr) sqlite3_finalize(stmt);
      Utility::throwException(db_, rc, sqlite3_errmsg(db_));
    }
    // A comment or white space compiles to nothing: go on to what follows;
    // nothing at all is a valid, empty statement.
    if (stmt != nullptr || tail == nullptr || *tail == '\0') break;
    sql = tail;
  }
  *rest = tail == nullptr ? std::string() : std::string(tail);
  Poco::trimInPlace(*rest);
  return stmt;
}

void CachedSqliteStatement::compileImpl() {
  const bool first = leftover_.isNull();
  if (first) bind_begin_ = bindings().begin();
  const std::string text = first ? toString() : *leftover_;
  if (text.empty()) {
    throw Poco::Data::SQLite::InvalidSQLStatementException("Empty statements are illegal");
  }
  // The statement run before goes back first: a statement executed again
  // takes its own compiled statement back.
  Clear();
  sqlite3_stmt* stmt = first ? cache_.Take(text).release() : nullptr;
  std::string rest;
  if (stmt == nullptr) stmt = Prepare(text.c_str(), &rest);
  stmt_ = stmt;
  // Only a text that is one whole statement is looked up by its SQL again.
  if (first && rest.empty() && stmt_ != nullptr) cache_key_ = text;
  if (!rest.empty()) {
    leftover_ = new std::string(rest);
    can_compile_ = true;
  } else {
    can_compile_ = false;
  }
  binder_ = new Poco::Data::SQLite::Binder(stmt_);
  extractor_ = new Poco::Data::SQLite::Extractor(stmt_);
  if (next_response_ == SQLITE_DONE && is_extracted_ && hasMoreDataSets()) {
    // A later statement of the text fills the next data set.
    activateNextDataSet();
    is_extracted_ = false;
  }
  const int count = stmt_ == nullptr ? 0 : sqlite3_column_count(stmt_);
  const std::size_t set = currentDataSet();
  if (set >= columns_.size()) columns_.resize(set + 1);
  for (int i = 0; i < count; ++i) {
    columns_[set].emplace_back(i, sqlite3_column_name(stmt_, i), Utility::getColumnType(stmt_, i));
  }
}

void CachedSqliteStatement::bindImpl() {
  step_called_ = false;
  next_response_ = 0;
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  const std::size_t params = static_cast<std::size_t>(sqlite3_bind_parameter_count(stmt_));
  if (params == 0) {
    can_bind_ = false;
    return;
  }
  auto bind_end = bindings().end();
  std::size_t available = 0;
  Bindings::difference_type count = 0;
  for (auto it = bind_begin_; it != bind_end; ++it) {
    available += (*it)->numOfColumnsHandled();
    if (available > params) break;
    ++count;
  }
  if (available < params) throw Poco::Data::SQLite::ParameterCountMismatchException();
  const Bindings::difference_type remaining = bind_end - bind_begin_;
  if (count < remaining) {
    bind_end = bind_begin_ + count;  // the rest are the next statement's
    can_bind_ = true;
  } else if (count > remaining) {
    throw Poco::Data::SQLite::ParameterCountMismatchException();
  }
  if (bind_begin_ == bindings().end()) return;
  const std::size_t rows = (*bind_begin_)->numOfRowsHandled();
  const auto old_begin = bind_begin_;
  for (std::size_t pos = 1; bind_begin_ != bind_end && (*bind_begin_)->canBind(); ++bind_begin_) {
    if (rows != (*bind_begin_)->numOfRowsHandled()) {
      throw Poco::Data::BindingException(
          "Size mismatch in Bindings. All Bindings MUST have the same size");
    }
    (*bind_begin_)->bind(pos);
    pos += (*bind_begin_)->numOfColumnsHandled();
  }
  if ((*old_begin)->canBind()) {
    bind_begin_ = old_begin;  // a container binding comes back for its next row
    can_bind_ = true;
  } else {
    can_bind_ = false;
  }
}

void CachedSqliteStatement::Clear() {
  columns_[currentDataSet()].clear();
  affected_rows_ = kNoRowCount;
  if (stmt_ != nullptr) {
    SqliteCompiled compiled(stmt_);
    if (!cache_key_.empty()) {
      sqlite3_reset(compiled.get());  // its error, if any, was thrown by the step
      sqlite3_clear_bindings(compiled.get());
      cache_.Give(cache_key_, std::move(compiled));
    }
    stmt_ = nullptr;
  }
  cache_key_.clear();
  leftover_ = nullptr;
}

bool CachedSqliteStatement::hasNext() {
  if (step_called_) return next_response_ == SQLITE_ROW;
  step_called_ = true;
  if (stmt_ == nullptr) {  // an empty statement
    next_response_ = SQLITE_DONE;
    return false;
  }
  next_response_ = sqlite3_step(stmt_);
  if (affected_rows_ == kNoRowCount) affected_rows_ = 0;
  if (!sqlite3_stmt_readonly(stmt_)) affected_rows_ += sqlite3_changes(db_);
  if (next_response_ != SQLITE_ROW && next_response_ != SQLITE_OK &&
      next_response_ != SQLITE_DONE) {
    Utility::throwException(db_, next_response_);
  }
  extractor_->reset();  // the null indicators of the previous row
  return next_response_ == SQLITE_ROW;
}

std::size_t CachedSqliteStatement::next() {
  if (next_response_ == SQLITE_ROW) {
    std::size_t pos = 0;  // SQLite's columns count from 0
    Poco::Data::AbstractExtractionVec& extracts = extractions();
    for (auto& e : extracts) {
      e->extract(pos);
      pos += e->numOfColumnsHandled();
      is_extracted_ = true;
    }
    step_called_ = false;
    if (affected_rows_ == kNoRowCount) affected_rows_ = 0;
    if (!extracts.empty()) {
      affected_rows_ += static_cast<int>(extracts.front()->numOfRowsHandled());
    }
  } else if (next_response_ == SQLITE_DONE) {
    throw Poco::Data::DataException("No data received");
  } else {
    Utility::throwException(db_, next_response_,
                            std::string("Iterator Error: trying to access the next value"));
  }
  return 1u;
}

std::size_t CachedSqliteStatement::columnsReturned() const {
  return columns_[currentDataSet()].size();
}

const Poco::Data::MetaColumn& CachedSqliteStatement::metaColumn(std::size_t pos) const {
  return columns_[currentDataSet()].at(pos);
}

int CachedSqliteStatement::affectedRowCount() const {
  if (affected_rows_ != kNoRowCount) return affected_rows_;
  return stmt_ == nullptr || sqlite3_stmt_readonly(stmt_) ? 0 : sqlite3_changes(db_);
}

}  // namespace loyalty
