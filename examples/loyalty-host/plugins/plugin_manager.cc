#include "plugins/plugin_manager.h"

#include <Poco/Logger.h>

namespace loyalty {

namespace {

Poco::Logger& Log() { return Poco::Logger::get("host.plugins"); }

rewards::Status Refusal(const std::string& error, const std::string& message) {
  return rewards::Status(rewards::StatusCode::kFailedPrecondition, error, message);
}

}  // namespace

PluginManager::PluginManager(const SharedServices& shared, Migrator& migrator,
                             std::map<std::string, std::map<std::string, std::string>> configured)
    : shared_(shared), migrator_(migrator), configured_(std::move(configured)) {}

PluginManager::~PluginManager() { StopAll(); }

void PluginManager::LoadAll(const std::string& dir) {
  auto files = ListPluginFiles(dir);
  if (!files.ok()) {
    Log().error(files.status().message());
    return;
  }
  if (files.value().empty()) Log().warning("no plugins in " + dir);
  for (const std::string& path : files.value()) {
    (void)Load(path);
  }
}

rewards::Status PluginManager::Load(const std::string& path) {
  rewards::Result<PluginLibrary> lib = OpenPluginLibrary(path);
  if (!lib.ok()) return Refuse(path, lib.status());
  rewards::Status s = LoadLibrary(lib.value());
  if (!s.ok()) return Refuse(path, s);
  const LoadedPlugin& p = *plugins_.back();
  Log().information("plugin loaded: " + path + ": " + p.identity.name + " " + p.identity.version);
  return s;
}

rewards::Status PluginManager::Refuse(const std::string& file, const rewards::Status& why) {
  refusals_.push_back({file, why.error(), why.message()});
  Log().error("plugin refused: " + file + ": " + why.error() + ": " + why.message());
  return why;
}

rewards::Status PluginManager::LoadLibrary(const PluginLibrary& lib) {
  const rewards::PluginDescriptor& desc = *lib.descriptor;
  const std::string name = desc.name;
  if (Find(name) != nullptr) {
    return Refusal("duplicate_plugin", "a plugin named " + name + " is already loaded");
  }
  auto p = std::make_unique<LoadedPlugin>();
  p->file = lib.path;
  p->descriptor = &desc;
  auto configured = configured_.find(name);
  p->services = std::make_unique<PluginServices>(
      name, shared_,
      configured == configured_.end() ? std::map<std::string, std::string>{} : configured->second);
  rewards::Status loaded = p->services->plugin_settings().Load();
  if (!loaded.ok()) return Refusal("settings_unavailable", loaded.message());
  try {
    p->provider = rewards::UsesCreateV2(desc) ? desc.create_v2(p->services.get(), p->services.get())
                                              : desc.create(p->services.get());
  } catch (const std::exception& e) {
    p->services->plugin_router().RemoveAll();
    p->services->plugin_scheduler().Drain();
    return Refusal("create_threw", std::string("create() threw: ") + e.what());
  } catch (...) {
    p->services->plugin_router().RemoveAll();
    p->services->plugin_scheduler().Drain();
    return Refusal("create_threw", "create() threw");
  }
  if (p->provider == nullptr) {
    p->services->plugin_router().RemoveAll();
    p->services->plugin_scheduler().Drain();
    return Refusal("create_failed", "create() returned no provider");
  }
  p->identity = p->provider->Identity();
  if (p->identity.name != name) {
    Unload(*p, false, kStopGrace);
    return Refusal("identity_mismatch",
                   "descriptor names " + name + " but Identity() names " + p->identity.name);
  }
  p->services->plugin_settings().SetSchema(p->provider->SettingsSchema());
  if (rewards::Status sealed = p->services->plugin_settings().SealStoredSecrets(); !sealed.ok()) {
    Poco::Logger::get("host.plugins")
        .warning("stored secrets of " + name + " not sealed again: " + sealed.ToString());
  }
  rewards::Status migrated =
      migrator_.Apply(name, p->provider->Migrations(shared_.database.dialect()));
  if (!migrated.ok()) {
    Unload(*p, false, kStopGrace);
    return Refusal("migration_failed", migrated.message());
  }
  rewards::Status started = p->provider->Start();
  const std::vector<std::string> clashes = p->services->plugin_router().clashes();
  if (!clashes.empty()) {
    Unload(*p, true, kStopGrace);
    return Refusal("route_clash", clashes.front());
  }
  if (!started.ok()) {
    Unload(*p, true, kStopGrace);
    return Refusal("start_failed", "Start() failed: " + started.ToString());
  }
  p->services->plugin_router().Close();
  plugins_.push_back(std::move(p));
  return rewards::Status::Ok();
}

void PluginManager::Unload(LoadedPlugin& p, bool started, std::chrono::milliseconds grace) {
  if (started) {
    rewards::Status s = p.provider->Stop(std::chrono::steady_clock::now() + grace);
    if (!s.ok()) Log().warning("plugin " + p.identity.name + " Stop(): " + s.ToString());
  }
  p.services->plugin_scheduler().Drain();
  if (p.services->plugin_metrics()) p.services->plugin_metrics()->Detach();
  p.services->plugin_router().RemoveAll();
  p.services->plugin_settings().UnsubscribeAll();
  p.services->extensions().Clear();
  try {
    p.descriptor->destroy(p.provider);
  } catch (...) {
    Log().error("plugin " + p.identity.name + " destroy() threw");
  }
  p.provider = nullptr;
}

void PluginManager::StopAll(std::chrono::milliseconds grace) {
  while (!plugins_.empty()) {
    std::unique_ptr<LoadedPlugin> p = std::move(plugins_.back());
    plugins_.pop_back();
    Log().information("stopping plugin " + p->identity.name);
    Unload(*p, true, grace);
  }
}

LoadedPlugin* PluginManager::Find(const std::string& name) const {
  for (const auto& p : plugins_) {
    if (p->identity.name == name) return p.get();
  }
  return nullptr;
}

}  // namespace loyalty
