// The HostServices a minimal loyalty host lends a rewards plugin — each one
// the smallest thing that keeps the contract of its header in rewards/:
//   ConsoleLogger     Logger on stderr
//   SystemClock       Clock: the system's wall and monotonic clocks
//   TimerScheduler    Scheduler on one Poco::Util::Timer thread
//   FixedSettings     Settings given at start (properties file + schema defaults)
//   SqliteDatabase    Database: Poco::Data::SQLite sessions, one writer at a time
//   MemoryLedger      PointsLedger: members and entries in memory, kept in step
//                     with the database's transactions (undone on rollback)
//   RouteTable        HttpRouter: exact method + path
// Everything here is thread-safe. MinimalServices owns one of each and must
// outlive the plugin (from create() until destroy() returns).
#pragma once

#include <Poco/Data/SessionPool.h>
#include <Poco/Util/Timer.h>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "rewards/host_services.h"
#include "rewards/redemption_types.h"
#include "rewards/rewards_provider.h"

namespace minimal {

class ConsoleLogger : public rewards::Logger {
 public:
  void Log(rewards::LogLevel level, std::string_view message) noexcept override;
  bool Enabled(rewards::LogLevel level) const noexcept override;
};

class SystemClock : public rewards::Clock {
 public:
  std::chrono::system_clock::time_point Now() const noexcept override;
  std::chrono::steady_clock::time_point Monotonic() const noexcept override;
};

// Stop() cancels pending tasks and waits for a running one; later Schedule*
// calls answer kFailedPrecondition.
class TimerScheduler : public rewards::Scheduler {
 public:
  ~TimerScheduler() override { Stop(); }
  rewards::Result<rewards::TaskId> ScheduleAfter(std::chrono::milliseconds delay, std::string name,
                                                 rewards::Task task) noexcept override;
  rewards::Result<rewards::TaskId> SchedulePeriodic(std::chrono::milliseconds interval,
                                                    std::string name,
                                                    rewards::Task task) noexcept override;
  void Cancel(rewards::TaskId id) noexcept override;
  void Stop() noexcept;

 private:
  rewards::Result<rewards::TaskId> Add(std::chrono::milliseconds delay,
                                       std::optional<std::chrono::milliseconds> interval,
                                       rewards::Task task) noexcept;
  std::mutex mu_;
  bool stopped_ = false;
  rewards::TaskId next_id_ = 1;
  std::map<rewards::TaskId, Poco::Util::TimerTask::Ptr> tasks_;
  Poco::Util::Timer timer_;
};

// Values never change at run time, so subscribers are never called.
class FixedSettings : public rewards::Settings {
 public:
  explicit FixedSettings(std::map<std::string, std::string> configured)
      : configured_(std::move(configured)) {}
  // Fills in the schema's defaults for keys not configured.
  void ApplySchema(const std::vector<rewards::SettingSpec>& schema);
  rewards::SettingsValues Current() const noexcept override;
  rewards::SubscriptionId Subscribe(
      std::function<void(const rewards::SettingsValues&)> on_change) noexcept override;
  void Unsubscribe(rewards::SubscriptionId) noexcept override {}

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::string> configured_;
  std::atomic<rewards::SubscriptionId> next_id_{1};
};

// Told when a transaction of the database ends, so state kept outside the
// database (the in-memory ledger) commits or rolls back with it.
class TransactionListener {
 public:
  virtual ~TransactionListener() = default;
  virtual void Committed() noexcept = 0;
  virtual void RolledBack() noexcept = 0;
};

class SqliteDatabase : public rewards::Database {
 public:
  // Opens (creates) the SQLite file. Throws Poco::Exception if it cannot.
  explicit SqliteDatabase(const std::string& file);
  void SetListener(TransactionListener* listener) { listener_ = listener; }
  rewards::SqlDialect dialect() const noexcept override { return rewards::SqlDialect::kSQLite; }
  rewards::Result<Poco::Data::Session> Session() noexcept override;
  rewards::Status RunInTransaction(
      const std::function<rewards::Status(Poco::Data::Session&)>& work) noexcept override;
  // Applies `plugin`'s pending migrations, each with its schema_migrations row
  // in one transaction.
  rewards::Status ApplyMigrations(const std::string& plugin,
                                  const std::vector<rewards::Migration>& migrations);

