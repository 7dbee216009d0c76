// Small pure pieces of the host: routing and clash rules, the SQL script
// splitter, database failure classes, Status -> HTTP mapping, query parsing, the settings checks
// and the config reader.
#include <Poco/AutoPtr.h>
#include <Poco/Data/DataException.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Util/MapConfiguration.h>
#include <gtest/gtest.h>

#include <string>

#include "api/web_pages.h"
#include "config/host_config.h"
#include "db/db_errors.h"
#include "db/sql_script.h"
#include "host_harness.h"
#include "http/json_reply.h"
#include "http/query_params.h"
#include "http/router.h"
#include "settings/settings_check.h"

namespace {

rewards::HttpResponse Named(const std::string& name) {
  rewards::HttpResponse r;
  r.body = name;
  return r;
}

loyalty::HostHandler Host(const std::string& name) {
  return [name](const rewards::HttpRequest&, const loyalty::PathParams&) { return Named(name); };
}

rewards::HttpHandler Plugin(const std::string& name) {
  return [name](const rewards::HttpRequest&) { return Named(name); };
}

TEST(RouterTest, PatternsBindParamsAndExactRoutesWin) {
  loyalty::Router router;
  ASSERT_TRUE(router.AddHostRoute("GET", "/api/members/{id}", Host("member")).ok());
  ASSERT_TRUE(router.AddHostRoute("GET", "/api/members/{id}/redemptions", Host("list")).ok());
  ASSERT_TRUE(router.AddPluginRoute("p", "POST", "/webhooks/ascenda", Plugin("hook")).ok());
  loyalty::RouteMatch m = router.Find("GET", "/api/members/m-7/redemptions");
  ASSERT_EQ(m.kind, loyalty::RouteMatch::kFound);
  EXPECT_EQ(m.params.at("id"), "m-7");
  EXPECT_EQ(m.handler({}, m.params).body, "list");
  EXPECT_FALSE(m.plugin_route);
  m = router.Find("POST", "/webhooks/ascenda");
  EXPECT_TRUE(m.plugin_route);
  EXPECT_EQ(router.Find("GET", "/api/members/").kind, loyalty::RouteMatch::kNotFound);
  EXPECT_EQ(router.Find("GET", "/webhooks/ascenda/").kind, loyalty::RouteMatch::kNotFound);
  m = router.Find("GET", "/webhooks/ascenda");
  EXPECT_EQ(m.kind, loyalty::RouteMatch::kMethodNotAllowed);
  EXPECT_EQ(m.allowed_methods, std::vector<std::string>{"POST"});
}

TEST(RouterTest, HostRoutesKeepTheFirstFailure) {
  loyalty::Router router;
  loyalty::HostRoutes routes(router);
  routes.Add("GET", "/api/members/{id}", Host("member"));
  EXPECT_TRUE(routes.status().ok());
  routes.Add("GET", "/api/members/{id}", Host("clash"));
  routes.Add("POST", "/api/members/{id}", Host("create"));  // still added
  routes.Add("POST", "/api/members/{id}", Host("again"));
  EXPECT_EQ(routes.status().code(), rewards::StatusCode::kConflict);
  EXPECT_EQ(routes.status().error(), "route_clash");
  EXPECT_EQ(routes.status().message(), "GET /api/members/{id} is already served");
  EXPECT_EQ(router.Find("GET", "/api/members/m-1").handler({}, {}).body, "member");
  EXPECT_EQ(router.Find("POST", "/api/members/m-1").kind, loyalty::RouteMatch::kFound);
}

// Every room's Add*Routes answers a clash instead of dropping it (the host
// then refuses to start): here the web pages added twice.
TEST(RouterTest, ARoomAnswersItsRouteClash) {
  loyalty::Router router;
  EXPECT_TRUE(loyalty::AddWebPageRoutes(router, "/nonexistent-web").ok());
  const rewards::Status again = loyalty::AddWebPageRoutes(router, "/nonexistent-web");
  EXPECT_EQ(again.code(), rewards::StatusCode::kConflict);
  EXPECT_EQ(again.message(), "GET / is already served");
  EXPECT_TRUE(loyalty::AddWebPageRoutes(router, "").ok());  // no pages: nothing to add
}

TEST(RouterTest, PluginRouteClashesWithHostPatternsAndOtherPlugins) {
  loyalty::Router router;
  ASSERT_TRUE(router.AddHostRoute("GET", "/api/gift-cards/{id}", Host("card")).ok());
  rewards::Status s = router.AddPluginRoute("p", "GET", "/api/gift-cards/special", Plugin("x"));
  EXPECT_EQ(s.code(), rewards::StatusCode::kConflict);
  EXPECT_NE(s.message().find("already served by host"), std::string::npos) << s.message();
  EXPECT_TRUE(router.AddPluginRoute("p", "POST", "/api/gift-cards/special", Plugin("x")).ok());
  EXPECT_EQ(router.AddPluginRoute("q", "POST", "/api/gift-cards/special", Plugin("y")).code(),
            rewards::StatusCode::kConflict);
  EXPECT_EQ(router.AddPluginRoute("p", "get", "/x", Plugin("x")).code(),
            rewards::StatusCode::kInvalidArgument);
  EXPECT_EQ(router.AddPluginRoute("p", "GET", "/x/{y}", Plugin("x")).code(),
            rewards::StatusCode::kInvalidArgument);
  router.RemoveOwner("p");
  EXPECT_TRUE(router.AddPluginRoute("q", "POST", "/api/gift-cards/special", Plugin("y")).ok());
}

TEST(SqlScriptTest, SplitsAtLineEndSemicolonsOnly) {
  const auto parts = loyalty::SplitSqlScript(
      "-- header;\nCREATE TABLE a (x TEXT DEFAULT 'a;b');\n\nINSERT INTO a VALUES ('1');\n"
      "CREATE TRIGGER t BEFORE DELETE ON a\nBEGIN\n  SELECT RAISE(ABORT, 'no');\nEND;\n"
      "CREATE FUNCTION f() RETURNS trigger AS $$\nBEGIN\n  RAISE EXCEPTION 'x';\nEND;\n"
      "$$ LANGUAGE plpgsql;\n-- trailing comment\n");
  ASSERT_EQ(parts.size(), 4u);
  EXPECT_EQ(parts[0], "-- header;\nCREATE TABLE a (x TEXT DEFAULT 'a;b')");
  EXPECT_EQ(parts[1], "INSERT INTO a VALUES ('1')");
  EXPECT_EQ(parts[2].rfind("CREATE TRIGGER", 0), 0u);
  EXPECT_NE(parts[2].find("END"), std::string::npos);
  EXPECT_EQ(parts[3].rfind("CREATE FUNCTION", 0), 0u);
  EXPECT_NE(parts[3].find("LANGUAGE plpgsql"), std::string::npos);
}

TEST(JsonReplyTest, StatusMapsToHttpWithDetailsAndRetryAfter) {
  rewards::Status limited(rewards::StatusCode::kResourceExhausted, "resend_cooldown", "wait",
                          {{"retry_after_s", "42"}, {"card", "abc"}, {"amount", "25.00"}});
  rewards::HttpResponse r = loyalty::StatusReply(limited);
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.body, R"({"error":"resend_cooldown","message":"wait","amount":"25.00","card":"abc",)"
                    R"("retry_after_s":42})");
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0], (std::pair<std::string, std::string>("Retry-After", "42")));
  using C = rewards::StatusCode;
  const std::pair<C, int> table[] = {{C::kInvalidArgument, 400},  {C::kNotFound, 404},
                                     {C::kConflict, 409},         {C::kFailedPrecondition, 422},
                                     {C::kPermissionDenied, 403}, {C::kUnauthenticated, 401},
                                     {C::kUnavailable, 503},      {C::kDeadlineExceeded, 504},
                                     {C::kUnimplemented, 501},    {C::kUnknown, 500},
                                     {C::kInternal, 500}};
  for (const auto& [code, http] : table) EXPECT_EQ(loyalty::HttpStatusFor(code), http);
}

