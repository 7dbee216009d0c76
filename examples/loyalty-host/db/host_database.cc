#include "db/host_database.h"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <sqlite3.h>

#include <mutex>
#include <random>
#include <thread>

#include "db/caching_connector.h"
#include "db/db_errors.h"

namespace loyalty {

namespace {

using Poco::Data::Keywords::now;

constexpr int kSqliteBusyTimeoutMs = 5000;

void RegisterConnectors() {
  static std::once_flag once;
  std::call_once(once, [] {
    // No process-wide memory statistics: with them every SQLite allocation
    // takes one global mutex (nothing here reads them). Only possible before
    // SQLite's first use in the process; later it is refused and changes
    // nothing.
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    Poco::Data::PostgreSQL::Connector::registerConnector();
    RegisterCachingConnector();
  });
}

// A pooled SQLite connection's settings, by the C API where there is one (the
// same as PRAGMA busy_timeout / foreign_keys without compiling statements for
// every transaction). A connection SQLite has just opened has foreign keys
// off: that tells a new one from one the pool hands out again, and only a new
// one gets its page cache bounded (a PRAGMA). False: foreign keys stay off.
bool ConfigureSqlite(Poco::Data::Session& session) {
  sqlite3* handle = Poco::Data::SQLite::Utility::dbHandle(session);
  sqlite3_busy_timeout(handle, kSqliteBusyTimeoutMs);
  int enabled = -1;
  if (sqlite3_db_config(handle, SQLITE_DBCONFIG_ENABLE_FKEY, -1, &enabled) != SQLITE_OK) {
    return false;
  }
  if (enabled == 1) return true;
  session << "PRAGMA cache_size = -" + std::to_string(HostDatabase::kSqliteCacheKib), now;
  return sqlite3_db_config(handle, SQLITE_DBCONFIG_ENABLE_FKEY, 1, &enabled) == SQLITE_OK &&
         enabled == 1;
}

void Backoff(int attempt) {
  thread_local std::minstd_rand rng(std::random_device{}());
  const int base_ms = 2 << attempt;  // 4, 8, 16, ...
  std::uniform_int_distribution<int> jitter(0, base_ms);
  std::this_thread::sleep_for(std::chrono::milliseconds(base_ms + jitter(rng)));
}

}  // namespace

rewards::Result<std::unique_ptr<HostDatabase>> HostDatabase::Open(const std::string& connector,
                                                                  const std::string& connection,
                                                                  int pool_max) {
  RegisterConnectors();
  rewards::SqlDialect dialect;
  if (connector == "sqlite") {
    dialect = rewards::SqlDialect::kSQLite;
  } else if (connector == "postgresql") {
    dialect = rewards::SqlDialect::kPostgreSQL;
  } else {
    return rewards::InvalidArgument("invalid_config", "unknown connector " + connector);
  }
  try {
    if (dialect == rewards::SqlDialect::kSQLite) {
      Poco::Path parent = Poco::Path(connection).makeAbsolute().makeParent();
      Poco::File(parent).createDirectories();
    }
    // SQLite through the host's connector: Poco's sessions, each keeping its
    // compiled statements (caching_connector.h).
    const std::string pooled =
        dialect == rewards::SqlDialect::kSQLite ? kCachingSqliteConnector : connector;
    auto pool = std::make_unique<Poco::Data::SessionPool>(pooled, connection, 1, pool_max, 60);
    std::unique_ptr<HostDatabase> db(new HostDatabase(dialect, std::move(pool)));
    if (dialect == rewards::SqlDialect::kSQLite) {
      rewards::Result<Poco::Data::Session> s = db->Session();
      if (!s.ok()) return s.status();
      s.value() << "PRAGMA journal_mode = WAL", now;
    } else {
      rewards::Result<Poco::Data::Session> s = db->Session();
      if (!s.ok()) return s.status();
    }
    return db;
  } catch (const Poco::Exception& e) {
    return rewards::Status(rewards::StatusCode::kUnavailable, "database_unavailable",
                           "cannot open the " + connector + " database: " + e.displayText());
  }
}

HostDatabase::HostDatabase(rewards::SqlDialect dialect,
                           std::unique_ptr<Poco::Data::SessionPool> pool)
    : dialect_(dialect), pool_(std::move(pool)) {}

HostDatabase::~HostDatabase() { Close(); }

void HostDatabase::Close() noexcept {
  try {
    if (pool_) pool_->shutdown();
  } catch (...) {
  }
}

rewards::Result<Poco::Data::Session> HostDatabase::Session() noexcept {
  const auto deadline = std::chrono::steady_clock::now() + kSessionWait;
  std::chrono::milliseconds wait{1};
  while (true) {
    try {
      Poco::Data::Session session = pool_->get();
      if (dialect_ == rewards::SqlDialect::kSQLite) {
        if (!ConfigureSqlite(session)) {
          return Logged(rewards::Status(rewards::StatusCode::kUnavailable, "database_unavailable",
                                        "cannot turn SQLite's foreign keys on"));
        }
      }
      return session;
    } catch (const Poco::Data::SessionPoolExhaustedException&) {
      if (metrics_ && wait.count() == 1) metrics_->PoolWaited();
      if (std::chrono::steady_clock::now() >= deadline) {
        if (metrics_) metrics_->PoolExhausted();
        return Logged(rewards::Status(rewards::StatusCode::kUnavailable, "database_unavailable",
                                      "no database session free"));
      }
      std::this_thread::sleep_for(wait);
      wait = std::min(wait * 2, std::chrono::milliseconds(20));
    } catch (const Poco::Exception& e) {
      return Logged(DbFailureStatus(e));
    } catch (...) {
      return rewards::Internal("database session failed");
    }
  }
}

rewards::Status HostDatabase::RunInTransaction(
    const std::function<rewards::Status(Poco::Data::Session&)>& work) noexcept {
  rewards::Status last;
  for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
    last = dialect_ == rewards::SqlDialect::kSQLite ? QueuedAttempt(work) : Attempt(work);
    if (last.ok() || !IsRetryableDbStatus(last)) {
      if (metrics_) metrics_->TransactionEnded(last.ok());
      return Logged(last);
    }
    if (attempt < kMaxAttempts) {
      if (metrics_)
        metrics_->TransactionRetried(
            last.details().count("db_retry") ? last.details().at("db_retry") : "");
      Backoff(attempt);
    }
  }
  if (metrics_) metrics_->TransactionEnded(false);
  // Retries spent: a unique violation that keeps coming back is a bug.
  if (last.details().at("db_retry") == "unique_violation") {
    return Logged(
        rewards::Status(rewards::StatusCode::kInternal, "database_error", last.message()));
  }
  return Logged(
      rewards::Status(rewards::StatusCode::kUnavailable, "database_unavailable", last.message()));
}

