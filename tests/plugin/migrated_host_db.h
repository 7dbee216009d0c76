// The host's real database for a plugin test: loyalty::HostDatabase on
// `connector` ("sqlite" or "postgresql") and `connection`, with the host's
// migrations and then the plugin's applied, as a host that loads the plugin
// has it (the plugin's only up to version `plugin_up_to`, for a test of a
// later step). Answers the first failure (opening, or either migration)
// instead.
#pragma once

#include <limits>
#include <memory>
#include <string>

#include "db/host_database.h"
#include "rewards/status.h"

namespace ascenda::test {

rewards::Result<std::unique_ptr<loyalty::HostDatabase>> OpenMigratedHostDb(
    const std::string& connector, const std::string& connection, int pool_max,
    int plugin_up_to = std::numeric_limits<int>::max());

}  // namespace ascenda::test
