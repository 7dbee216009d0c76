#include "plugins/plugin_services.h"

namespace loyalty {

PluginServices::PluginServices(const std::string& plugin, const SharedServices& shared,
                               std::map<std::string, std::string> configured_settings)
    : shared_(shared),
      logger_(plugin),
      settings_(plugin, shared.settings_store, std::move(configured_settings)),
      router_(shared.router, plugin),
      scheduler_(shared.scheduler),
      metrics_(shared.metrics ? std::make_unique<PluginMetricsRegistry>(plugin, *shared.metrics)
                              : nullptr) {}

void* PluginServices::Find(std::string_view name) noexcept {
  if (name == rewards::kStructuredLogCapability) {
    return static_cast<rewards::StructuredLogger*>(&logger_);
  }
  if (name == rewards::kProviderExtensionsCapability) {
    return static_cast<rewards::ProviderExtensions*>(&extensions_);
  }
  if (name == rewards::kMetricsCapability && metrics_) {
    return static_cast<rewards::MetricsRegistry*>(metrics_.get());
  }
  return nullptr;
}

}  // namespace loyalty
