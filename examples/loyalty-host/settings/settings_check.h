// The host's own checks of a proposed settings change, before the plugin's
// ValidateSettings: keys the schema does not know, values that do not parse
// as their spec's type (integer, boolean, http(s) URL; empty values are not
// type-checked) and required keys left empty. Pure functions.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "rewards/settings.h"

namespace loyalty {

// `changes` are the keys the caller sent; `merged` the full proposed set.
// Every problem, in schema order (unknown keys first).
std::vector<rewards::SettingProblem> CheckSettings(
    const std::vector<rewards::SettingSpec>& schema,
    const std::map<std::string, std::string>& changes, const rewards::SettingsValues& merged);

}  // namespace loyalty
