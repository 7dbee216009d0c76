#include "api/probes_api.h"

#include <Poco/Data/Session.h>

#include "app/service_readiness.h"
#include "http/json_reply.h"

namespace loyalty {

namespace {

std::string DatabaseProblem(HostDatabase& db) {
  auto session = db.Session();
  if (!session.ok()) return "database: " + session.status().message();
  try {
    int one = 0;
    session.value() << "SELECT 1", Poco::Data::Keywords::into(one), Poco::Data::Keywords::now;
    if (one != 1) return "database: SELECT 1 answered " + std::to_string(one);
  } catch (const std::exception& e) {
    return std::string("database: ") + e.what();
  }
  return "";
}

}  // namespace

std::vector<std::string> ReadinessProblems(HostDatabase& db, const ProviderLocator& locator) {
  std::vector<std::string> problems;
  const std::string database = DatabaseProblem(db);
  if (!database.empty()) problems.push_back(database);
  const rewards::Result<rewards::RewardsProvider*> provider = locator.Active();
  if (!provider.ok()) {
    problems.push_back("provider: " + provider.status().message());
    return problems;
  }
  const ProbeAnswer catalogue = ProbeCatalogue(provider);
  if (catalogue.state != CatalogueProbe::kServed) problems.push_back(catalogue.why);
  return problems;
}

rewards::Status AddProbeRoutes(Router& router, HostDatabase& db, const ProviderLocator& locator) {
  HostRoutes routes(router);
  routes.Add("GET", "/livez", [](const rewards::HttpRequest&, const PathParams&) {
    Poco::JSON::Object::Ptr out = NewObject();
    out->set("status", "alive");
    return JsonReply(200, out);
  });
  routes.Add("GET", "/readyz", [&db, &locator](const rewards::HttpRequest&, const PathParams&) {
    const std::vector<std::string> problems = ReadinessProblems(db, locator);
    Poco::JSON::Array::Ptr reasons = NewArray();
    for (const std::string& p : problems) reasons->add(p);
    Poco::JSON::Object::Ptr out = NewObject();
    out->set("status", problems.empty() ? "ready" : "not_ready");
    out->set("reasons", reasons);
    return JsonReply(problems.empty() ? 200 : 503, out);
  });
  return routes.status();
}

}  // namespace loyalty
