// GET /healthz -> 200 {"status": "ok"|"degraded", "plugins": [{name, version,
// state, notes}], "refused_plugins": [{file, error, message}]}. "degraded"
// when a plugin was refused or one is not healthy; the host itself answers,
// so the HTTP status is 200 either way.
#pragma once

#include "http/router.h"
#include "plugins/plugin_manager.h"

namespace loyalty {

rewards::Status AddHealthRoutes(Router& router, const PluginManager& plugins);

}  // namespace loyalty
