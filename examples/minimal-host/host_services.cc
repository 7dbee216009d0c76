#include "host_services.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Exception.h>
#include <sqlite3.h>

#include <iostream>

namespace minimal {

using rewards::Result;
using rewards::Status;
using rewards::StatusCode;

// ---- Logger, Clock ---------------------------------------------------------

void ConsoleLogger::Log(rewards::LogLevel level, std::string_view message) noexcept {
  static std::mutex mu;
  static const char* const kNames[] = {"debug", "info", "warning", "error"};
  std::lock_guard<std::mutex> lock(mu);
  std::cerr << "[plugin " << kNames[static_cast<int>(level)] << "] " << message << "\n";
}

bool ConsoleLogger::Enabled(rewards::LogLevel level) const noexcept {
  return level != rewards::LogLevel::kDebug;
}

std::chrono::system_clock::time_point SystemClock::Now() const noexcept {
  return std::chrono::system_clock::now();
}

std::chrono::steady_clock::time_point SystemClock::Monotonic() const noexcept {
  return std::chrono::steady_clock::now();
}

// ---- Scheduler -------------------------------------------------------------

namespace {

class FunctionTask : public Poco::Util::TimerTask {
 public:
  FunctionTask(rewards::Task task, std::function<void()> after_once)
      : task_(std::move(task)), after_once_(std::move(after_once)) {}
  void run() override {
    try {
      task_();
    } catch (...) {
      std::cerr << "[host] a scheduled task threw\n";
    }
    if (after_once_) after_once_();
  }

 private:
  rewards::Task task_;
  std::function<void()> after_once_;  // set for one-shot tasks: forget the task
};

}  // namespace

Result<rewards::TaskId> TimerScheduler::Add(std::chrono::milliseconds delay,
                                            std::optional<std::chrono::milliseconds> interval,
                                            rewards::Task task) noexcept {
  try {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) return Status(StatusCode::kFailedPrecondition, "stopped", "scheduler stopped");
    const rewards::TaskId id = next_id_++;
    std::function<void()> forget;
    if (!interval) {
      forget = [this, id] {
        std::lock_guard<std::mutex> l(mu_);
        tasks_.erase(id);
      };
    }
    Poco::Util::TimerTask::Ptr t(new FunctionTask(std::move(task), std::move(forget)));
    tasks_[id] = t;
    const long delay_ms = static_cast<long>(std::max<std::int64_t>(0, delay.count()));
    if (interval) {
      timer_.schedule(t, delay_ms, static_cast<long>(std::max<std::int64_t>(1, interval->count())));
    } else {
      timer_.schedule(t, Poco::Clock() + delay_ms * 1000);
    }
    return id;
  } catch (const std::exception& e) {
    return rewards::Internal(std::string("schedule: ") + e.what());
  }
}

Result<rewards::TaskId> TimerScheduler::ScheduleAfter(std::chrono::milliseconds delay, std::string,
                                                      rewards::Task task) noexcept {
  return Add(delay, std::nullopt, std::move(task));
}

Result<rewards::TaskId> TimerScheduler::SchedulePeriodic(std::chrono::milliseconds interval,
                                                         std::string, rewards::Task task) noexcept {
  return Add(interval, interval, std::move(task));
}

void TimerScheduler::Cancel(rewards::TaskId id) noexcept {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = tasks_.find(id);
  if (it == tasks_.end()) return;
  it->second->cancel();
  tasks_.erase(it);
}

void TimerScheduler::Stop() noexcept {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) return;
    stopped_ = true;
  }
  timer_.cancel(true);  // pending tasks dropped, a running one finished
  std::lock_guard<std::mutex> lock(mu_);
  tasks_.clear();
}

// ---- Settings --------------------------------------------------------------

void FixedSettings::ApplySchema(const std::vector<rewards::SettingSpec>& schema) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const rewards::SettingSpec& spec : schema) configured_.emplace(spec.key, spec.default_value);
}

