// The Ascenda plugin's admin settings: every key, its type, default, whether
// it is secret, and what makes a value valid — the one place that names them.
#pragma once

#include <chrono>
#include <vector>

#include "rewards/settings.h"

namespace ascenda {

// How long a catalogue snapshot may be served (ascenda.catalogue.ttl_s): at
// least a second, at most an hour (docs/ascenda-api.md: cache at most an hour),
// an hour by default. The schema's check, the settings' default and the
// catalogue cache's clamp all read these.
inline constexpr std::chrono::seconds kCatalogueTtlMin{1};
inline constexpr std::chrono::seconds kCatalogueTtlMax{3600};

// The schema the host renders as an admin form and fills defaults from.
const std::vector<rewards::SettingSpec>& SettingsSchema();

}  // namespace ascenda
