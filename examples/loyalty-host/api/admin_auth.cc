#include "api/admin_auth.h"

#include "auth/credential_store.h"
#include "auth/crypto_util.h"
#include "auth/member_gate.h"
#include "auth/request_credentials.h"
#include "http/json_reply.h"

namespace loyalty {

AdminAuth::AdminAuth(const std::string& token, SessionStore* sessions)
    : enabled_(!token.empty()), digest_(Sha256(token)), sessions_(sessions) {}

AdminAuth::Decision AdminAuth::Authenticate(const rewards::HttpRequest& req) const {
  Decision d;
  const std::string bearer = BearerToken(req);
  if (enabled_ && !bearer.empty() && ConstantTimeEquals(Sha256(bearer), digest_)) {
    d.actor = kTokenActor;
    return d;
  }
  const bool by_cookie = bearer.empty();
  const std::string presented = by_cookie ? CookieValue(req, kOperatorCookie) : bearer;
  if (sessions_ != nullptr && !presented.empty()) {
    auto found = sessions_->Find(kOperatorKind, presented);
    if (!found.ok()) {
      d.refused = StatusReply(found.status());
      return d;
    }
    if (found.value()) {
      if (by_cookie && IsStateChanging(req.method) && !HasCsrfMarker(req)) {
        d.refused = ErrorReply(403, "csrf_check_failed",
                               "a cookie-authenticated request that changes something needs "
                               "X-Requested-With: fetch");
        return d;
      }
      d.actor = found.value()->principal;
      return d;
    }
  }
  if (!enabled_) {
    d.refused = ErrorReply(403, "admin_disabled",
                           "the admin API is disabled (host.admin.token is not set); "
                           "operators sign in with POST /admin/session");
    return d;
  }
  rewards::HttpResponse r =
      ErrorReply(401, "unauthenticated",
                 "admin routes need Authorization: Bearer <token> or an operator session");
  r.headers.emplace_back("WWW-Authenticate", "Bearer");
  d.refused = std::move(r);
  return d;
}

HostHandler AdminAuth::Guard(HostHandler handler) const {
  return GuardActing([h = std::move(handler)](const rewards::HttpRequest& req,
                                              const PathParams& params,
                                              const std::string&) { return h(req, params); });
}

HostHandler AdminAuth::GuardActing(ActingHandler handler) const {
  return [this, h = std::move(handler)](const rewards::HttpRequest& req, const PathParams& params) {
    Decision d = Authenticate(req);
    if (d.refused) return NoStore(std::move(*d.refused));
    return NoStore(h(req, params, d.actor));
  };
}

}  // namespace loyalty