TEST(QueryParamsTest, DecodesRepeatsAndBounds) {
  loyalty::QueryParams q("category=Food+%26+Drink&category=a,b&page=2&empty");
  EXPECT_EQ(q.GetAll("category"), (std::vector<std::string>{"Food & Drink", "a,b"}));
  EXPECT_EQ(q.Get("page"), "2");
  EXPECT_TRUE(q.Has("empty"));
  EXPECT_EQ(q.Get("missing", "d"), "d");
  int v = 0;
  EXPECT_TRUE(loyalty::ParseBoundedInt("100", 1, 100, v));
  EXPECT_EQ(v, 100);
  EXPECT_FALSE(loyalty::ParseBoundedInt("101", 1, 100, v));
  EXPECT_FALSE(loyalty::ParseBoundedInt("abc", 1, 100, v));
  EXPECT_FALSE(loyalty::ParseBoundedInt("5x", 1, 100, v));
}

TEST(SettingsCheckTest, ListsUnknownTypeAndRequiredProblems) {
  using rewards::SettingType;
  const std::vector<rewards::SettingSpec> schema = {
      {"n", SettingType::kInteger, "1", false, false, "", ""},
      {"b", SettingType::kBoolean, "true", false, false, "", ""},
      {"u", SettingType::kUrl, "", false, true, "", ""},
      {"s", SettingType::kString, "", true, true, "", ""},
  };
  const rewards::SettingsValues merged(
      std::map<std::string, std::string>{{"n", "x"}, {"b", "maybe"}, {"u", "ftp://h"}, {"s", ""}});
  const auto problems = loyalty::CheckSettings(schema, {{"zz", "1"}, {"n", "x"}}, merged);
  ASSERT_EQ(problems.size(), 5u);
  EXPECT_EQ(problems[0].key, "zz");
  EXPECT_EQ(problems[1].key, "n");
  EXPECT_EQ(problems[2].key, "b");
  EXPECT_EQ(problems[3].key, "u");
  EXPECT_EQ(problems[4].key, "s");
  EXPECT_EQ(problems[4].message, "s is required");
  EXPECT_TRUE(
      loyalty::CheckSettings(schema, {},
                             rewards::SettingsValues(std::map<std::string, std::string>{
                                 {"n", "5"}, {"b", "no"}, {"u", "https://x.test"}, {"s", "v"}}))
          .empty());
}

