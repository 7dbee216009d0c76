// POST /admin/clock/advance {"seconds": N} (admin; only with host.clock=manual)
// -> 200 {"now": RFC 3339, "advanced_s": N}. Moves the manual clock forward;
// scheduler tasks that became due then run. 400 unless N is a whole number
// from 0 to 31536000.
#pragma once

#include "api/admin_auth.h"
#include "audit/audit_log.h"
#include "clock/host_clock.h"
#include "http/router.h"

namespace loyalty {

// Adds nothing unless `clock` is manual.
rewards::Status AddClockRoutes(Router& router, HostClock& clock, const AdminAuth& auth,
                               AuditLog& audit);

}  // namespace loyalty
