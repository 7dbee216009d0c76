// PluginServices: the rewards::HostServices one plugin borrows, from create()
// to destroy(). Shared services (database, ledger, clock) are the host's;
// logger, settings, router and scheduler are this plugin's own facades, so
// the host can remove its routes, drain its tasks and drop its subscriptions.
// Everything borrowed must outlive this object.
// It is also the plugin's rewards::HostCapabilities (ABI 1.1): the structured
// logger (rewards.structured_log.v1) and, when the host has metrics, the
// plugin's metrics registry (rewards.metrics.v1); ABI 1.2: the registry of
// the provider's extensions (rewards.provider_extensions.v1).
#pragma once

#include <map>
#include <memory>
#include <string>

#include "clock/host_clock.h"
#include "db/host_database.h"
#include "http/plugin_router.h"
#include "ledger/points_ledger.h"
#include "log/plugin_logger.h"
#include "metrics/plugin_metrics_registry.h"
#include "plugins/offered_extensions.h"
#include "rewards/host_capabilities.h"
#include "rewards/host_services.h"
#include "scheduler/plugin_scheduler.h"
#include "settings/plugin_settings.h"

namespace loyalty {

struct SharedServices {
  HostDatabase& database;
  HostPointsLedger& ledger;
  Router& router;
  HostClock& clock;
  TaskScheduler& scheduler;
  SettingsStore& settings_store;
  HostMetrics* metrics = nullptr;  // nullptr: plugins get no metrics registry
};

class PluginServices : public rewards::HostServices, public rewards::HostCapabilities {
 public:
  PluginServices(const std::string& plugin, const SharedServices& shared,
                 std::map<std::string, std::string> configured_settings);
  PluginServices(const PluginServices&) = delete;
  PluginServices& operator=(const PluginServices&) = delete;

  rewards::Logger& logger() noexcept override { return logger_; }
  rewards::Settings& settings() noexcept override { return settings_; }
  rewards::Database& database() noexcept override { return shared_.database; }
  rewards::PointsLedger& ledger() noexcept override { return shared_.ledger; }
  rewards::HttpRouter& router() noexcept override { return router_; }
  rewards::Clock& clock() noexcept override { return shared_.clock; }
  rewards::Scheduler& scheduler() noexcept override { return scheduler_; }
  void* Find(std::string_view name) noexcept override;

  PluginSettings& plugin_settings() { return settings_; }
  PluginRouter& plugin_router() { return router_; }
  PluginScheduler& plugin_scheduler() { return scheduler_; }
  // nullptr when the host has no metrics.
  PluginMetricsRegistry* plugin_metrics() { return metrics_.get(); }
  // What the provider offered beyond RewardsProvider (ABI 1.2).
  OfferedExtensions& extensions() { return extensions_; }

 private:
  SharedServices shared_;
  PluginLogger logger_;
  PluginSettings settings_;
  PluginRouter router_;
  PluginScheduler scheduler_;
  std::unique_ptr<PluginMetricsRegistry> metrics_;
  OfferedExtensions extensions_;
};

}  // namespace loyalty
