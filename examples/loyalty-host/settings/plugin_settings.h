// PluginSettings: one plugin's rewards::Settings, as the host keeps them.
//
// A value comes from, in order: the host database (plugin_settings), the host
// config file (plugins.<name>.<key>), the schema's default. Before SetSchema
// (i.e. during the plugin's create()) Current() holds the stored and
// configured values only; afterwards exactly the schema's keys.
// Update() is the admin path: merge the changes into the current values,
// check them (settings_check.h, then the plugin's validator), store the
// stored values plus the changes in one transaction (secrets of the schema
// sealed by the store; values from the config file are never copied into the
// database), then tell subscribers on the calling thread. A
// refused change stores nothing. Reload() is how a change made through
// another host node on the same database arrives: it reads the stored set
// again and tells the subscribers when it differs. Updates are serialized; everything is
// thread-safe. Borrows the store, which must outlive this object.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "rewards/settings.h"
#include "settings/settings_store.h"

namespace loyalty {

struct SettingsUpdate {
  rewards::Status status;  // kInvalidArgument "invalid_settings" when problems
  std::vector<rewards::SettingProblem> problems;
};

class PluginSettings : public rewards::Settings {
 public:
  using Validator =
      std::function<std::vector<rewards::SettingProblem>(const rewards::SettingsValues&)>;

  PluginSettings(std::string plugin, SettingsStore& store,
                 std::map<std::string, std::string> configured);
  PluginSettings(const PluginSettings&) = delete;
  PluginSettings& operator=(const PluginSettings&) = delete;

  // Reads the stored values; call once before the plugin is created.
  rewards::Status Load() noexcept;
  void SetSchema(std::vector<rewards::SettingSpec> schema);
  // After SetSchema: stores again, sealed under the current master key, the
  // secrets Load() found in clear text (a database from before sealing) or
  // under an older key (after a rotation), so the older key file can go.
  rewards::Status SealStoredSecrets() noexcept;
  std::vector<rewards::SettingSpec> schema() const;
  SettingsUpdate Update(const std::map<std::string, std::string>& changes,
                        const Validator& validate) noexcept;
  // Reads the stored values again; when they changed (another node's admin
  // PUT), tells the subscribers on the calling thread. Answers whether they
  // changed.
  rewards::Result<bool> Reload() noexcept;
  // Drops every subscription (the plugin is going away).
  void UnsubscribeAll() noexcept;

  rewards::SettingsValues Current() const noexcept override;
  rewards::SubscriptionId Subscribe(
      std::function<void(const rewards::SettingsValues&)> on_change) noexcept override;
  void Unsubscribe(rewards::SubscriptionId id) noexcept override;

 private:
  rewards::SettingsValues CurrentLocked() const;
  // Makes `stored` the stored set and tells the subscribers `told`.
  void StoreAndTell(std::map<std::string, std::string> stored, const rewards::SettingsValues& told);

  const std::string plugin_;
  SettingsStore& store_;
  const std::map<std::string, std::string> configured_;
  std::mutex update_mu_;   // serializes Update
  mutable std::mutex mu_;  // guards the members below
  std::map<std::string, std::string> stored_;
  std::set<std::string> needs_sealing_;  // from Load
  std::vector<rewards::SettingSpec> schema_;
  bool has_schema_ = false;
  rewards::SubscriptionId next_id_ = 1;
  std::map<rewards::SubscriptionId, std::function<void(const rewards::SettingsValues&)>>
      subscribers_;
};

}  // namespace loyalty
