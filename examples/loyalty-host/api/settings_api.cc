#include "api/settings_api.h"

#include <Poco/Logger.h>

#include <set>

#include "api/json_mapping.h"
#include "http/json_reply.h"

namespace loyalty {

namespace {

using Problems = std::vector<std::pair<std::string, std::string>>;

rewards::HttpResponse UnknownPlugin(const std::string& name) {
  return ErrorReply(404, "unknown_plugin", "no loaded plugin named " + name);
}

rewards::HttpResponse Show(LoadedPlugin& p) {
  PluginSettings& s = p.services->plugin_settings();
  // Another node may have changed them: show (and tell the plugin) what the
  // database holds now. If the database cannot be read, show what we have.
  (void)s.Reload();
  return JsonReply(200, SettingsJson(p.identity.name, s.schema(), s.Current()));
}

rewards::HttpResponse Invalid(const Problems& problems) {
  Poco::JSON::Object::Ptr out = NewObject();
  out->set("error", "invalid_settings");
  out->set("message",
           "the settings were not changed: " + std::to_string(problems.size()) + " problem(s)");
  out->set("problems", ProblemsJson(problems));
  return JsonReply(422, out);
}

std::set<std::string> SecretKeys(const std::vector<rewards::SettingSpec>& schema) {
  std::set<std::string> out;
  for (const rewards::SettingSpec& spec : schema) {
    if (spec.secret) out.insert(spec.key);
  }
  return out;
}

rewards::HttpResponse Change(LoadedPlugin& p, const rewards::HttpRequest& req, AuditLog& audit,
                             const std::string& actor) {
  auto body = ParseJsonObject(req.body);
  if (!body.ok()) return StatusReply(body.status());
  std::map<std::string, std::string> changes;
  Problems problems;
  for (const auto& [key, value] : *body.value()) {
    if (value.isString() || value.isNumeric() || value.isBoolean()) {
      changes[key] = value.convert<std::string>();
    } else {
      problems.emplace_back(key, key + " must be a string, number or boolean");
    }
  }
  if (!problems.empty()) return Invalid(problems);
  rewards::RewardsProvider* provider = p.provider;
  const std::set<std::string> secrets = SecretKeys(p.services->plugin_settings().schema());
  const std::string before = MaskedJson(p.services->plugin_settings().Current().all(), secrets);
  SettingsUpdate update = p.services->plugin_settings().Update(
      changes, [provider](const rewards::SettingsValues& proposed) {
        return provider->ValidateSettings(proposed);
      });
  if (!update.problems.empty()) {
    for (const rewards::SettingProblem& q : update.problems) {
      problems.emplace_back(q.key, q.message);
    }
    return Invalid(problems);
  }
  if (!update.status.ok()) return StatusReply(update.status);
  const std::string after = MaskedJson(p.services->plugin_settings().Current().all(), secrets);
  rewards::Status audited = audit.Record(actor, "settings.update", p.identity.name, before, after);
  if (!audited.ok()) {
    Poco::Logger::get("host").error("settings change of " + p.identity.name + " by " + actor +
                                    " not audited: " + audited.ToString());
  }
  return Show(p);
}

}  // namespace

rewards::Status AddSettingsRoutes(Router& router, const PluginManager& plugins,
                                  const AdminAuth& auth, AuditLog& audit) {
  HostRoutes routes(router);
  const std::string path = "/admin/plugins/{name}/settings";
  routes.Add("GET", path,
             auth.Guard([&plugins](const rewards::HttpRequest&, const PathParams& params) {
               LoadedPlugin* p = plugins.Find(params.at("name"));
               return p ? Show(*p) : UnknownPlugin(params.at("name"));
             }));
  routes.Add(
      "PUT", path,
      auth.GuardActing([&plugins, &audit](const rewards::HttpRequest& req, const PathParams& params,
                                          const std::string& actor) {
        LoadedPlugin* p = plugins.Find(params.at("name"));
        return p ? Change(*p, req, audit, actor) : UnknownPlugin(params.at("name"));
      }));
  return routes.status();
}

}  // namespace loyalty