 private:
  std::mutex writer_;  // SQLite has one writer; queue here, not on SQLITE_BUSY
  Poco::Data::SessionPool pool_;
  TransactionListener* listener_ = nullptr;
};

// Members live in memory. Debit and Credit change the balance at once and
// remember how to undo it until the database says the transaction ended;
// transactions run one at a time (SqliteDatabase's writer lock), so the undo
// journal is that one transaction's.
class MemoryLedger : public rewards::PointsLedger, public TransactionListener {
 public:
  void AddMember(const rewards::MemberProfile& profile, std::int64_t points);
  std::optional<rewards::MemberProfile> Member(const std::string& id) const;
  std::int64_t BalanceOf(const std::string& id) const;  // 0 for an unknown member

  rewards::Result<rewards::LedgerEntry> Debit(Poco::Data::Session& tx, const std::string& member_id,
                                              std::int64_t points, const std::string& key,
                                              const std::string& memo) noexcept override;
  rewards::Result<rewards::LedgerEntry> Credit(Poco::Data::Session& tx,
                                               const std::string& member_id, std::int64_t points,
                                               const std::string& key,
                                               const std::string& memo) noexcept override;
  rewards::Result<std::int64_t> Balance(Poco::Data::Session& session,
                                        const std::string& member_id) noexcept override;
  void Committed() noexcept override;
  void RolledBack() noexcept override;

 private:
  rewards::Result<rewards::LedgerEntry> Apply(const std::string& member_id, std::int64_t delta,
                                              const std::string& key) noexcept;
  struct Account {
    rewards::MemberProfile profile;
    std::int64_t balance = 0;
  };
  mutable std::mutex mu_;
  std::map<std::string, Account> members_;
  std::map<std::string, rewards::LedgerEntry> entries_;  // by idempotency key
  std::vector<std::string> uncommitted_;                 // keys of the open transaction
  std::int64_t next_entry_ = 1;
};

class RouteTable : public rewards::HttpRouter {
 public:
  static constexpr std::size_t kMaxBodyBytes = 1 << 20;
  std::size_t MaxBodyBytes() const noexcept override { return kMaxBodyBytes; }
  rewards::Status AddRoute(const std::string& method, const std::string& path,
                           rewards::HttpHandler handler) noexcept override;
  // The handler of an exact method + path, or nullptr.
  const rewards::HttpHandler* Find(const std::string& method, const std::string& path) const;

 private:
  mutable std::mutex mu_;
  std::map<std::pair<std::string, std::string>, rewards::HttpHandler> routes_;
};

class MinimalServices : public rewards::HostServices {
 public:
  MinimalServices(const std::string& db_file, std::map<std::string, std::string> settings)
      : settings_(std::move(settings)), database_(db_file) {
    database_.SetListener(&ledger_);
  }
  rewards::Logger& logger() noexcept override { return logger_; }
  rewards::Settings& settings() noexcept override { return settings_; }
  rewards::Database& database() noexcept override { return database_; }
  rewards::PointsLedger& ledger() noexcept override { return ledger_; }
  rewards::HttpRouter& router() noexcept override { return routes_; }
  rewards::Clock& clock() noexcept override { return clock_; }
  rewards::Scheduler& scheduler() noexcept override { return scheduler_; }

  FixedSettings& fixed_settings() { return settings_; }
  SqliteDatabase& sqlite() { return database_; }
  MemoryLedger& members() { return ledger_; }
  RouteTable& routes() { return routes_; }
  TimerScheduler& timer() { return scheduler_; }

 private:
  ConsoleLogger logger_;
  SystemClock clock_;
  FixedSettings settings_;
  MemoryLedger ledger_;
  SqliteDatabase database_;
  RouteTable routes_;
  TimerScheduler scheduler_;
};

}  // namespace minimal
