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

std::string Context(const std::string& plugin, const std::string& key) {
  return plugin + "/" + key;
}

}  // namespace

rewards::Result<std::map<std::string, std::string>> SettingsStore::Load(
    const std::string& plugin, std::set<std::string>* needs_sealing) noexcept {
  rewards::Result<Poco::Data::Session> session = db_.Session();
  if (!session.ok()) return session.status();
  try {
    std::vector<std::string> keys, values;
    session.value() << "SELECT key, value FROM plugin_settings WHERE plugin = $1", bind(plugin),
        into(keys), into(values), now;
    std::map<std::string, std::string> out;
    for (std::size_t i = 0; i < keys.size() && i < values.size(); ++i) {
      if (SecretBox::IsSealed(values[i])) {
        if (box_ == nullptr) return rewards::Internal("a sealed setting and no master key");
        auto opened = box_->Open(values[i], Context(plugin, keys[i]));
        if (!opened.ok()) return opened.status();
        out[keys[i]] = std::move(opened).value();
        if (needs_sealing && SecretBox::KeyIdOf(values[i]) != box_->current_key_id()) {
          needs_sealing->insert(keys[i]);
        }
      } else {
        out[keys[i]] = values[i];
        if (needs_sealing && !values[i].empty()) needs_sealing->insert(keys[i]);
      }
    }
    return out;
  } catch (const Poco::Exception& e) {
    return DbFailureStatus(e, session.value());
  } catch (...) {
    return rewards::Internal("settings: unknown failure");
  }
}

rewards::Status SettingsStore::Replace(const std::string& plugin,
                                       const std::map<std::string, std::string>& values,
                                       const std::set<std::string>& secret_keys) noexcept {
  const std::string stamp = FormatTimestamp(clock_.Now());
  std::map<std::string, std::string> stored;
  for (const auto& [key, value] : values) {
    if (box_ != nullptr && secret_keys.count(key) && !value.empty()) {
      auto sealed = box_->Seal(value, Context(plugin, key));
      if (!sealed.ok()) return sealed.status();
      stored[key] = std::move(sealed).value();
    } else {
      stored[key] = value;
    }
  }
  return db_.RunInTransaction([&](Poco::Data::Session& tx) -> rewards::Status {
    tx << "DELETE FROM plugin_settings WHERE plugin = $1", bind(plugin), now;
    for (const auto& [key, value] : stored) {
      tx << "INSERT INTO plugin_settings (plugin, key, value, updated_at) "
            "VALUES ($1, $2, $3, $4)",
          bind(plugin), bind(key), bind(value), bind(stamp), now;
    }
    return rewards::Status::Ok();
  });
}

rewards::Result<std::set<std::string>> SettingsStore::SealedKeyIds() noexcept {
  rewards::Result<Poco::Data::Session> session = db_.Session();
  if (!session.ok()) return session.status();
  try {
    std::vector<std::string> values;
    session.value() << "SELECT value FROM plugin_settings WHERE value LIKE 'sealed:%'",
        into(values), now;
    std::set<std::string> out;
    for (const std::string& v : values) {
      const std::string id = SecretBox::KeyIdOf(v);
      if (!id.empty()) out.insert(id);
    }
    return out;
  } catch (const Poco::Exception& e) {
    return DbFailureStatus(e, session.value());
  } catch (...) {
    return rewards::Internal("settings: unknown failure");
  }
}

}  // namespace loyalty
