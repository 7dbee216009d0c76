// Load-balancer probes, beside the detailed GET /healthz:
//   GET /livez  -> 200 {"status":"alive"}: the process answers HTTP.
//   GET /readyz -> 200 {"status":"ready","reasons":[]} when this node can serve
//                  members: the database answers `SELECT 1`, the active
//                  provider is loaded and started, and its catalogue is
//                  servable; otherwise 503 {"status":"not_ready","reasons":[…]}
//                  naming each failed check, so a load balancer drains it.
// Neither needs authentication nor reveals more than /healthz does.
#pragma once

#include <string>
#include <vector>

#include "api/provider_locator.h"
#include "db/host_database.h"
#include "http/router.h"

namespace loyalty {

// The reasons this node is not ready; empty when it is. Thread-safe.
std::vector<std::string> ReadinessProblems(HostDatabase& db, const ProviderLocator& locator);

rewards::Status AddProbeRoutes(Router& router, HostDatabase& db, const ProviderLocator& locator);

}  // namespace loyalty
