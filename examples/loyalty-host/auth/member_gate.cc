#include "auth/member_gate.h"

#include <Poco/String.h>

#include <algorithm>

#include "auth/credential_store.h"
#include "auth/request_credentials.h"
#include "http/json_reply.h"

namespace loyalty {

rewards::HttpResponse RateLimited(std::int64_t retry_after_s) {
  rewards::HttpResponse r = ErrorReply(429, "rate_limited", "too many requests; try again later");
  r.headers.emplace_back("Retry-After", std::to_string(retry_after_s));
  return r;
}

rewards::HttpResponse NoStore(rewards::HttpResponse r) {
  // Replaces what the handler said: one Cache-Control, and it is no-store.
  r.headers.erase(
      std::remove_if(r.headers.begin(), r.headers.end(),
                     [](const auto& h) { return Poco::icompare(h.first, "Cache-Control") == 0; }),
      r.headers.end());
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

std::optional<rewards::HttpResponse> CheckSameMember(const std::string& claimed,
                                                     const MemberCaller& caller) {
  if (claimed.empty() || claimed == caller.member_id) return std::nullopt;
  return ErrorReply(403, "forbidden", "a member may act only as themselves");
}

std::optional<rewards::HttpResponse> MemberGate::CheckAddressRate(
    const rewards::HttpRequest& req) const {
  if (std::int64_t wait = limiter_.Take("address:" + RemoteIp(req)); wait > 0) {
    return RateLimited(wait);
  }
  return std::nullopt;
}

std::optional<rewards::HttpResponse> MemberGate::Admit(const rewards::HttpRequest& req,
                                                       MemberCaller& caller) const {
  if (auto limited = CheckAddressRate(req)) return limited;
  caller.token = BearerToken(req);
  caller.by_cookie = caller.token.empty();
  if (caller.by_cookie) caller.token = CookieValue(req, kMemberCookie);
  auto found = sessions_.Find(kMemberKind, caller.token);
  if (!found.ok()) return StatusReply(found.status());
  if (!found.value()) {
    rewards::HttpResponse r =
        ErrorReply(401, "unauthenticated", "sign in first (POST /api/session)");
    r.headers.emplace_back("WWW-Authenticate", "Bearer");
    return r;
  }
  caller.member_id = found.value()->principal;
  if (std::int64_t wait = limiter_.Take("session:" + found.value()->token_digest); wait > 0) {
    return RateLimited(wait);
  }
  if (caller.by_cookie && IsStateChanging(req.method) && !HasCsrfMarker(req)) {
    return ErrorReply(403, "csrf_check_failed",
                      "a cookie-authenticated request that changes something needs "
                      "X-Requested-With: fetch");
  }
  return std::nullopt;
}

HostHandler MemberGate::Guard(MemberHandler handler) const {
  return [this, h = std::move(handler)](const rewards::HttpRequest& req, const PathParams& params) {
    MemberCaller caller;
    if (auto refused = Admit(req, caller)) return NoStore(std::move(*refused));
    return NoStore(h(req, params, caller));
  };
}

}  // namespace loyalty
