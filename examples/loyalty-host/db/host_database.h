// HostDatabase: the host's rewards::Database over a Poco::Data SessionPool,
// SQLite (a file) or PostgreSQL (a libpq connection string).
//
// Session() hands out a pooled autocommit session; when all `pool_max` are in
// use it waits up to kSessionWait for one to come back (then kUnavailable).
// On SQLite every session gets a busy timeout, foreign keys on and a page
// cache of kSqliteCacheKib, and the file uses WAL so readers do not block the
// writer. Each SQLite connection keeps the statements run on it compiled
// (caching_connector.h), so a statement run again is not compiled again.
// RunInTransaction (database.h states the contract): BEGIN IMMEDIATE on SQLite,
// BEGIN (read committed) on PostgreSQL. On SQLite the writers of this process
// also queue first: SQLite allows one writer anyway, and its busy handler
// waits by sleeping (up to 100 ms a step), which put long tails on every write
// under load; the busy timeout still guards against other processes on the
// same file.
// Group commit (SQLite): the writers waiting in that queue when the writer
// becomes free are taken together, up to kMaxGroup, and share one durable
// transaction: each `work` runs in its own SAVEPOINT (a work that fails or
// throws is rolled back to it alone and answered its own failure), then one
// COMMIT makes all of them durable, and only then is each caller answered. If
// BEGIN or COMMIT fails, every caller of the group is answered that failure
// (none is answered OK) and retried as below. A writer alone runs as before,
// without a savepoint. Durability is the file's setting, unchanged: one fsync
// per group instead of one per transaction (docs/PERFORMANCE.md, job 3).
// `work` is run again, up to
// kMaxAttempts in all, after SQLite busy, serialization failure, deadlock or a
// unique-key race — whether `work` threw or returned DbFailureStatus.
// SetMetrics (once, before use) counts transactions, retries by cause and
// pool waits into HostMetrics. SetFailureLog (once, before use) gets a warning
// "host database: <status>" for every session or transaction this answers
// database_unavailable / database_error: the callers turn those into plain
// sentences (json_reply.h), so this line is where an operator finds the cause.
// Thread-safe. Close() (or the destructor) shuts the pool; sessions must have
// been returned by then.
#pragma once

#include <Poco/Data/SessionPool.h>
#include <Poco/Logger.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "metrics/host_metrics.h"
#include "rewards/database.h"

namespace loyalty {

class HostDatabase : public rewards::Database {
 public:
  static constexpr int kMaxAttempts = 6;
  static constexpr std::chrono::seconds kSessionWait{10};
  static constexpr std::size_t kMaxGroup = 64;
  // Each SQLite connection's page cache (KiB; SQLite's default is 2,000): the
  // pool keeps up to `pool_max` connections, each filling its own cache as the
  // file grows, and the OS caches the file anyway.
  static constexpr int kSqliteCacheKib = 512;

  // `connector` is "sqlite" or "postgresql". For SQLite the file's folder is
  // created. Checks that a session can be opened.
  static rewards::Result<std::unique_ptr<HostDatabase>> Open(const std::string& connector,
                                                             const std::string& connection,
                                                             int pool_max);

  ~HostDatabase() override;
  HostDatabase(const HostDatabase&) = delete;
  HostDatabase& operator=(const HostDatabase&) = delete;

  rewards::SqlDialect dialect() const noexcept override { return dialect_; }
  rewards::Result<Poco::Data::Session> Session() noexcept override;
  rewards::Status RunInTransaction(
      const std::function<rewards::Status(Poco::Data::Session&)>& work) noexcept override;
  void Close() noexcept;
  // REQUIRES: before the first Session() or transaction; `metrics` outlives this.
  void SetMetrics(HostMetrics* metrics) { metrics_ = metrics; }
  // REQUIRES: before the first Session() or transaction; `log` outlives this.
  void SetFailureLog(Poco::Logger* log) { failure_log_ = log; }
  // SQLite writers queued behind the one running now (for tests and metrics).
  std::size_t WaitingWriters() const;

 private:
  HostDatabase(rewards::SqlDialect dialect, std::unique_ptr<Poco::Data::SessionPool> pool);
  using Work = std::function<rewards::Status(Poco::Data::Session&)>;
  struct Writer;  // one queued SQLite attempt (host_database.cc)

  // Begins, runs `work`, commits or rolls back; one attempt.
  rewards::Status Attempt(const Work& work) noexcept;
  // SQLite: one attempt through the writer queue (group commit).
  rewards::Status QueuedAttempt(const Work& work) noexcept;
  // Runs `group` (2 or more) in one transaction; sets each one's result.
  void RunGroup(const std::vector<Writer*>& group) noexcept;

  const rewards::SqlDialect dialect_;
  std::unique_ptr<Poco::Data::SessionPool> pool_;
  // `status` as it is, after a warning on failure_log_ if it is a database failure.
  rewards::Status Logged(rewards::Status status) const noexcept;

  mutable std::mutex queue_mu_;       // guards queue_ and writing_
  std::condition_variable queue_cv_;  // a group ended
  std::deque<Writer*> queue_;         // SQLite attempts waiting for the writer
  bool writing_ = false;              // a leader is running a group
  HostMetrics* metrics_ = nullptr;
  Poco::Logger* failure_log_ = nullptr;
};

}  // namespace loyalty
