#include "plugins/plugin_services.h"

namespace loyalty {

PluginServices::PluginServices(const std::string& plugin, const SharedServices& shared,
                               std::map<std::string, std::string> configured_settings)
    : shared_(shared),
      logger_(plugin),
      settings_(plugin, shared.settings_store, std::move(configured_settings)),
      router_(shared.router, plugin),
      scheduler_(shared.scheduler) {}

}  // namespace loyalty
