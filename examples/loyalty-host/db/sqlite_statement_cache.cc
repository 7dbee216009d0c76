#include "db/sqlite_statement_cache.h"

#include <sqlite3.h>

#include <vector>

namespace loyalty {

void SqliteFinalize::operator()(sqlite3_stmt* stmt) const noexcept { sqlite3_finalize(stmt); }

SqliteCompiled SqliteStatementCache::Take(const std::string& sql) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_sql_.find(sql);
  if (it == by_sql_.end()) return SqliteCompiled();
  SqliteCompiled c = std::move(it->second->second);
  lru_.erase(it->second);
  by_sql_.erase(it);
  return c;
}

void SqliteStatementCache::Give(const std::string& sql, SqliteCompiled c) {
  std::vector<SqliteCompiled> finalized;  // finalized outside the lock
  std::lock_guard<std::mutex> lock(mu_);
  if (by_sql_.count(sql) != 0) {
    finalized.push_back(std::move(c));
    return;
  }
  lru_.emplace_front(sql, std::move(c));
  by_sql_.emplace(sql, lru_.begin());
  while (lru_.size() > capacity_) {
    finalized.push_back(std::move(lru_.back().second));
    by_sql_.erase(lru_.back().first);
    lru_.pop_back();
  }
}

void SqliteStatementCache::Clear() {
  std::list<Entry> all;
  {
    std::lock_guard<std::mutex> lock(mu_);
    all.swap(lru_);
    by_sql_.clear();
  }
}

std::size_t SqliteStatementCache::idle() const {
  std::lock_guard<std::mutex> lock(mu_);
  return lru_.size();
}

}  // namespace loyalty
