// Member routes of the sample host (JSON):
//   POST  /admin/members   {id, email, first_name, last_name, password,
//                           phone_number?, country?, points?} -> 201 member;
//                           409 member_exists; 400 invalid_member with every
//                           problem (admin; audited as member.create).
//   GET   /api/members/{id} -> 200 member — the session's own only (403
//                           forbidden for another id).
//   GET   /api/me           -> 200 the session's member (profile + balance).
//   PATCH /api/me  {email?, first_name?, last_name?, phone_number?, country?}
//                           -> 200 member; 400 invalid_member with every problem.
// Member routes need a member session (auth/member_gate.h).
#pragma once

#include "api/admin_auth.h"
#include "audit/audit_log.h"
#include "auth/credential_store.h"
#include "auth/member_gate.h"
#include "http/router.h"
#include "ledger/member_store.h"

namespace loyalty {

// Everything borrowed must outlive the router's use of the routes.
rewards::Status AddMemberRoutes(Router& router, MemberStore& members, CredentialStore& credentials,
                                AuditLog& audit, const AdminAuth& auth, const MemberGate& gate);

}  // namespace loyalty
