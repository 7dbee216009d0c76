#include "settings/plugin_settings.h"

#include <set>

#include "settings/settings_check.h"

namespace loyalty {

PluginSettings::PluginSettings(std::string plugin, SettingsStore& store,
                               std::map<std::string, std::string> configured)
    : plugin_(std::move(plugin)), store_(store), configured_(std::move(configured)) {}

rewards::Status PluginSettings::Load() noexcept {
  std::set<std::string> needs_sealing;
  auto loaded = store_.Load(plugin_, &needs_sealing);
  if (!loaded.ok()) return loaded.status();
  std::lock_guard<std::mutex> lock(mu_);
  stored_ = std::move(loaded).value();
  needs_sealing_ = std::move(needs_sealing);
  return rewards::Status::Ok();
}

rewards::Status PluginSettings::SealStoredSecrets() noexcept {
  try {
    std::lock_guard<std::mutex> serial(update_mu_);
    std::map<std::string, std::string> stored;
    std::set<std::string> secret_keys;
    bool needed = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (const rewards::SettingSpec& spec : schema_) {
        if (!spec.secret) continue;
        secret_keys.insert(spec.key);
        needed = needed || needs_sealing_.count(spec.key) > 0;
      }
      stored = stored_;
      needs_sealing_.clear();
    }
    if (!needed) return rewards::Status::Ok();
    return store_.Replace(plugin_, stored, secret_keys);
  } catch (const std::exception& e) {
    return rewards::Internal(std::string("sealing stored secrets failed: ") + e.what());
  }
}

void PluginSettings::SetSchema(std::vector<rewards::SettingSpec> schema) {
  std::lock_guard<std::mutex> lock(mu_);
  schema_ = std::move(schema);
  has_schema_ = true;
}

std::vector<rewards::SettingSpec> PluginSettings::schema() const {
  std::lock_guard<std::mutex> lock(mu_);
  return schema_;
}

rewards::SettingsValues PluginSettings::Current() const noexcept {
  try {
    std::lock_guard<std::mutex> lock(mu_);
    return CurrentLocked();
  } catch (...) {
    return rewards::SettingsValues();
  }
}

rewards::SettingsValues PluginSettings::CurrentLocked() const {
  std::map<std::string, std::string> out;
  if (!has_schema_) {
    out = configured_;
    for (const auto& [k, v] : stored_) out[k] = v;
    return rewards::SettingsValues(std::move(out));
  }
  for (const rewards::SettingSpec& spec : schema_) {
    if (auto s = stored_.find(spec.key); s != stored_.end()) {
      out[spec.key] = s->second;
    } else if (auto c = configured_.find(spec.key); c != configured_.end()) {
      out[spec.key] = c->second;
    } else {
      out[spec.key] = spec.default_value;
    }
  }
  return rewards::SettingsValues(std::move(out));
}

SettingsUpdate PluginSettings::Update(const std::map<std::string, std::string>& changes,
                                      const Validator& validate) noexcept {
  try {
    std::lock_guard<std::mutex> serial(update_mu_);
    std::vector<rewards::SettingSpec> schema;
    std::map<std::string, std::string> merged;
    {
      std::lock_guard<std::mutex> lock(mu_);
      schema = schema_;
      merged = CurrentLocked().all();
    }
    for (const auto& [key, value] : changes) {
      if (merged.count(key)) merged[key] = value;
    }
    const rewards::SettingsValues proposed(merged);
    std::vector<rewards::SettingProblem> problems = CheckSettings(schema, changes, proposed);
    for (rewards::SettingProblem& p : validate(proposed)) {
      bool duplicate = false;
      for (const auto& q : problems)
        duplicate = duplicate || (q.key == p.key && q.message == p.message);
      if (!duplicate) problems.push_back(std::move(p));
    }
    if (!problems.empty()) {
      return {rewards::InvalidArgument("invalid_settings", "the settings were not changed: " +
                                                               std::to_string(problems.size()) +
                                                               " problem(s)"),
              std::move(problems)};
    }
    // Only what was stored or changed is stored: values from the host config
    // file and defaults stay where they are (they are never copied here).
    std::map<std::string, std::string> to_store;
    std::set<std::string> secret_keys;
    {
      std::lock_guard<std::mutex> lock(mu_);
      to_store = stored_;
    }
    for (const rewards::SettingSpec& spec : schema) {
      if (spec.secret) secret_keys.insert(spec.key);
      if (auto c = changes.find(spec.key); c != changes.end()) to_store[spec.key] = c->second;
    }
    rewards::Status stored = store_.Replace(plugin_, to_store, secret_keys);
    if (!stored.ok()) return {stored, {}};
    StoreAndTell(std::move(to_store), proposed);
    return {rewards::Status::Ok(), {}};
  } catch (const std::exception& e) {
    return {rewards::Internal(std::string("settings update failed: ") + e.what()), {}};
  } catch (...) {
    return {rewards::Internal("settings update failed"), {}};
  }
}

rewards::Result<bool> PluginSettings::Reload() noexcept {
  try {
    std::lock_guard<std::mutex> serial(update_mu_);
    auto loaded = store_.Load(plugin_);
    if (!loaded.ok()) return loaded.status();
    rewards::SettingsValues now;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (loaded.value() == stored_) return false;
      std::swap(stored_, loaded.value());
      now = CurrentLocked();
      std::swap(stored_, loaded.value());  // StoreAndTell sets it
    }
    StoreAndTell(std::move(loaded).value(), now);
    return true;
  } catch (const std::exception& e) {
    return rewards::Internal(std::string("settings reload failed: ") + e.what());
  }
}

void PluginSettings::StoreAndTell(std::map<std::string, std::string> stored,
                                  const rewards::SettingsValues& told) {
  std::vector<std::function<void(const rewards::SettingsValues&)>> to_tell;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stored_ = std::move(stored);
    for (const auto& [id, fn] : subscribers_) to_tell.push_back(fn);
  }
  for (const auto& fn : to_tell) {
    try {
      fn(told);
    } catch (...) {
      // Subscribers must not throw; one that does must not stop the rest.
    }
  }
}

rewards::SubscriptionId PluginSettings::Subscribe(
    std::function<void(const rewards::SettingsValues&)> on_change) noexcept {
  try {
    std::lock_guard<std::mutex> lock(mu_);
    const rewards::SubscriptionId id = next_id_++;
    subscribers_[id] = std::move(on_change);
    return id;
  } catch (...) {
    return 0;
  }
}

void PluginSettings::Unsubscribe(rewards::SubscriptionId id) noexcept {
  std::lock_guard<std::mutex> lock(mu_);
  subscribers_.erase(id);
}

void PluginSettings::UnsubscribeAll() noexcept {
  std::lock_guard<std::mutex> lock(mu_);
  subscribers_.clear();
}

}  // namespace loyalty
