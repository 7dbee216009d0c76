#include "settings/settings_store.h"

#include <Poco/Data/Session.h>

#include <vector>

#include "clock/host_clock.h"
#include "db/db_errors.h"

namespace loyalty {

namespace {

using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

}  // namespace

rewards::Result<std::map<std::string, std::string>> SettingsStore::Load(
    const std::string& plugin) noexcept {
  rewards::Result<Poco::Data::Session> session = db_.Session();
  if (!session.ok()) return session.status();
  try {
    std::vector<std::string> keys, values;
    session.value() << "SELECT key, value FROM plugin_settings WHERE plugin = $1", bind(plugin),
        into(keys), into(values), now;
    std::map<std::string, std::string> out;
    for (std::size_t i = 0; i < keys.size() && i < values.size(); ++i) {
      out[keys[i]] = values[i];
    }
    return out;
  } catch (const Poco::Exception& e) {
    return DbFailureStatus(e);
  } catch (...) {
    return rewards::Internal("settings: unknown failure");
  }
}

rewards::Status SettingsStore::Replace(const std::string& plugin,
                                       const std::map<std::string, std::string>& values) noexcept {
  const std::string stamp = FormatTimestamp(clock_.Now());
  return db_.RunInTransaction([&](Poco::Data::Session& tx) -> rewards::Status {
    tx << "DELETE FROM plugin_settings WHERE plugin = $1", bind(plugin), now;
    for (const auto& [key, value] : values) {
      tx << "INSERT INTO plugin_settings (plugin, key, value, updated_at) "
            "VALUES ($1, $2, $3, $4)",
          bind(plugin), bind(key), bind(value), bind(stamp), now;
    }
    return rewards::Status::Ok();
  });
}

}  // namespace loyalty
