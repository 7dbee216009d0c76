#include "app/loyalty_host.h"

#include <Poco/Logger.h>

#include "api/audit_api.h"
#include "api/catalogue_api.h"
#include "api/clock_api.h"
#include "api/health_api.h"
#include "api/members_api.h"
#include "api/operator_redemptions_api.h"
#include "api/probes_api.h"
#include "api/redemptions_api.h"
#include "api/session_api.h"
#include "api/settings_api.h"
#include "api/web_pages.h"
#include "loyalty_host_sql/embedded_migrations.h"
#include "metrics/metrics_api.h"
#include "secrets/master_key_file.h"

namespace loyalty {

rewards::Result<std::unique_ptr<LoyaltyHost>> LoyaltyHost::Create(const HostConfig& config) {
  std::unique_ptr<LoyaltyHost> host(new LoyaltyHost(config));
  rewards::Status s = host->Init();
  if (!s.ok()) return s;
  return host;
}

LoyaltyHost::LoyaltyHost(HostConfig config) : config_(std::move(config)) {}

LoyaltyHost::~LoyaltyHost() { Shutdown(); }

rewards::Status LoyaltyHost::Init() {
  metrics_ = std::make_unique<HostMetrics>(LOYALTY_HOST_VERSION);
  clock_ = MakeHostClock(config_.clock);
  if (!clock_) return rewards::InvalidArgument("invalid_config", "host.clock: " + config_.clock);
  auto db = HostDatabase::Open(config_.db_connector, config_.db_connection, config_.db_pool_max);
  if (!db.ok()) return db.status();
  db_ = std::move(db).value();
  db_->SetMetrics(metrics_.get());
  db_->SetFailureLog(&Poco::Logger::get("host"));
  migrator_ = std::make_unique<Migrator>(
      *db_, [clock = clock_.get()] { return FormatTimestamp(clock->Now()); });
  rewards::Status migrated = migrator_->Apply("host", sql::EmbeddedMigrations(db_->dialect()));
  if (!migrated.ok()) return migrated;
  rewards::Status keyed = OpenMasterKey();
  if (!keyed.ok()) return keyed;
  ledger_ = std::make_unique<HostPointsLedger>(*clock_);
  members_ = std::make_unique<MemberStore>(*db_, *ledger_, *clock_);
  settings_store_ = std::make_unique<SettingsStore>(*db_, *clock_, secret_box_.get());
  hasher_ = std::make_unique<PasswordHasher>(ScryptParams{
      static_cast<std::uint64_t>(config_.scrypt_n), static_cast<std::uint32_t>(config_.scrypt_r),
      static_cast<std::uint32_t>(config_.scrypt_p)});
  if (!ValidScryptParams(hasher_->params())) {
    return rewards::InvalidArgument("invalid_config",
                                    "host.auth.scrypt.*: 128 * N * r * p must be at most 1 GiB");
  }
  credentials_ = std::make_unique<CredentialStore>(*db_, *hasher_, *clock_);
  sessions_ =
      std::make_unique<SessionStore>(*db_, *clock_, std::chrono::seconds(config_.session_ttl_s));
  throttle_ = std::make_unique<SignInThrottle>(*db_, *clock_);
  sign_in_ = std::make_unique<SignIn>(*credentials_, *sessions_, *throttle_);
  member_rate_ = std::make_unique<RateLimiter>(*clock_, config_.http_rate_member_per_s);
  member_gate_ = std::make_unique<MemberGate>(*sessions_, *member_rate_);
  audit_ = std::make_unique<AuditLog>(*db_, *clock_);
  auth_ = std::make_unique<AdminAuth>(config_.admin_token, sessions_.get());
  scheduler_ = std::make_unique<TaskScheduler>(*clock_, kSchedulerThreads);
  clock_->SetAdvanceListener([s = scheduler_.get()] { s->Wake(); });
  const SharedServices shared{*db_,        *ledger_,         router_,       *clock_,
                              *scheduler_, *settings_store_, metrics_.get()};
  plugins_ = std::make_unique<PluginManager>(shared, *migrator_, config_.plugin_settings);
  locator_ = std::make_unique<ProviderLocator>(*plugins_, config_.rewards_provider);
  // Host routes first, so a plugin route that clashes with one is refused; a
  // clash among the host's own routes is a bug: the host does not start.
  rewards::Status routes = AddRoutes();
  if (!routes.ok()) return routes;
  plugins_->LoadAll(config_.plugins_dir);
  host_scrape_hook_ = metrics_->AddScrapeHook([this] { UpdateScrapedGauges(); });
  ScheduleSettingsReload();
  Poco::Logger::get("host").information(
      "host ready: " + std::to_string(plugins_->plugins().size()) + " plugin(s) loaded, " +
      std::to_string(plugins_->refusals().size()) + " refused; database " +
      rewards::DialectName(db_->dialect()) + "; clock " + config_.clock);
  return rewards::Status::Ok();
}

rewards::Status LoyaltyHost::OpenMasterKey() {
  static const std::string kKeyFile = "host.secrets.key_file";
  const std::string& path = config_.secrets_key_file;
  auto sealed = SettingsStore(*db_, *clock_).SealedKeyIds();
  if (!sealed.ok()) return sealed.status();
  rewards::Result<std::string> current = std::string();
  if (KeyFileExists(path)) {
    current = ReadKeyFile(path, kKeyFile);
  } else if (!sealed.value().empty()) {
    return rewards::Status(rewards::StatusCode::kFailedPrecondition, "missing_key_file",
                           kKeyFile + " (" + path +
                               ") is missing, but the database holds settings sealed under "
                               "it; restore the key file (a new key cannot open them)");
  } else {
    current = CreateKeyFile(path, kKeyFile);
    if (current.ok()) Poco::Logger::get("host").notice("created master key file " + path);
  }
  if (!current.ok()) return current.status();
  std::vector<std::string> previous;
  for (const std::string& file : config_.secrets_previous_key_files) {
    auto key = ReadKeyFile(file, "host.secrets.previous_key_files");
    if (!key.ok()) return key.status();
    previous.push_back(std::move(key).value());
  }
  secret_box_ = std::make_unique<SecretBox>(std::move(current).value(), std::move(previous));
  for (const std::string& id : sealed.value()) {
    if (!secret_box_->HasKey(id)) {
      return rewards::Status(rewards::StatusCode::kFailedPrecondition, "wrong_key_file",
                             kKeyFile + " (" + path +
                                 ") does not open the stored settings: "
                                 "they are sealed under key " +
                                 id +
                                 "; give that key's file (or list it in "
                                 "host.secrets.previous_key_files)");
    }
  }
  return rewards::Status::Ok();
}

rewards::Status LoyaltyHost::AddRoutes() {
  // Each room adds its own routes and answers the first that failed (a
  // clash is a programming error in the host, reported at start).
  const rewards::Status added[] = {
      AddHealthRoutes(router_, *plugins_),
      AddProbeRoutes(router_, *db_, *locator_),
      AddMetricsRoute(config_.metrics_port == 0 ? router_ : metrics_router_, *metrics_,
                      config_.metrics_token),
      AddSessionRoutes(router_, *sign_in_, *member_gate_, *sign_in_,
                       SessionRouteOptions{config_.session_cookie_secure}),
      AddMemberRoutes(router_, *members_, *credentials_, *audit_, *auth_, *member_gate_),
      AddSettingsRoutes(router_, *plugins_, *auth_, *audit_),
      AddCatalogueRoutes(router_, *locator_, *member_gate_, *members_),
      AddRedemptionRoutes(router_, *locator_, *members_, *auth_, *member_gate_, *audit_),
      AddOperatorRedemptionRoutes(router_, *locator_, *auth_, *audit_),
      AddClockRoutes(router_, *clock_, *auth_, *audit_),
      AddAuditRoutes(router_, *audit_, *auth_),
      AddWebPageRoutes(router_, config_.web_dir),
  };
  for (const rewards::Status& status : added) {
    if (!status.ok()) return status;
  }
  return rewards::Status::Ok();
}

void LoyaltyHost::ScheduleSettingsReload() {
  if (config_.settings_reload_s <= 0) return;
  const std::chrono::milliseconds every(config_.settings_reload_s * 1000LL);
  auto reload = [plugins = plugins_.get()] {
    for (const auto& p : plugins->plugins()) {
      auto changed = p->services->plugin_settings().Reload();
      if (!changed.ok()) {
        Poco::Logger::get("host").warning("settings of " + p->identity.name +
                                          " could not be reloaded: " + changed.status().ToString());
      } else if (changed.value()) {
        Poco::Logger::get("host").information("settings of " + p->identity.name +
                                              " changed in the database; plugin told");
      }
    }
  };
  settings_reload_owner_ = scheduler_->NewOwner();
  auto scheduled = scheduler_->Schedule(settings_reload_owner_, every, every,
                                        "host-settings-reload", std::move(reload));
  if (!scheduled.ok()) {
    Poco::Logger::get("host").warning("settings reload not scheduled: " +
                                      scheduled.status().ToString());
  }
}

void LoyaltyHost::UpdateScrapedGauges() {
  std::map<std::string, int> by_state = {
      {"healthy", 0}, {"degraded", 0}, {"unhealthy", 0}, {"refused", 0}};
  for (const auto& p : plugins_->plugins()) {
    ++by_state[rewards::HealthStateName(p->provider->GetHealth().state)];
  }
  by_state["refused"] = static_cast<int>(plugins_->refusals().size());
  for (const auto& [state, n] : by_state) {
    metrics_->plugins_by_state().Add({{"state", state}}).Set(n);
  }
  metrics_->ready().Set(ReadinessProblems(*db_, *locator_).empty() ? 1 : 0);
}

rewards::Status LoyaltyHost::Serve() {
  HttpServerOptions options;
  options.address = config_.http_address;
  options.port = config_.http_port;
  options.threads = config_.http_threads;
  options.timeout_s = config_.http_timeout_s;
  options.observe = [m = metrics_.get()](const std::string& method, const std::string& route,
                                         int status, double seconds) {
    m->ObserveRequest(method, route, status, seconds);
  };
  if (config_.metrics_port != 0) {
    HttpServerOptions metrics_options;
    metrics_options.address = config_.metrics_address;
    metrics_options.port = config_.metrics_port;
    metrics_options.threads = 2;
    metrics_server_ = std::make_unique<HttpServer>(metrics_router_, metrics_options);
    rewards::Status m = metrics_server_->Start();
    if (!m.ok()) return m;
    Poco::Logger::get("host").information("metrics on " + config_.metrics_address + ":" +
                                          std::to_string(config_.metrics_port));
  }
  server_ = std::make_unique<HttpServer>(router_, options);
  rewards::Status s = server_->Start();
  if (s.ok()) {
    Poco::Logger::get("host").information("listening on " + config_.http_address + ":" +
                                          std::to_string(config_.http_port));
  }
  return s;
}

void LoyaltyHost::Shutdown() {
  if (server_) server_->Stop();
  server_.reset();
  if (metrics_server_) metrics_server_->Stop();
  metrics_server_.reset();
  if (metrics_ && host_scrape_hook_ != 0) metrics_->RemoveScrapeHook(host_scrape_hook_);
  host_scrape_hook_ = 0;
  if (scheduler_ && settings_reload_owner_ != 0) scheduler_->Drain(settings_reload_owner_);
  if (plugins_) plugins_->StopAll();
  if (scheduler_) scheduler_->Shutdown();
  if (db_) db_->Close();
}

}  // namespace loyalty
