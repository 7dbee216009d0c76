// minimal-host: the smallest loyalty host that runs a rewards plugin, built
// only against the installed SDK (find_package(RewardsHostApi)). It shows
// what a host vendor writes: load the .so and pass the version gate, lend
// HostServices (host_services.h), apply the plugin's migrations, start it,
// and serve the member routes through the RewardsProvider.
//
//   minimal-host --plugin=/usr/lib/<multiarch>/rewards-plugins/libascenda_plugin.so
//                [--settings=FILE] [--db=FILE] [--address=A] [--port=N]
//                [--member=ID:POINTS:EMAIL]...
//
// FILE holds the plugin's settings as properties (ascenda.base_url = ...).
// Routes: GET /api/gift-cards, POST /api/redemptions, GET /api/redemptions/{id}
// (?member_id=), GET /api/members/{id}, and whatever the plugin registers.
// SIGINT / SIGTERM stop it: HTTP server, plugin Stop(), tasks, destroy().
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <Poco/Util/PropertyFileConfiguration.h>
#include <dlfcn.h>
#include <signal.h>

#include <iostream>
#include <sstream>

#include "host_services.h"
#include "rewards/build_fingerprint.h"
#include "rewards/plugin_entry.h"

namespace {

using rewards::HttpRequest;
using rewards::HttpResponse;

struct Options {
  std::string plugin, settings, db = "minimal-host.db", address = "127.0.0.1";
  int port = 8090;
  std::vector<rewards::MemberProfile> members;
  std::vector<std::int64_t> points;
};

bool ParseArgs(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto eq = arg.find('=');
    const std::string key = arg.substr(0, eq),
                      value = eq == std::string::npos ? "" : arg.substr(eq + 1);
    if (key == "--plugin") {
      o.plugin = value;
    } else if (key == "--settings") {
      o.settings = value;
    } else if (key == "--db") {
      o.db = value;
    } else if (key == "--address") {
      o.address = value;
    } else if (key == "--port") {
      o.port = std::stoi(value);
    } else if (key == "--member") {  // ID:POINTS:EMAIL
      std::istringstream in(value);
      std::string id, points, email;
      std::getline(in, id, ':');
      std::getline(in, points, ':');
      std::getline(in, email);
      o.members.push_back({id, email, "Member", id, ""});
      o.points.push_back(std::stoll(points));
    } else {
      std::cerr << "unknown argument: " << arg << "\n";
      return false;
    }
  }
  return !o.plugin.empty();
}

std::map<std::string, std::string> ReadSettings(const std::string& file) {
  std::map<std::string, std::string> out;
  if (file.empty()) return out;
  Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> c(
      new Poco::Util::PropertyFileConfiguration(file));
  std::vector<std::string> todo = {""};
  while (!todo.empty()) {  // every leaf key
    const std::string prefix = todo.back();
    todo.pop_back();
    Poco::Util::AbstractConfiguration::Keys keys;
    c->keys(prefix, keys);
    for (const std::string& k : keys) {
      const std::string full = prefix.empty() ? k : prefix + "." + k;
      if (c->hasProperty(full)) out[full] = c->getString(full);
      todo.push_back(full);
    }
  }
  return out;
}

// ---- JSON replies ----------------------------------------------------------

HttpResponse Json(int status, const Poco::JSON::Object& body) {
  std::ostringstream out;
  body.stringify(out);
  return {status, "application/json", {}, out.str()};
}

HttpResponse Error(int status, const std::string& error, const std::string& message) {
  Poco::JSON::Object o;
  o.set("error", error);
  o.set("message", message);
  return Json(status, o);
}

HttpResponse FromStatus(const rewards::Status& s) {
  using rewards::StatusCode;
  switch (s.code()) {
    case StatusCode::kInvalidArgument:
      return Error(400, s.error(), s.message());
    case StatusCode::kNotFound:
      return Error(404, s.error(), s.message());
    case StatusCode::kConflict:
      return Error(409, s.error(), s.message());
    case StatusCode::kFailedPrecondition:
      return Error(422, s.error(), s.message());
    case StatusCode::kResourceExhausted:
      return Error(429, s.error(), s.message());
    case StatusCode::kUnavailable:
      return Error(503, s.error(), s.message());
    case StatusCode::kDeadlineExceeded:
      return Error(504, s.error(), s.message());
    default:
      return Error(500, s.error(), s.message());
  }
}

Poco::JSON::Object CardJson(const rewards::GiftCard& card) {
  Poco::JSON::Object o;
  o.set("id", card.id);
  o.set("name", card.name);
  o.set("currency", card.currency);
  o.set("logo_url", card.logo_url);
  Poco::JSON::Array denominations;
  for (const rewards::Denomination& d : card.denominations) {
    Poco::JSON::Object one;
    one.set("value", d.value);
    one.set("points", d.points);
    denominations.add(one);
  }
  o.set("denominations", denominations);
  return o;
}

