// Member routes of the sample host (JSON):
//   POST /admin/members   {id, email, first_name, last_name, phone_number?,
//                          points?}  -> 201 member; 409 member_exists;
//                          400 invalid_member with every problem (admin).
//   GET  /api/members/{id}            -> 200 member; 404 unknown_member.
// The sample host does not authenticate members; a real one would.
#pragma once

#include "api/admin_auth.h"
#include "http/router.h"
#include "ledger/member_store.h"

namespace loyalty {

// `members` and `auth` must outlive the router's use of the routes.
rewards::Status AddMemberRoutes(Router& router, MemberStore& members, const AdminAuth& auth);

}  // namespace loyalty