rewards::SettingsValues FixedSettings::Current() const noexcept {
  std::lock_guard<std::mutex> lock(mu_);
  return rewards::SettingsValues(configured_);
}

rewards::SubscriptionId FixedSettings::Subscribe(
    std::function<void(const rewards::SettingsValues&)>) noexcept {
  return next_id_++;
}

// ---- Database --------------------------------------------------------------

namespace {

// The connector must be registered before the pool's first session.
std::string Connector() {
  Poco::Data::SQLite::Connector::registerConnector();
  return "SQLite";
}

}  // namespace

SqliteDatabase::SqliteDatabase(const std::string& file) : pool_(Connector(), file, 1, 8) {
  Poco::Data::Session s = pool_.get();
  s << "PRAGMA journal_mode = WAL", Poco::Data::Keywords::now;
}

Result<Poco::Data::Session> SqliteDatabase::Session() noexcept {
  try {
    Poco::Data::Session s = pool_.get();
    s << "PRAGMA busy_timeout = 5000", Poco::Data::Keywords::now;
    s << "PRAGMA foreign_keys = ON", Poco::Data::Keywords::now;
    return s;
  } catch (const Poco::Exception& e) {
    return Status(StatusCode::kUnavailable, "database_unavailable", e.displayText());
  }
}

Status SqliteDatabase::RunInTransaction(
    const std::function<Status(Poco::Data::Session&)>& work) noexcept {
  std::lock_guard<std::mutex> writer(writer_);
  Result<Poco::Data::Session> got = Session();
  if (!got.ok()) return got.status();
  Poco::Data::Session& s = got.value();
  bool open = false;
  auto rollback = [&] {
    if (open) {
      try {
        s << "ROLLBACK", Poco::Data::Keywords::now;
      } catch (...) {
      }
    }
    if (listener_) listener_->RolledBack();
  };
  try {
    s << "BEGIN IMMEDIATE", Poco::Data::Keywords::now;
    open = true;
    Status status = work(s);
    if (!status.ok()) {
      rollback();
      return status;
    }
    s << "COMMIT", Poco::Data::Keywords::now;
    if (listener_) listener_->Committed();
    return status;
  } catch (const Poco::Exception& e) {
    rollback();
    return Status(StatusCode::kUnavailable, "database_error", e.displayText());
  } catch (const std::exception& e) {
    rollback();
    return rewards::Internal(std::string("transaction work threw: ") + e.what());
  } catch (...) {
    rollback();
    return rewards::Internal("transaction work threw");
  }
}