Poco::JSON::Object RedemptionJson(const rewards::Redemption& r) {
  Poco::JSON::Object o;
  o.set("id", r.id);
  o.set("member_id", r.member_id);
  o.set("gift_card_id", r.gift_card_id);
  o.set("denomination", r.denomination);
  o.set("currency", r.currency);
  o.set("points", r.points);
  o.set("status", rewards::MemberStatusName(r.status));
  o.set("failure_reason", r.failure_reason);
  if (r.delivery) {
    Poco::JSON::Object d;
    if (r.delivery->code) d.set("code", *r.delivery->code);
    if (r.delivery->pin) d.set("pin", *r.delivery->pin);
    if (r.delivery->url) d.set("url", *r.delivery->url);
    o.set("delivery", d);
  }
  return o;
}

std::string QueryValue(const std::string& query, const std::string& name) {
  for (const auto& [k, v] : Poco::URI("/?" + query).getQueryParameters()) {
    if (k == name) return v;
  }
  return "";
}

// ---- Host routes -----------------------------------------------------------

class Routes {
 public:
  Routes(rewards::RewardsProvider& provider, minimal::MemoryLedger& members)
      : provider_(provider), members_(members) {}

  HttpResponse Handle(const HttpRequest& req) {
    const std::string redemptions = "/api/redemptions/", members = "/api/members/";
    if (req.method == "GET" && req.path == "/api/gift-cards") return Catalogue(req);
    if (req.method == "POST" && req.path == "/api/redemptions") return Redeem(req);
    if (req.method == "GET" && req.path.rfind(redemptions, 0) == 0) {
      auto r = provider_.GetRedemption(req.path.substr(redemptions.size()),
                                       QueryValue(req.query, "member_id"));
      return r.ok() ? Json(200, RedemptionJson(r.value())) : FromStatus(r.status());
    }
    if (req.method == "GET" && req.path.rfind(members, 0) == 0) return Member(req);
    return Error(404, "not_found", "no route " + req.method + " " + req.path);
  }

 private:
  HttpResponse Catalogue(const HttpRequest& req) {
    rewards::CatalogueQuery q;
    q.currency = QueryValue(req.query, "currency");
    q.name_contains = QueryValue(req.query, "q");
    const std::string page = QueryValue(req.query, "page"),
                      size = QueryValue(req.query, "page_size");
    if (!page.empty()) q.page = std::atoi(page.c_str());
    if (!size.empty()) q.page_size = std::atoi(size.c_str());
    auto result = provider_.ListCatalogue(q);
    if (!result.ok()) return FromStatus(result.status());
    Poco::JSON::Array data;
    for (const rewards::GiftCardPtr& card : result.value().cards) data.add(CardJson(*card));
    Poco::JSON::Object meta, body;
    meta.set("page", result.value().page);
    meta.set("page_size", result.value().page_size);
    meta.set("total_count", result.value().total_count);
    body.set("data", data);
    body.set("meta", meta);
    return Json(200, body);
  }

  HttpResponse Redeem(const HttpRequest& req) {
    rewards::RedeemRequest r;
    try {
      Poco::JSON::Parser parser;
      auto o = parser.parse(req.body).extract<Poco::JSON::Object::Ptr>();
      auto member = members_.Member(o->optValue<std::string>("member_id", ""));
      if (!member) return Error(404, "unknown_member", "no such member");
      r.member = *member;
      r.gift_card_id = o->optValue<std::string>("gift_card_id", "");
      r.denomination = o->optValue<std::string>("denomination", "");
      r.currency = o->optValue<std::string>("currency", "");
      r.expected_points = o->optValue<std::int64_t>("expected_points", 0);
      r.idempotency_key = o->optValue<std::string>("idempotency_key", "");
    } catch (const std::exception& e) {
      return Error(400, "invalid_json", e.what());
    }
    auto outcome = provider_.Redeem(r);
    if (!outcome.ok()) return FromStatus(outcome.status());
    return Json(outcome.value().replayed ? 200 : 201, RedemptionJson(outcome.value().redemption));
  }

  HttpResponse Member(const HttpRequest& req) {
    const std::string id = req.path.substr(std::string("/api/members/").size());
    auto member = members_.Member(id);
    if (!member) return Error(404, "unknown_member", "no member " + id);
    Poco::JSON::Object o;
    o.set("id", id);
    o.set("email", member->email);
    o.set("balance", members_.BalanceOf(id));
    return Json(200, o);
  }

  rewards::RewardsProvider& provider_;
  minimal::MemoryLedger& members_;
};

// ---- HTTP server: plugin routes first, then the host's ---------------------

