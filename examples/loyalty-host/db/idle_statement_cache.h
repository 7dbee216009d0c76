// IdleStatementCache: one database connection's compiled statements, kept
// between executions so a statement the host or the plugin runs again is not
// compiled again. Poco 1.11 compiles every execution anew: on SQLite that was
// about half of a redemption's database instructions.
//
// `Compiled` owns one compiled statement (a std::unique_ptr whose deleter
// frees it on its connection, e.g. SqliteCompiled). Take(sql) hands out an idle statement
// compiled from exactly `sql` — it is then the caller's alone — or an empty
// one. Give(sql, c) keeps `c` for the next Take: the caller first makes it
// idle (no step under way, nothing bound). At most
// `capacity` are kept, the least recently given back freed first; a second
// idle copy of one text is freed. Clear() frees every idle statement — the
// connection's owner calls it before the connection closes.
// Thread-safe (a pooled connection is used by one thread at a time, but a
// statement may be destroyed after its session went back to the pool).
#pragma once

#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace loyalty {

template <typename Compiled>
class IdleStatementCache {
 public:
  // More than the host and the plugin run on their hot paths together.
  static constexpr std::size_t kDefaultCapacity = 64;

  explicit IdleStatementCache(std::size_t capacity = kDefaultCapacity) : capacity_(capacity) {}
  ~IdleStatementCache() { Clear(); }
  IdleStatementCache(const IdleStatementCache&) = delete;
  IdleStatementCache& operator=(const IdleStatementCache&) = delete;

  Compiled Take(const std::string& sql) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = by_sql_.find(sql);
    if (it == by_sql_.end()) return Compiled();
    Compiled c = std::move(it->second->second);
    lru_.erase(it->second);
    by_sql_.erase(it);
    return c;
  }

  void Give(const std::string& sql, Compiled c) {
    std::vector<Compiled> freed;  // freed outside the lock
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (capacity_ == 0 || by_sql_.count(sql) != 0) {
        freed.push_back(std::move(c));
      } else {
        lru_.emplace_front(sql, std::move(c));
        by_sql_.emplace(sql, lru_.begin());
        while (lru_.size() > capacity_) {
          freed.push_back(std::move(lru_.back().second));
          by_sql_.erase(lru_.back().first);
          lru_.pop_back();
        }
      }
    }
  }

  void Clear() {
    std::list<Entry> all;
    {
      std::lock_guard<std::mutex> lock(mu_);
      all.swap(lru_);
      by_sql_.clear();
    }
  }

  std::size_t idle() const {
    std::lock_guard<std::mutex> lock(mu_);
    return lru_.size();
  }

 private:
  using Entry = std::pair<std::string, Compiled>;
  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::list<Entry> lru_;  // guarded by mu_; most recently given back first
  std::unordered_map<std::string, typename std::list<Entry>::iterator> by_sql_;  // guarded by mu_
};

}  // namespace loyalty
