// Redemption routes (JSON), answered by the active provider:
//   POST /api/redemptions {member_id?, gift_card_id, denomination, currency,
//        expected_points, idempotency_key} -> 201 redemption, 200 when the
//        key was seen before; 400 invalid_redemption with every problem;
//        404 unknown_member. The host loads the member's profile itself.
//   GET  /api/redemptions/{id}?member_id=  -> the member's redemption,
//        with "delivery" when the provider has it.
//   GET  /api/members/{id}/redemptions?status=&page=&page_size=
//        -> {"data": [...], "meta": {...}}
//   POST /api/redemptions/{id}/resend-email {member_id?} -> 200 {"id", "resent"}
//   GET  /admin/redemptions?status=&page=&page_size=  (admin; adds "state")
//   POST /admin/redemptions/{id}/resync               (admin; audited)
// The /api routes act for the session's member (auth/member_gate.h); a
// member_id in the path, query or body that is not the session's answers 403
// forbidden before anything happens.
// Provider failures map per json_reply.h; bad input answers 400 first.
#pragma once

#include "api/admin_auth.h"
#include "api/provider_locator.h"
#include "audit/audit_log.h"
#include "auth/member_gate.h"
#include "http/router.h"
#include "ledger/member_store.h"

namespace loyalty {

rewards::Status AddRedemptionRoutes(Router& router, const ProviderLocator& providers,
                                    MemberStore& members, const AdminAuth& auth,
                                    const MemberGate& gate, AuditLog& audit);

}  // namespace loyalty