rewards::Status HostDatabase::Logged(rewards::Status status) const noexcept {
  if (failure_log_ != nullptr &&
      (status.error() == "database_unavailable" || status.error() == "database_error")) {
    try {
      failure_log_->warning("host database: " + status.ToString());
    } catch (...) {  // a log that cannot be written changes no answer
    }
  }
  return status;
}

struct HostDatabase::Writer {
  const Work* work;
  rewards::Status result;
  bool failed_alone = false;  // work failed and was rolled back to its savepoint
  bool done = false;          // guarded by queue_mu_
};

std::size_t HostDatabase::WaitingWriters() const {
  std::lock_guard<std::mutex> lock(queue_mu_);
  return queue_.size();
}

rewards::Status HostDatabase::QueuedAttempt(const Work& work) noexcept {
  Writer me{&work, rewards::Status(), false, false};
  std::unique_lock<std::mutex> lock(queue_mu_);
  queue_.push_back(&me);
  while (!me.done) {
    if (writing_) {
      queue_cv_.wait(lock);
      continue;
    }
    // The writer is free: lead the writers waiting now (FIFO, me among them
    // unless more than kMaxGroup are ahead of me).
    writing_ = true;
    std::vector<Writer*> group;
    while (!queue_.empty() && group.size() < kMaxGroup) {
      group.push_back(queue_.front());
      queue_.pop_front();
    }
    lock.unlock();
    if (group.size() == 1) {
      group.front()->result = Attempt(*group.front()->work);
    } else {
      RunGroup(group);
    }
    lock.lock();
    for (Writer* w : group) w->done = true;
    writing_ = false;
    queue_cv_.notify_all();
  }
  return me.result;
}

