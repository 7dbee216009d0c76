#include "api/audit_api.h"

#include <Poco/JSON/Parser.h>

#include "api/catalogue_api.h"
#include "api/json_mapping.h"
#include "http/json_reply.h"

namespace loyalty {

namespace {

// The recorded JSON text as a value; null when empty, the text when it is not JSON.
Poco::Dynamic::Var Recorded(const std::string& text) {
  if (text.empty()) return Poco::Dynamic::Var();
  try {
    Poco::JSON::Parser parser;
    return parser.parse(text);
  } catch (const Poco::Exception&) {
    return text;
  }
}

rewards::HttpResponse List(AuditLog& audit, const rewards::HttpRequest& req) {
  int page = 1, page_size = 25;
  std::string problem;
  if (!ReadPaging(req.query, page, page_size, problem)) {
    return ErrorReply(400, "invalid_query", problem);
  }
  auto listed = audit.List(page, page_size);
  if (!listed.ok()) return StatusReply(listed.status());
  Poco::JSON::Array::Ptr data = NewArray();
  for (const AuditEntry& e : listed.value().entries) {
    Poco::JSON::Object::Ptr o = NewObject();
    o->set("id", static_cast<Poco::Int64>(e.id));
    o->set("at", e.at);
    o->set("actor", e.actor);
    o->set("action", e.action);
    o->set("target", e.target);
    o->set("before", Recorded(e.before));
    o->set("after", Recorded(e.after));
    data->add(o);
  }
  const std::int64_t total = listed.value().total_count;
  Poco::JSON::Object::Ptr out = NewObject();
  out->set("data", data);
  out->set("meta", PageMetaJson(page, page_size, total, (total + page_size - 1) / page_size));
  return JsonReply(200, out);
}

}  // namespace

rewards::Status AddAuditRoutes(Router& router, AuditLog& audit, const AdminAuth& auth) {
  HostRoutes routes(router);
  routes.Add("GET", "/admin/audit",
             auth.Guard([&audit](const rewards::HttpRequest& req, const PathParams&) {
               return List(audit, req);
             }));
  return routes.status();
}

}  // namespace loyalty
