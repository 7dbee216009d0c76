// SqliteStatementCache: one SQLite connection's compiled statements, kept
// between executions so a statement the host or the plugin runs again is not
// compiled again. Poco 1.11 compiles every execution anew: that was about
// half of a redemption's database instructions.
//
// Take(sql) hands out an idle statement compiled from exactly `sql` — it is
// then the caller's alone — or an empty one. Give(sql, c) keeps `c` for the
// next Take: the caller first makes it idle (reset, bindings cleared). At
// most `capacity` are kept, the least recently given back finalized first; a
// second idle copy of one text is finalized. Clear() finalizes every idle
// statement — the connection's owner calls it before the connection closes.
// Thread-safe (a pooled connection is used by one thread at a time, but a
// statement may be destroyed after its session went back to the pool).
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

extern "C" {
typedef struct sqlite3_stmt sqlite3_stmt;
}

namespace loyalty {

struct SqliteFinalize {
  void operator()(sqlite3_stmt* stmt) const noexcept;
};
// A compiled SQLite statement, finalized when dropped.
using SqliteCompiled = std::unique_ptr<sqlite3_stmt, SqliteFinalize>;

class SqliteStatementCache {
 public:
  // More than the host and the plugin run on their hot paths together.
  static constexpr std::size_t kDefaultCapacity = 64;

  explicit SqliteStatementCache(std::size_t capacity = kDefaultCapacity) : capacity_(capacity) {}
  ~SqliteStatementCache() { Clear(); }
  SqliteStatementCache(const SqliteStatementCache&) = delete;
  SqliteStatementCache& operator=(const SqliteStatementCache&) = delete;

  SqliteCompiled Take(const std::string& sql);
  void Give(const std::string& sql, SqliteCompiled c);
  void Clear();
  std::size_t idle() const;

 private:
  using Entry = std::pair<std::string, SqliteCompiled>;
  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::list<Entry> lru_;  // guarded by mu_; most recently given back first
  std::unordered_map<std::string, std::list<Entry>::iterator> by_sql_;  // guarded by mu_
};

}  // namespace loyalty
