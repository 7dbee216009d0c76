#include "api/members_api.h"

#include "api/json_mapping.h"
#include "http/json_reply.h"

namespace loyalty {

namespace {

using Problems = std::vector<std::pair<std::string, std::string>>;

void ReadString(const Poco::JSON::Object::Ptr& body, const std::string& key, std::string& out,
                Problems& problems) {
  if (!body->has(key) || body->isNull(key)) return;
  Poco::Dynamic::Var v = body->get(key);
  if (!v.isString()) {
    problems.emplace_back(key, key + " must be a string");
    return;
  }
  out = v.extract<std::string>();
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

rewards::HttpResponse CreateMember(MemberStore& members, const rewards::HttpRequest& req) {
  auto body = ParseJsonObject(req.body);
  if (!body.ok()) return StatusReply(body.status());
  NewMember m;
  Problems problems;
  ReadString(body.value(), "id", m.profile.id, problems);
  ReadString(body.value(), "email", m.profile.email, problems);
  ReadString(body.value(), "first_name", m.profile.first_name, problems);
  ReadString(body.value(), "last_name", m.profile.last_name, problems);
  ReadString(body.value(), "phone_number", m.profile.phone_number, problems);
  ReadPoints(body.value(), m.points, problems);
  for (const FieldProblem& p : CheckNewMember(m)) {
    bool typed = false;  // a type problem already explains this key
    for (const auto& q : problems) typed = typed || q.first == p.key;
    if (!typed) problems.emplace_back(p.key, p.message);
  }
  if (!problems.empty()) {
    Poco::JSON::Object::Ptr out = NewObject();
    out->set("error", "invalid_member");
    out->set("message",
             "the member was not created: " + std::to_string(problems.size()) + " problem(s)");
    out->set("problems", ProblemsJson(problems));
    return JsonReply(400, out);
  }
  auto created = members.Create(m);
  if (!created.ok()) return StatusReply(created.status());
  return JsonReply(201, MemberJson(created.value()));
}

}  // namespace

rewards::Status AddMemberRoutes(Router& router, MemberStore& members, const AdminAuth& auth) {
  HostRoutes routes(router);
  routes.Add("POST", "/admin/members",
             auth.Guard([&members](const rewards::HttpRequest& req, const PathParams&) {
               return CreateMember(members, req);
             }));
  routes.Add("GET", "/api/members/{id}",
             [&members](const rewards::HttpRequest&, const PathParams& params) {
               auto m = members.Get(params.at("id"));
               if (!m.ok()) return StatusReply(m.status());
               return JsonReply(200, MemberJson(m.value()));
             });
  return routes.status();
}

}  // namespace loyalty
