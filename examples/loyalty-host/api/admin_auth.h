// AdminAuth: the gate in front of /admin routes.
//
// A request passes with "Authorization: Bearer <host.admin.token>" (actor
// "token", for automation) or with an operator session — cookie lh_admin, or
// the session token as bearer (actor: the operator's name). The admin token is
// compared as a SHA-256 digest with CRYPTO_memcmp, so the time taken says
// nothing about it. A cookie request that changes state must carry
// X-Requested-With: fetch (403 csrf_check_failed). With no token configured
// only operator sessions pass; any other request answers 403
// admin_disabled. Thread-safe; borrows the session store (may be null: token
// only), which must outlive the routes.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "auth/session_store.h"
#include "http/router.h"

namespace loyalty {

inline constexpr char kOperatorCookie[] = "lh_admin";
inline constexpr char kTokenActor[] = "token";

using ActingHandler = std::function<rewards::HttpResponse(
    const rewards::HttpRequest&, const PathParams&, const std::string& actor)>;

class AdminAuth {
 public:
  AdminAuth(const std::string& token, SessionStore* sessions);

  // The actor ("token" or the operator's name) when the request may pass;
  // otherwise the answer (401, 403).
  struct Decision {
    std::optional<rewards::HttpResponse> refused;
    std::string actor;
  };
  Decision Authenticate(const rewards::HttpRequest& req) const;
  // `handler` behind the gate.
  HostHandler Guard(HostHandler handler) const;
  // The same, telling the handler who acts (for the audit log).
  HostHandler GuardActing(ActingHandler handler) const;

 private:
  bool enabled_;
  std::string digest_;
  SessionStore* sessions_;
};

}  // namespace loyalty
