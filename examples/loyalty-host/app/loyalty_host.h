// LoyaltyHost: the whole sample host, wired — the composition root that
// main() runs and tests can run in-process.
//
// Create(): metrics (metrics/host_metrics.h), clock, database (host migrations applied as owner
// "host"), the master key of the sealed settings (OpenMasterKey), ledger, members, sign-in, audit
// log, settings, scheduler, host routes, then every plugin of host.plugins.dir
// (refusals are logged; the host keeps going). Serve(): the HTTP server (and, with
// host.metrics.port, a second one that answers only GET /metrics). Shutdown(): stop the server,
// stop and destroy every plugin (Stop deadline 10 s, tasks drained), stop the scheduler, close the
// database; also run by the destructor. Logging is the caller's (log/logging_setup.h). Not
// thread-safe itself; requests are served concurrently.
#pragma once

#include <memory>

#include "api/admin_auth.h"
#include "api/provider_locator.h"
#include "audit/audit_log.h"
#include "auth/credential_store.h"
#include "auth/member_gate.h"
#include "auth/password_hasher.h"
#include "auth/rate_limiter.h"
#include "auth/session_store.h"
#include "auth/sign_in.h"
#include "auth/sign_in_throttle.h"
#include "clock/host_clock.h"
#include "config/host_config.h"
#include "db/host_database.h"
#include "db/migrator.h"
#include "http/http_server.h"
#include "http/router.h"
#include "ledger/member_store.h"
#include "ledger/points_ledger.h"
#include "metrics/host_metrics.h"
#include "plugins/plugin_manager.h"
#include "scheduler/task_scheduler.h"
#include "secrets/secret_box.h"
#include "settings/settings_store.h"

namespace loyalty {

class LoyaltyHost {
 public:
  static constexpr int kSchedulerThreads = 4;

  static rewards::Result<std::unique_ptr<LoyaltyHost>> Create(const HostConfig& config);
  ~LoyaltyHost();
  LoyaltyHost(const LoyaltyHost&) = delete;
  LoyaltyHost& operator=(const LoyaltyHost&) = delete;

  rewards::Status Serve();
  void Shutdown();

  HostClock& clock() { return *clock_; }
  HostDatabase& database() { return *db_; }
  HostPointsLedger& ledger() { return *ledger_; }
  MemberStore& members() { return *members_; }
  PluginManager& plugins() { return *plugins_; }
  const ProviderLocator& locator() const { return *locator_; }
  Router& router() { return router_; }
  AuditLog& audit() { return *audit_; }
  HostMetrics& metrics() { return *metrics_; }

 private:
  explicit LoyaltyHost(HostConfig config);
  rewards::Status Init();
  // The SecretBox of host.secrets.key_file (+ previous_key_files). The key
  // file is created (0600) only while the database holds no sealed value; a
  // missing or loose (group/other-readable) file, or a sealed value no key
  // opens, refuses the start with a message naming host.secrets.key_file.
  rewards::Status OpenMasterKey();
  rewards::Status AddRoutes();
  // Every host.settings.reload_s, re-reads each plugin's stored settings so a
  // change made through another node on the same database reaches this one.
  void ScheduleSettingsReload();
  // At each scrape: plugins by state and readiness.
  void UpdateScrapedGauges();

  const HostConfig config_;
  // First, so it outlives everything that counts into it (plugins, database).
  std::unique_ptr<HostMetrics> metrics_;
  HostMetrics::HookId host_scrape_hook_ = 0;
  std::unique_ptr<HostClock> clock_;
  std::unique_ptr<HostDatabase> db_;
  std::unique_ptr<HostPointsLedger> ledger_;
  std::unique_ptr<MemberStore> members_;
  std::unique_ptr<SecretBox> secret_box_;
  std::unique_ptr<SettingsStore> settings_store_;
  std::unique_ptr<PasswordHasher> hasher_;
  std::unique_ptr<CredentialStore> credentials_;
  std::unique_ptr<SessionStore> sessions_;
  std::unique_ptr<SignInThrottle> throttle_;
  std::unique_ptr<SignIn> sign_in_;
  std::unique_ptr<RateLimiter> member_rate_;
  std::unique_ptr<MemberGate> member_gate_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<Migrator> migrator_;
  std::unique_ptr<TaskScheduler> scheduler_;
  TaskScheduler::OwnerId settings_reload_owner_ = 0;  // 0: not scheduled
  Router router_;
  std::unique_ptr<AdminAuth> auth_;
  std::unique_ptr<PluginManager> plugins_;
  std::unique_ptr<ProviderLocator> locator_;
  std::unique_ptr<HttpServer> server_;
  Router metrics_router_;  // with host.metrics.port: the metrics server's only route
  std::unique_ptr<HttpServer> metrics_server_;
};

}  // namespace loyalty