Status SqliteDatabase::ApplyMigrations(const std::string& plugin,
                                       const std::vector<rewards::Migration>& migrations) {
  using Poco::Data::Keywords::into;
  using Poco::Data::Keywords::now;
  using Poco::Data::Keywords::use;
  Result<Poco::Data::Session> got = Session();
  if (!got.ok()) return got.status();
  got.value() << "CREATE TABLE IF NOT EXISTS schema_migrations (plugin TEXT NOT NULL, "
                 "version INTEGER NOT NULL, name TEXT NOT NULL, PRIMARY KEY (plugin, version))",
      now;
  for (const rewards::Migration& m : migrations) {
    Status s = RunInTransaction([&](Poco::Data::Session& tx) -> Status {
      int applied = 0;
      std::string p = plugin;
      int version = m.version;
      tx << "SELECT COUNT(*) FROM schema_migrations WHERE plugin = ? AND version = ?", use(p),
          use(version), into(applied), now;
      if (applied > 0) return Status::Ok();
      // The step may hold several statements (and triggers): SQLite runs them all.
      char* error = nullptr;
      sqlite3* db = Poco::Data::SQLite::Utility::dbHandle(tx);
      if (sqlite3_exec(db, m.sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
        std::string message = error ? error : "unknown error";
        sqlite3_free(error);
        return rewards::Internal("migration " + std::to_string(m.version) + " " + m.name + ": " +
                                 message);
      }
      std::string name = m.name;
      tx << "INSERT INTO schema_migrations (plugin, version, name) VALUES (?, ?, ?)", use(p),
          use(version), use(name), now;
      return Status::Ok();
    });
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

// ---- Ledger ----------------------------------------------------------------

void MemoryLedger::AddMember(const rewards::MemberProfile& profile, std::int64_t points) {
  std::lock_guard<std::mutex> lock(mu_);
  members_[profile.id] = Account{profile, points};
}

std::optional<rewards::MemberProfile> MemoryLedger::Member(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = members_.find(id);
  if (it == members_.end()) return std::nullopt;
  return it->second.profile;
}

std::int64_t MemoryLedger::BalanceOf(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = members_.find(id);
  return it == members_.end() ? 0 : it->second.balance;
}

Result<rewards::LedgerEntry> MemoryLedger::Apply(const std::string& member_id, std::int64_t delta,
                                                 const std::string& key) noexcept {
  std::lock_guard<std::mutex> lock(mu_);
  auto seen = entries_.find(key);
  if (seen != entries_.end()) {
    rewards::LedgerEntry replay = seen->second;
    replay.replayed = true;
    return replay;
  }
  auto it = members_.find(member_id);
  if (it == members_.end()) return rewards::NotFound("unknown_member", "no member " + member_id);
  if (it->second.balance + delta < 0) {
    return Status(
        StatusCode::kFailedPrecondition, "insufficient_points",
        "balance " + std::to_string(it->second.balance) + " is below " + std::to_string(-delta));
  }
  it->second.balance += delta;
  rewards::LedgerEntry entry{next_entry_++, member_id, delta, it->second.balance, key, false};
  entries_[key] = entry;
  uncommitted_.push_back(key);
  return entry;
}

Result<rewards::LedgerEntry> MemoryLedger::Debit(Poco::Data::Session&, const std::string& member_id,
                                                 std::int64_t points, const std::string& key,
                                                 const std::string&) noexcept {
  if (points <= 0) return rewards::InvalidArgument("invalid_points", "points must be > 0");
  return Apply(member_id, -points, key);
}

Result<rewards::LedgerEntry> MemoryLedger::Credit(Poco::Data::Session&,
                                                  const std::string& member_id, std::int64_t points,
                                                  const std::string& key,
                                                  const std::string&) noexcept {
  if (points <= 0) return rewards::InvalidArgument("invalid_points", "points must be > 0");
  return Apply(member_id, points, key);
}

Result<std::int64_t> MemoryLedger::Balance(Poco::Data::Session&,
                                           const std::string& member_id) noexcept {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = members_.find(member_id);
  if (it == members_.end()) return rewards::NotFound("unknown_member", "no member " + member_id);
  return it->second.balance;
}

void MemoryLedger::Committed() noexcept {
  std::lock_guard<std::mutex> lock(mu_);
  uncommitted_.clear();
}

void MemoryLedger::RolledBack() noexcept {
  std::lock_guard<std::mutex> lock(mu_);
  for (const std::string& key : uncommitted_) {
    auto entry = entries_.find(key);
    members_[entry->second.member_id].balance -= entry->second.delta;
    entries_.erase(entry);
  }
  uncommitted_.clear();
}

// ---- Router ----------------------------------------------------------------

Status RouteTable::AddRoute(const std::string& method, const std::string& path,
                            rewards::HttpHandler handler) noexcept {
  std::lock_guard<std::mutex> lock(mu_);
  if (!routes_.emplace(std::make_pair(method, path), std::move(handler)).second) {
    return Status(StatusCode::kConflict, "route_clash", method + " " + path + " is taken");
  }
  return Status::Ok();
}

const rewards::HttpHandler* RouteTable::Find(const std::string& method,
                                             const std::string& path) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = routes_.find({method, path});
  return it == routes_.end() ? nullptr : &it->second;
}

}  // namespace minimal
