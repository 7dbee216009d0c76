// Settings: the plugin's admin settings, as the host stores them.
//
// SettingSpec is what the plugin declares (RewardsProvider::SettingsSchema)
// so that any host can render an admin form; SettingsValues is a full set of
// values (every key of the schema, defaults filled in by the host). Values
// travel as strings; the typed getters parse them per the spec's type.
// The host validates a proposed change with RewardsProvider::ValidateSettings
// before storing it, then notifies subscribers; a refused change keeps the old
// values. Secrets are never shown back by the host (only set / not set).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rewards/status.h"

namespace rewards {

enum class SettingType { kString, kInteger, kBoolean, kUrl, kList };

const char* SettingTypeName(SettingType type) noexcept;

struct SettingSpec {
  std::string key;
  SettingType type = SettingType::kString;
  std::string default_value;  // as text; empty means "no default"
  bool secret = false;
  bool required = false;  // must be non-empty for the plugin to work
  std::string description;
  std::string validation;  // for a person: "1..3600", "https URL", ...
};

struct SettingProblem {
  std::string key;
  std::string message;
};

class SettingsValues {
 public:
  SettingsValues() = default;
  explicit SettingsValues(std::map<std::string, std::string> values) : values_(std::move(values)) {}

  const std::map<std::string, std::string>& all() const noexcept { return values_; }
  bool Has(const std::string& key) const noexcept { return values_.count(key) != 0; }
  // Missing keys read as "".
  std::string GetString(const std::string& key) const;
  // Parse failures are kInvalidArgument naming the key.
  Result<std::int64_t> GetInteger(const std::string& key) const;
  Result<bool> GetBoolean(const std::string& key) const;           // true/false/1/0/yes/no
  std::vector<std::string> GetList(const std::string& key) const;  // comma-separated, trimmed

 private:
  std::map<std::string, std::string> values_;
};

using SubscriptionId = std::uint64_t;

class Settings {
 public:
  virtual ~Settings() = default;
  virtual SettingsValues Current() const noexcept = 0;
  // `on_change` runs on the thread that stored the change, after it is stored,
  // with the new values; it must not block for long nor throw.
  virtual SubscriptionId Subscribe(
      std::function<void(const SettingsValues&)> on_change) noexcept = 0;
  virtual void Unsubscribe(SubscriptionId id) noexcept = 0;
};

}  // namespace rewards