class Handler : public Poco::Net::HTTPRequestHandler {
 public:
  Handler(minimal::RouteTable& plugin_routes, Routes& host_routes)
      : plugin_routes_(plugin_routes), host_routes_(host_routes) {}
  void handleRequest(Poco::Net::HTTPServerRequest& in,
                     Poco::Net::HTTPServerResponse& out) override {
    HttpRequest req;
    Poco::URI uri(in.getURI());
    req.method = in.getMethod();
    req.path = uri.getPath();
    req.query = uri.getRawQuery();
    for (const auto& [name, value] : in) req.headers[Poco::toLower(name)] = value;
    std::string body;
    Poco::StreamCopier::copyToString(in.stream(), body, minimal::RouteTable::kMaxBodyBytes + 1);
    req.body_truncated = body.size() > minimal::RouteTable::kMaxBodyBytes;
    if (req.body_truncated) body.resize(minimal::RouteTable::kMaxBodyBytes);
    req.body = std::move(body);
    req.remote_address = in.clientAddress().host().toString();
    HttpResponse res;
    try {
      const rewards::HttpHandler* plugin = plugin_routes_.Find(req.method, req.path);
      res = plugin ? (*plugin)(req) : host_routes_.Handle(req);
    } catch (...) {
      res = Error(500, "internal", "handler threw");
    }
    out.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(res.status));
    out.setContentType(res.content_type);
    for (const auto& [name, value] : res.headers) out.set(name, value);
    out.sendBuffer(res.body.data(), res.body.size());
  }

 private:
  minimal::RouteTable& plugin_routes_;
  Routes& host_routes_;
};

class HandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  HandlerFactory(minimal::RouteTable& plugin_routes, Routes& host_routes)
      : plugin_routes_(plugin_routes), host_routes_(host_routes) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new Handler(plugin_routes_, host_routes_);
  }

 private:
  minimal::RouteTable& plugin_routes_;
  Routes& host_routes_;
};

// ---- Loading the plugin ----------------------------------------------------

const rewards::PluginDescriptor* OpenPlugin(const std::string& path) {
  // Loaded once and never unloaded (host-api rule 6).
  void* lib = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) {
    std::cerr << "cannot load " << path << ": " << ::dlerror() << "\n";
    return nullptr;
  }
  auto entry = reinterpret_cast<rewards::PluginEntryFn>(::dlsym(lib, rewards::kPluginEntrySymbol));
  const rewards::PluginDescriptor* desc = entry ? entry() : nullptr;
  if (desc == nullptr) {
    std::cerr << path << ": no " << rewards::kPluginEntrySymbol << " descriptor\n";
    return nullptr;
  }
  rewards::Status gate = rewards::CheckCompatible(*desc, rewards::kAbiMajor, rewards::kAbiMinor,
                                                  REWARDS_BUILD_FINGERPRINT);
  if (!gate.ok()) {
    std::cerr << "plugin refused: " << path << ": " << gate.error() << ": " << gate.message()
              << "\n";
    return nullptr;
  }
  return desc;
}

int Run(const Options& o) {
  const rewards::PluginDescriptor* desc = OpenPlugin(o.plugin);
  if (desc == nullptr) return 1;
  minimal::MinimalServices services(o.db, ReadSettings(o.settings));
  for (std::size_t i = 0; i < o.members.size(); ++i) {
    services.members().AddMember(o.members[i], o.points[i]);
  }
  rewards::RewardsProvider* provider = desc->create(&services);
  if (provider == nullptr) {
    std::cerr << "create() returned no provider\n";
    return 1;
  }
  const rewards::ProviderIdentity id = provider->Identity();
  services.fixed_settings().ApplySchema(provider->SettingsSchema());
  int code = 0;
  std::vector<rewards::SettingProblem> problems =
      provider->ValidateSettings(services.settings().Current());
  rewards::Status migrated = services.sqlite().ApplyMigrations(
      id.name, provider->Migrations(rewards::SqlDialect::kSQLite));
  rewards::Status started =
      problems.empty() && migrated.ok() ? provider->Start() : rewards::Status::Ok();
  for (const auto& p : problems) std::cerr << "setting " << p.key << ": " << p.message << "\n";
  if (!migrated.ok()) std::cerr << "migrations: " << migrated.ToString() << "\n";
  if (!started.ok()) std::cerr << "Start(): " << started.ToString() << "\n";
  if (!problems.empty() || !migrated.ok() || !started.ok()) {
    code = 1;
  } else {
    Routes routes(*provider, services.members());
    Poco::Net::ServerSocket socket(
        Poco::Net::SocketAddress(o.address, static_cast<Poco::UInt16>(o.port)));
    Poco::Net::HTTPServer server(new HandlerFactory(services.routes(), routes), socket,
                                 new Poco::Net::HTTPServerParams);
    server.start();
    std::cerr << "minimal-host: " << id.name << " " << id.version << " serving on " << o.address
              << ":" << o.port << "\n";
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    int signal = 0;
    sigwait(&stop, &signal);
    server.stopAll(true);
    (void)provider->Stop(std::chrono::steady_clock::now() + std::chrono::seconds(10));
  }
  services.timer().Stop();  // drained before destroy()
  desc->destroy(provider);
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!ParseArgs(argc, argv, options)) {
    std::cerr << "usage: minimal-host --plugin=PATH [--settings=FILE] [--db=FILE] [--address=A]"
                 " [--port=N] [--member=ID:POINTS:EMAIL]...\n";
    return 2;
  }
  // SIGINT/SIGTERM wait for sigwait() in Run(); every thread inherits the mask.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  try {
    return Run(options);
  } catch (const std::exception& e) {
    std::cerr << "minimal-host: " << e.what() << "\n";
    return 1;
  }
}
