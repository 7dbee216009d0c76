#include "api/health_api.h"

#include "http/json_reply.h"

namespace loyalty {

namespace {

rewards::HttpResponse Health(const PluginManager& plugins) {
  bool degraded = !plugins.refusals().empty();
  Poco::JSON::Array::Ptr list = NewArray();
  for (const auto& p : plugins.plugins()) {
    const rewards::Health h = p->provider->GetHealth();
    degraded = degraded || h.state != rewards::HealthState::kHealthy;
    Poco::JSON::Object::Ptr o = NewObject();
    o->set("name", p->identity.name);
    o->set("version", p->identity.version);
    o->set("state", std::string(rewards::HealthStateName(h.state)));
    Poco::JSON::Array::Ptr notes = NewArray();
    for (const std::string& n : h.notes) notes->add(n);
    o->set("notes", notes);
    list->add(o);
  }
  Poco::JSON::Array::Ptr refused = NewArray();
  for (const PluginRefusal& r : plugins.refusals()) {
    Poco::JSON::Object::Ptr o = NewObject();
    o->set("file", r.file);
    o->set("error", r.error);
    o->set("message", r.message);
    refused->add(o);
  }
  Poco::JSON::Object::Ptr out = NewObject();
  out->set("status", degraded ? "degraded" : "ok");
  out->set("plugins", list);
  out->set("refused_plugins", refused);
  return JsonReply(200, out);
}

}  // namespace

rewards::Status AddHealthRoutes(Router& router, const PluginManager& plugins) {
  HostRoutes routes(router);
  routes.Add("GET", "/healthz", [&plugins](const rewards::HttpRequest&, const PathParams&) {
    return Health(plugins);
  });
  return routes.status();
}

}  // namespace loyalty
