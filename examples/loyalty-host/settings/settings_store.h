// SettingsStore: plugins' admin settings in table plugin_settings
// (plugin, key, value). Values are text; the plugin's schema types them.
// Thread-safe; borrows the database and clock, which must outlive it.
#pragma once

#include <map>
#include <string>

#include "db/host_database.h"
#include "rewards/clock.h"

namespace loyalty {

class SettingsStore {
 public:
  SettingsStore(HostDatabase& db, const rewards::Clock& clock) : db_(db), clock_(clock) {}

  rewards::Result<std::map<std::string, std::string>> Load(const std::string& plugin) noexcept;
  // Makes `values` the plugin's whole stored set, in one transaction.
  rewards::Status Replace(const std::string& plugin,
                          const std::map<std::string, std::string>& values) noexcept;

 private:
  HostDatabase& db_;
  const rewards::Clock& clock_;
};

}  // namespace loyalty