void HostDatabase::RunGroup(const std::vector<Writer*>& group) noexcept {
  rewards::Result<Poco::Data::Session> got = Session();
  if (!got.ok()) {
    for (Writer* w : group) w->result = got.status();
    return;
  }
  Poco::Data::Session& session = got.value();
  bool open = false;
  rewards::Status failure;
  try {
    session << "BEGIN IMMEDIATE", now;
    open = true;
    for (Writer* w : group) {
      session << "SAVEPOINT rewards_group_member", now;
      rewards::Status status;
      try {
        status = (*w->work)(session);
      } catch (const Poco::Exception& e) {
        status = DbFailureStatus(e, session);
      } catch (const std::exception& e) {
        status = rewards::Internal(std::string("transaction work threw: ") + e.what());
      } catch (...) {
        status = rewards::Internal("transaction work threw");
      }
      if (status.ok()) {
        // Fails if the work's statements ended the transaction (SQLite rolls
        // back on its own after some errors): then the whole group fails.
        session << "RELEASE rewards_group_member", now;
      } else {
        session << "ROLLBACK TO rewards_group_member", now;
        session << "RELEASE rewards_group_member", now;
        w->failed_alone = true;
      }
      w->result = status;
    }
    session << "COMMIT", now;
    open = false;
    return;
  } catch (const Poco::Exception& e) {
    failure = DbFailureStatus(e, session);
  } catch (...) {
    failure = rewards::Internal("group transaction failed");
  }
  if (open) {
    try {
      session << "ROLLBACK", now;
    } catch (...) {
      // Nothing of the group is committed either way.
    }
  }
  // Nothing of the group was committed: every caller is answered a failure.
  for (Writer* w : group) {
    if (!w->failed_alone) w->result = failure;
  }
}

rewards::Status HostDatabase::Attempt(const Work& work) noexcept {
  rewards::Result<Poco::Data::Session> got = Session();
  if (!got.ok()) return got.status();
  Poco::Data::Session& session = got.value();
  const bool sqlite = dialect_ == rewards::SqlDialect::kSQLite;
  bool open = false;
  auto rollback = [&]() {
    if (!open) return;
    open = false;
    try {
      if (sqlite) {
        session << "ROLLBACK", now;
      } else {
        session.rollback();
      }
    } catch (...) {
      // The connection may be gone; the server rolls back on its own then.
    }
  };
  try {
    if (sqlite) {
      session << "BEGIN IMMEDIATE", now;
    } else {
      session.begin();
    }
    open = true;
    rewards::Status status = work(session);
    if (!status.ok()) {
      rollback();
      return status;
    }
    if (sqlite) {
      session << "COMMIT", now;
    } else {
      session.commit();
    }
    open = false;
    return status;
  } catch (const Poco::Exception& e) {
    rollback();
    return DbFailureStatus(e, session);
  } catch (const std::exception& e) {
    rollback();
    return rewards::Internal(std::string("transaction work threw: ") + e.what());
  } catch (...) {
    rollback();
    return rewards::Internal("transaction work threw");
  }
}

}  // namespace loyalty