TEST(HostConfigTest, DefaultsPluginKeysAndErrors) {
  Poco::AutoPtr<Poco::Util::MapConfiguration> c(new Poco::Util::MapConfiguration);
  auto defaults = loyalty::ReadHostConfig(*c);
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults.value().http_port, 8080);
  EXPECT_EQ(defaults.value().db_connector, "sqlite");
  EXPECT_EQ(defaults.value().db_connection, "./var/loyalty-host.db");
  EXPECT_EQ(defaults.value().plugins_dir, "./plugins");
  EXPECT_EQ(defaults.value().clock, "system");
  c->setString("plugins.ascenda.ascenda.base_url", "https://x.test");
  c->setString("plugins.ascenda.ascenda.catalogue.ttl_s", "60");
  c->setString("plugins.ascenda.ascenda.catalogue", "odd-but-allowed");
  auto with_plugins = loyalty::ReadHostConfig(*c);
  ASSERT_TRUE(with_plugins.ok());
  const auto& a = with_plugins.value().plugin_settings.at("ascenda");
  EXPECT_EQ(a.at("ascenda.base_url"), "https://x.test");
  EXPECT_EQ(a.at("ascenda.catalogue.ttl_s"), "60");
  EXPECT_EQ(a.at("ascenda.catalogue"), "odd-but-allowed");
  c->setString("host.http.port", "70000");
  EXPECT_NE(loyalty::ReadHostConfig(*c).status().message().find("host.http.port"),
            std::string::npos);
  c->setString("host.http.port", "8081");
  c->setString("host.db.connector", "mysql");
  EXPECT_NE(loyalty::ReadHostConfig(*c).status().message().find("host.db.connector"),
            std::string::npos);
}

// A PostgreSQL server that is away (the pool opening a new session) and a
// full SQLite disk are outages to wait out (503), not bugs (500).
TEST(DbErrorsTest, AServerThatIsAwayOrADiskThatIsFullIsUnavailable) {
  const Poco::Data::ConnectionFailedException away(
      "Connection attempt failed",
      "connection to server on socket \"/tmp/x/.s.PGSQL.5432\" failed");
  EXPECT_EQ(loyalty::ClassifyDbException(away), loyalty::DbFailure::kConnection);
  EXPECT_EQ(loyalty::DbFailureStatus(away).code(), rewards::StatusCode::kUnavailable);
  const Poco::Data::SQLite::DatabaseFullException full("database or disk is full");
  EXPECT_EQ(loyalty::DbFailureStatus(full).code(), rewards::StatusCode::kUnavailable);
  EXPECT_EQ(loyalty::DbFailureStatus(full).error(), "database_unavailable");
  EXPECT_FALSE(loyalty::IsRetryableDbStatus(loyalty::DbFailureStatus(full)));
  const Poco::Data::SQLite::IOErrorException io("disk I/O error");
  EXPECT_EQ(loyalty::DbFailureStatus(io).code(), rewards::StatusCode::kUnavailable);
}

// A database failure reaches a member as a sentence, never as SQL or a socket path.
TEST(JsonReplyTest, DatabaseFailuresAnswerWithoutTheirInternals) {
  const rewards::HttpResponse away = loyalty::StatusReply(rewards::Status(
      rewards::StatusCode::kUnavailable, "database_unavailable",
      "database: connection: SELECT principal FROM sessions", {{"db_retry", "connection"}}));
  EXPECT_EQ(away.status, 503);
  EXPECT_NE(away.body.find("\"error\":\"temporarily_unavailable\""), std::string::npos)
      << away.body;
  EXPECT_EQ(away.body.find("SELECT"), std::string::npos) << away.body;
  EXPECT_EQ(away.body.find("db_retry"), std::string::npos) << away.body;
  const rewards::HttpResponse bug = loyalty::StatusReply(rewards::Status(
      rewards::StatusCode::kInternal, "database_error", "database: other: no such table x"));
  EXPECT_EQ(bug.status, 500);
  EXPECT_NE(bug.body.find("\"error\":\"internal_error\""), std::string::npos) << bug.body;
  EXPECT_EQ(bug.body.find("no such table"), std::string::npos) << bug.body;
}

}  // namespace
