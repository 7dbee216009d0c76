// Sign-in routes (JSON):
//   POST   /api/session   {member_id, password}   -> 200 {token, expires_at}
//          and Set-Cookie lh_session (HttpOnly; SameSite=Strict; Path=/,
//          Secure when host.session.cookie_secure); 401 invalid_credentials;
//          429 sign_in_locked + Retry-After after five wrong passwords.
//   DELETE /api/session                            -> 200 {signed_out}; the
//          session (cookie or bearer) ends, the cookie is cleared.
//   POST   /api/me/password {current, new}         -> 200 {changed}; every
//          session of the member ends (sign in again); 400 weak_password.
//   POST   /admin/session  {name, password}        -> as /api/session for an
//          operator, cookie lh_admin.
//   DELETE /admin/session
// Replies carry Cache-Control: no-store.
#pragma once

#include "auth/member_gate.h"
#include "auth/sign_in.h"
#include "http/router.h"

namespace loyalty {

struct SessionRouteOptions {
  bool secure_cookies = false;
};

// Everything borrowed must outlive the routes.
rewards::Status AddSessionRoutes(Router& router, SignIn& member_sign_in, const MemberGate& gate,
                                 SignIn& operator_sign_in, SessionRouteOptions options);

}  // namespace loyalty
