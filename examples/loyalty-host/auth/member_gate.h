// MemberGate: the door in front of every member route. A request passes with
// a member session — cookie lh_session, or "Authorization: Bearer <token>"
// for API clients — and the handler is told whose it is; the member is never
// taken from the path, query or body.
//
// In order: the remote address's rate (429 rate_limited + Retry-After), the
// session (401 unauthenticated), the session's rate, then for a cookie
// request that changes state the CSRF marker X-Requested-With: fetch (403
// csrf_check_failed; a bearer request needs none). Every reply of a guarded
// route carries Cache-Control: no-store (they hold personal data or codes).
// Thread-safe; borrows the session store and limiter, which must outlive the
// routes.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "auth/rate_limiter.h"
#include "auth/session_store.h"
#include "http/router.h"

namespace loyalty {

inline constexpr char kMemberCookie[] = "lh_session";

struct MemberCaller {
  std::string member_id;
  std::string token;  // as presented
  bool by_cookie = false;
};

using MemberHandler = std::function<rewards::HttpResponse(const rewards::HttpRequest&,
                                                          const PathParams&, const MemberCaller&)>;

class MemberGate {
 public:
  MemberGate(SessionStore& sessions, RateLimiter& limiter)
      : sessions_(sessions), limiter_(limiter) {}

  HostHandler Guard(MemberHandler handler) const;
  // The address rate check alone (for the sign-in route); nullopt: go ahead.
  std::optional<rewards::HttpResponse> CheckAddressRate(const rewards::HttpRequest& req) const;

 private:
  std::optional<rewards::HttpResponse> Admit(const rewards::HttpRequest& req,
                                             MemberCaller& caller) const;

  SessionStore& sessions_;
  RateLimiter& limiter_;
};

// 403 forbidden when `claimed` (a member id from the path, query or body) is
// set and is not the caller's; nullopt otherwise.
std::optional<rewards::HttpResponse> CheckSameMember(const std::string& claimed,
                                                     const MemberCaller& caller);
// 429 rate_limited with Retry-After.
rewards::HttpResponse RateLimited(std::int64_t retry_after_s);
// `r` with Cache-Control: no-store (replacing any Cache-Control it had).
rewards::HttpResponse NoStore(rewards::HttpResponse r);

}  // namespace loyalty
