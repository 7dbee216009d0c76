#include "api/members_api.h"

#include <Poco/JSON/Object.h>

#include <sstream>

#include "api/json_mapping.h"
#include "http/json_reply.h"

namespace loyalty {

namespace {

using Problems = std::vector<std::pair<std::string, std::string>>;

// Reads `key` when present; false (and a problem) when it is not a string.
bool ReadString(const Poco::JSON::Object::Ptr& body, const std::string& key, std::string& out,
                Problems& problems) {
  if (!body->has(key) || body->isNull(key)) return false;
  Poco::Dynamic::Var v = body->get(key);
  if (!v.isString()) {
    problems.emplace_back(key, key + " must be a string");
    return false;
  }
  out = v.extract<std::string>();
  return true;
}

void ReadPoints(const Poco::JSON::Object::Ptr& body, std::int64_t& out, Problems& problems) {
  if (!body->has("points") || body->isNull("points")) return;
  Poco::Dynamic::Var v = body->get("points");
  if (!v.isInteger()) {
    problems.emplace_back("points", "points must be a whole number");
    return;
  }
  try {
    out = v.convert<Poco::Int64>();
  } catch (const Poco::Exception&) {
    problems.emplace_back("points", "points is too large");
  }
}

void AddChecked(const std::vector<FieldProblem>& checked, Problems& problems) {
  for (const FieldProblem& p : checked) {
    bool typed = false;  // a type problem already explains this key
    for (const auto& q : problems) typed = typed || q.first == p.key;
    if (!typed) problems.emplace_back(p.key, p.message);
  }
}

rewards::HttpResponse Invalid(const Problems& problems, const std::string& what) {
  Poco::JSON::Object::Ptr out = NewObject();
  out->set("error", "invalid_member");
  out->set("message", what + ": " + std::to_string(problems.size()) + " problem(s)");
  out->set("problems", ProblemsJson(problems));
  return JsonReply(400, out);
}

std::string Stringify(const Poco::JSON::Object::Ptr& o) {
  std::ostringstream out;
  o->stringify(out);
  return out.str();
}

rewards::HttpResponse CreateMember(MemberStore& members, CredentialStore& credentials,
                                   AuditLog& audit, const rewards::HttpRequest& req,
                                   const std::string& actor) {
  auto body = ParseJsonObject(req.body);
  if (!body.ok()) return StatusReply(body.status());
  NewMember m;
  std::string password;
  Problems problems;
  ReadString(body.value(), "id", m.profile.id, problems);
  ReadString(body.value(), "email", m.profile.email, problems);
  ReadString(body.value(), "first_name", m.profile.first_name, problems);
  ReadString(body.value(), "last_name", m.profile.last_name, problems);
  ReadString(body.value(), "phone_number", m.profile.phone_number, problems);
  ReadString(body.value(), "country", m.country, problems);
  ReadString(body.value(), "password", password, problems);
  ReadPoints(body.value(), m.points, problems);
  AddChecked(CheckNewMember(m), problems);
  std::optional<PasswordRecord> record;
  if (password.size() < PasswordHasher::kMinPasswordLength) {
    AddChecked(
        {{"password", "password must be at least " +
                          std::to_string(PasswordHasher::kMinPasswordLength) + " characters"}},
        problems);
  } else if (problems.empty()) {
    auto hashed = credentials.hasher().Hash(password);
    if (!hashed.ok()) return StatusReply(hashed.status());
    record = std::move(hashed).value();
  }
  if (!problems.empty()) return Invalid(problems, "the member was not created");
  Member shown;
  shown.profile = m.profile;
  shown.country = m.country;
  shown.balance = m.points;
  auto created = members.Create(m, [&](Poco::Data::Session& tx) {
    rewards::Status s = credentials.Store(tx, kMemberKind, m.profile.id, *record);
    if (!s.ok()) return s;
    return audit.Record(tx, actor, "member.create", m.profile.id, "", Stringify(MemberJson(shown)));
  });
  if (!created.ok()) return StatusReply(created.status());
  return JsonReply(201, MemberJson(created.value()));
}

rewards::HttpResponse ShowMember(MemberStore& members, const std::string& id) {
  auto m = members.Get(id);
  if (!m.ok()) return StatusReply(m.status());
  return JsonReply(200, MemberJson(m.value()));
}

rewards::HttpResponse PatchMe(MemberStore& members, const rewards::HttpRequest& req,
                              const MemberCaller& caller) {
  auto body = ParseJsonObject(req.body);
  if (!body.ok()) return StatusReply(body.status());
  ProfileChanges c;
  Problems problems;
  const std::pair<const char*, std::optional<std::string>*> fields[] = {
      {"email", &c.email},
      {"first_name", &c.first_name},
      {"last_name", &c.last_name},
      {"phone_number", &c.phone_number},
      {"country", &c.country}};
  for (const auto& [key, field] : fields) {
    std::string value;
    if (ReadString(body.value(), key, value, problems)) *field = value;
  }
  for (const auto& [key, value] : *body.value()) {
    (void)value;
    bool known = false;
    for (const auto& f : fields) known = known || key == f.first;
    if (!known) problems.emplace_back(key, key + " cannot be changed here");
  }
  AddChecked(CheckProfileChanges(c), problems);
  if (!problems.empty()) return Invalid(problems, "the profile was not changed");
  auto updated = members.Update(caller.member_id, c);
  if (!updated.ok()) return StatusReply(updated.status());
  return JsonReply(200, MemberJson(updated.value()));
}

}  // namespace

rewards::Status AddMemberRoutes(Router& router, MemberStore& members, CredentialStore& credentials,
                                AuditLog& audit, const AdminAuth& auth, const MemberGate& gate) {
  HostRoutes routes(router);
  routes.Add("POST", "/admin/members",
             auth.GuardActing([&members, &credentials, &audit](const rewards::HttpRequest& req,
                                                               const PathParams&,
                                                               const std::string& actor) {
               return CreateMember(members, credentials, audit, req, actor);
             }));
  routes.Add("GET", "/api/members/{id}",
             gate.Guard([&members](const rewards::HttpRequest&, const PathParams& params,
                                   const MemberCaller& caller) {
               if (auto refused = CheckSameMember(params.at("id"), caller)) return *refused;
               return ShowMember(members, caller.member_id);
             }));
  routes.Add("GET", "/api/me",
             gate.Guard([&members](const rewards::HttpRequest&, const PathParams&,
                                   const MemberCaller& caller) {
               return ShowMember(members, caller.member_id);
             }));
  routes.Add(
      "PATCH", "/api/me",
      gate.Guard([&members](const rewards::HttpRequest& req, const PathParams&,
                            const MemberCaller& caller) { return PatchMe(members, req, caller); }));
  return routes.status();
}

}  // namespace loyalty
