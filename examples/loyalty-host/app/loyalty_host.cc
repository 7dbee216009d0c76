#include "app/loyalty_host.h"

#include <Poco/Logger.h>

#include "api/catalogue_api.h"
#include "api/clock_api.h"
#include "api/health_api.h"
#include "api/members_api.h"
#include "api/redemptions_api.h"
#include "api/settings_api.h"
#include "loyalty_host_sql/embedded_migrations.h"

namespace loyalty {

rewards::Result<std::unique_ptr<LoyaltyHost>> LoyaltyHost::Create(const HostConfig& config) {
  std::unique_ptr<LoyaltyHost> host(new LoyaltyHost(config));
  rewards::Status s = host->Init();
  if (!s.ok()) return s;
  return host;
}

LoyaltyHost::LoyaltyHost(HostConfig config)
    : config_(std::move(config)), auth_(config_.admin_token) {}

LoyaltyHost::~LoyaltyHost() { Shutdown(); }

rewards::Status LoyaltyHost::Init() {
  clock_ = MakeHostClock(config_.clock);
  if (!clock_) return rewards::InvalidArgument("invalid_config", "host.clock: " + config_.clock);
  auto db = HostDatabase::Open(config_.db_connector, config_.db_connection, config_.db_pool_max);
  if (!db.ok()) return db.status();
  db_ = std::move(db).value();
  migrator_ = std::make_unique<Migrator>(
      *db_, [clock = clock_.get()] { return FormatTimestamp(clock->Now()); });
  rewards::Status migrated = migrator_->Apply("host", sql::EmbeddedMigrations(db_->dialect()));
  if (!migrated.ok()) return migrated;
  ledger_ = std::make_unique<HostPointsLedger>(*clock_);
  members_ = std::make_unique<MemberStore>(*db_, *ledger_, *clock_);
  settings_store_ = std::make_unique<SettingsStore>(*db_, *clock_);
  scheduler_ = std::make_unique<TaskScheduler>(*clock_, kSchedulerThreads);
  clock_->SetAdvanceListener([s = scheduler_.get()] { s->Wake(); });
  const SharedServices shared{*db_, *ledger_, router_, *clock_, *scheduler_, *settings_store_};
  plugins_ = std::make_unique<PluginManager>(shared, *migrator_, config_.plugin_settings);
  locator_ = std::make_unique<ProviderLocator>(*plugins_, config_.rewards_provider);
  // Host routes first, so a plugin route that clashes with one is refused.
  // A host route that cannot be added is a bug of the host: refuse to start.
  for (const rewards::Status& added :
       {AddHealthRoutes(router_, *plugins_), AddMemberRoutes(router_, *members_, auth_),
        AddSettingsRoutes(router_, *plugins_, auth_), AddCatalogueRoutes(router_, *locator_),
        AddRedemptionRoutes(router_, *locator_, *members_, auth_),
        AddClockRoutes(router_, *clock_, auth_)}) {
    if (!added.ok()) return added;
  }
  plugins_->LoadAll(config_.plugins_dir);
  ScheduleSettingsReload();
  Poco::Logger::get("host").information(
      "host ready: " + std::to_string(plugins_->plugins().size()) + " plugin(s) loaded, " +
      std::to_string(plugins_->refusals().size()) + " refused; database " +
      rewards::DialectName(db_->dialect()) + "; clock " + config_.clock);
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

rewards::Status LoyaltyHost::Serve() {
  HttpServerOptions options;
  options.address = config_.http_address;
  options.port = config_.http_port;
  options.threads = config_.http_threads;
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
  if (scheduler_ && settings_reload_owner_ != 0) scheduler_->Drain(settings_reload_owner_);
  if (plugins_) plugins_->StopAll();
  if (scheduler_) scheduler_->Shutdown();
  if (db_) db_->Close();
}

}  // namespace loyalty
