// PluginManager: every plugin's life in the host — load, start, serve, stop.
//
// Load(path), per plugin file: open and gate (plugin_library.h), refuse a
// second plugin of the same name, make its HostServices, create() (guarded:
// a throw or nullptr refuses), check Identity().name equals the descriptor's
// name, give its settings the schema, apply its migrations, Start(), close its
// router. Any failure — including a route that clashed, even if the plugin
// ignored the kConflict — refuses the plugin: Stop() if Start() was called,
// drain its tasks, drop its routes and subscriptions, destroy(); and one log
// line "plugin refused: <file>: <error>: <message>". The host keeps running.
// StopAll(): Stop(now + grace), drain, destroy, for each plugin in reverse
// load order.
// Thread-safety: Load/LoadAll/StopAll from one thread, before the HTTP server
// starts and after it stopped; the lookups may then run concurrently.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "db/migrator.h"
#include "plugins/plugin_library.h"
#include "plugins/plugin_services.h"
#include "rewards/plugin_entry.h"

namespace loyalty {

struct PluginRefusal {
  std::string file;
  std::string error;
  std::string message;
};

struct LoadedPlugin {
  std::string file;
  const rewards::PluginDescriptor* descriptor = nullptr;
  std::unique_ptr<PluginServices> services;
  rewards::RewardsProvider* provider = nullptr;
  rewards::ProviderIdentity identity;
};

class PluginManager {
 public:
  static constexpr std::chrono::seconds kStopGrace{10};

  // `configured` is HostConfig::plugin_settings. Everything borrowed must
  // outlive the manager.
  PluginManager(const SharedServices& shared, Migrator& migrator,
                std::map<std::string, std::map<std::string, std::string>> configured);
  ~PluginManager();
  PluginManager(const PluginManager&) = delete;
  PluginManager& operator=(const PluginManager&) = delete;

  // Loads every plugin file of `dir`; an unreadable folder is logged.
  void LoadAll(const std::string& dir);
  // OK when the plugin runs; otherwise the refusal (also recorded and logged).
  rewards::Status Load(const std::string& path);
  void StopAll(std::chrono::milliseconds grace = kStopGrace);

  const std::vector<std::unique_ptr<LoadedPlugin>>& plugins() const { return plugins_; }
  LoadedPlugin* Find(const std::string& name) const;
  const std::vector<PluginRefusal>& refusals() const { return refusals_; }

 private:
  rewards::Status LoadLibrary(const PluginLibrary& lib);
  rewards::Status Refuse(const std::string& file, const rewards::Status& why);
  // Ends a created provider: Stop (if started), drain, routes, destroy.
  void Unload(LoadedPlugin& p, bool started, std::chrono::milliseconds grace);

  SharedServices shared_;
  Migrator& migrator_;
  const std::map<std::string, std::map<std::string, std::string>> configured_;
  std::vector<std::unique_ptr<LoadedPlugin>> plugins_;
  std::vector<PluginRefusal> refusals_;
};

}  // namespace loyalty
