// The console's redemption routes that need the provider's
// RedemptionOperations (host-api ABI 1.2, rewards/redemption_operations.h):
//   GET  /admin/redemptions?status=&member_id=&reference_id=&page=&page_size=
//        with member_id or reference_id: the provider's search (filters
//        combine); without them the listing of RewardsProvider as before.
//   GET  /admin/redemptions/{id} -> the operator's detail: the redemption
//        (operator view) plus order_id, item_status, submit_attempts,
//        reconcile_checks, failure_code, failure_reason, refunded and
//        "history":[{"at","from_state","to_state","event","note"}], oldest
//        first. Never delivery data.
//   POST /admin/redemptions/{id}/resolve {"outcome":"fulfilled"|"refunded",
//        "note":"…"} (note: 1..kMaxResolveNote characters, not only blanks)
//        -> 200 the redemption; 409 not_needs_attention; 400
//        invalid_resolution with every problem. Audited
//        (redemption.resolve: the state before; the outcome, note and state after).
// A plugin without RedemptionOperations answers 501 not_supported_by_plugin.
#pragma once

#include <cstddef>

#include "api/admin_auth.h"
#include "api/provider_locator.h"
#include "audit/audit_log.h"
#include "http/router.h"

namespace loyalty {

inline constexpr std::size_t kMaxResolveNote = 500;

// The admin search (see above), for a query with member_id or reference_id.
rewards::HttpResponse OperatorSearch(const ProviderLocator& providers,
                                     const std::string& raw_query);

rewards::Status AddOperatorRedemptionRoutes(Router& router, const ProviderLocator& providers,
                                            const AdminAuth& auth, AuditLog& audit);

}  // namespace loyalty
