// The settings table behind SettingsSchema(): each key with its bounds.
// Internal to plugin/settings.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "rewards/settings.h"

namespace ascenda::settings_internal {

struct KeyInfo {
  rewards::SettingSpec spec;
  std::int64_t min = 0;  // integers only
  std::int64_t max = 0;
};

const std::vector<KeyInfo>& Keys();
const KeyInfo* Find(const std::string& key);

}  // namespace ascenda::settings_internal
