#include "api/session_api.h"

#include "api/admin_auth.h"
#include "auth/credential_store.h"
#include "auth/request_credentials.h"
#include "clock/host_clock.h"
#include "http/json_reply.h"

namespace loyalty {

namespace {

// A string field, or "" when absent or not a string.
std::string Field(const Poco::JSON::Object::Ptr& body, const std::string& key) {
  if (!body->has(key)) return "";
  Poco::Dynamic::Var v = body->get(key);
  return v.isString() ? v.extract<std::string>() : "";
}

rewards::HttpResponse Opened(const rewards::Result<NewSession>& opened, const char* cookie,
                             long long ttl_s, bool secure) {
  if (!opened.ok()) return NoStore(StatusReply(opened.status()));
  Poco::JSON::Object::Ptr out = NewObject();
  out->set("token", opened.value().token);
  out->set("expires_at", FormatTimestamp(opened.value().expires_at));
  rewards::HttpResponse r = JsonReply(200, out);
  r.headers.emplace_back("Set-Cookie", SessionCookie(cookie, opened.value().token, ttl_s, secure));
  return NoStore(std::move(r));
}

rewards::HttpResponse Open(SignIn& sign_in, const char* kind, const char* id_field,
                           const char* cookie, const rewards::HttpRequest& req, bool secure) {
  auto body = ParseJsonObject(req.body);
  if (!body.ok()) return NoStore(StatusReply(body.status()));
  const std::string principal = Field(body.value(), id_field);
  const std::string password = Field(body.value(), "password");
  if (principal.empty() || password.empty() || principal.size() > 64) {
    return NoStore(ErrorReply(400, "invalid_sign_in",
                              std::string(id_field) + " and password are required strings"));
  }
  auto opened = sign_in.Open(kind, principal, password, RemoteIp(req));
  return Opened(opened, cookie, sign_in.sessions().ttl().count(), secure);
}

rewards::HttpResponse Close(SessionStore& sessions, const char* cookie,
                            const rewards::HttpRequest& req, bool secure) {
  std::string token = BearerToken(req);
  if (token.empty()) token = CookieValue(req, cookie);
  rewards::Status s = sessions.Revoke(token);
  if (!s.ok()) return NoStore(StatusReply(s));
  Poco::JSON::Object::Ptr out = NewObject();
  out->set("signed_out", true);
  rewards::HttpResponse r = JsonReply(200, out);
  r.headers.emplace_back("Set-Cookie", ClearedCookie(cookie, secure));
  return NoStore(std::move(r));
}

}  // namespace

rewards::Status AddSessionRoutes(Router& router, SignIn& member_sign_in, const MemberGate& gate,
                                 SignIn& operator_sign_in, SessionRouteOptions options) {
  HostRoutes routes(router);
  const bool secure = options.secure_cookies;
  routes.Add("POST", "/api/session",
             [&member_sign_in, &gate, secure](const rewards::HttpRequest& req, const PathParams&) {
               if (auto limited = gate.CheckAddressRate(req)) return NoStore(std::move(*limited));
               return Open(member_sign_in, kMemberKind, "member_id", kMemberCookie, req, secure);
             });
  routes.Add("DELETE", "/api/session",
             gate.Guard([&member_sign_in, secure](const rewards::HttpRequest& req,
                                                  const PathParams&, const MemberCaller&) {
               return Close(member_sign_in.sessions(), kMemberCookie, req, secure);
             }));
  routes.Add("POST", "/api/me/password",
             gate.Guard([&member_sign_in, secure](const rewards::HttpRequest& req,
                                                  const PathParams&, const MemberCaller& caller) {
               auto body = ParseJsonObject(req.body);
               if (!body.ok()) return StatusReply(body.status());
               rewards::Status s = member_sign_in.ChangePassword(
                   kMemberKind, caller.member_id, Field(body.value(), "current"),
                   Field(body.value(), "new"), RemoteIp(req));
               if (!s.ok()) return StatusReply(s);
               Poco::JSON::Object::Ptr out = NewObject();
               out->set("changed", true);
               rewards::HttpResponse r = JsonReply(200, out);
               r.headers.emplace_back("Set-Cookie", ClearedCookie(kMemberCookie, secure));
               return r;
             }));
  routes.Add(
      "POST", "/admin/session",
      [&operator_sign_in, &gate, secure](const rewards::HttpRequest& req, const PathParams&) {
        if (auto limited = gate.CheckAddressRate(req)) return NoStore(std::move(*limited));
        return Open(operator_sign_in, kOperatorKind, "name", kOperatorCookie, req, secure);
      });
  routes.Add("DELETE", "/admin/session",
             [&operator_sign_in, secure](const rewards::HttpRequest& req, const PathParams&) {
               return Close(operator_sign_in.sessions(), kOperatorCookie, req, secure);
             });
  return routes.status();
}

}  // namespace loyalty
