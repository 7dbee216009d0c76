// The Ascenda plugin's admin settings: every key, its type, default, whether
// it is secret, and what makes a value valid — the one place that names them.
#pragma once

#include <vector>

#include "rewards/settings.h"

namespace ascenda {

// The schema the host renders as an admin form and fills defaults from.
const std::vector<rewards::SettingSpec>& SettingsSchema();

}  // namespace ascenda
