// Admin settings over real HTTP against the real host process and the real
// Ascenda plugin: defaults and secrets (set / not set), a valid PUT reaching
// the plugin without a restart, a refused PUT listing every problem and
// keeping the old values, and the admin token.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "host_harness.h"
#include "support/paths.h"
#include "support/postgres.h"
#include "support/wait_until.h"

namespace {

using hosttest::HostProcess;
using hosttest::ParseObject;

constexpr char kToken[] = "settings-admin-token";
// base64 of 32 bytes
constexpr char kDataKey[] = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

// key -> the setting's JSON object.
std::map<std::string, Poco::JSON::Object::Ptr> SettingsByKey(const std::string& body) {
  std::map<std::string, Poco::JSON::Object::Ptr> out;
  Poco::JSON::Object::Ptr o = ParseObject(body);
  Poco::JSON::Array::Ptr list = o->getArray("settings");
  if (!list) return out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    Poco::JSON::Object::Ptr s = list->getObject(static_cast<unsigned>(i));
    out[s->getValue<std::string>("key")] = s;
  }
  return out;
}

bool SecretIsSet(const Poco::JSON::Object::Ptr& setting) {
  return setting->getObject("value")->getValue<bool>("set");
}

Poco::JSON::Object::Ptr AscendaHealth(const HostProcess& host) {
  Poco::JSON::Object::Ptr health = ParseObject(host.Get("/healthz").body);
  Poco::JSON::Array::Ptr plugins = health->getArray("plugins");
  for (std::size_t i = 0; plugins && i < plugins->size(); ++i) {
    Poco::JSON::Object::Ptr p = plugins->getObject(static_cast<unsigned>(i));
    if (p->getValue<std::string>("name") == "ascenda") return p;
  }
  ADD_FAILURE() << "ascenda not in /healthz";
  return new Poco::JSON::Object;
}

// All of a plugin's health notes, one per line.
std::string NotesText(const Poco::JSON::Object::Ptr& plugin) {
  std::string out;
  Poco::JSON::Array::Ptr notes = plugin->getArray("notes");
  for (std::size_t i = 0; notes && i < notes->size(); ++i) {
    out += notes->getElement<std::string>(static_cast<unsigned>(i)) + "\n";
  }
  return out;
}

class SettingsApiTest : public ::testing::Test {
 protected:
  // The config file supplies the client id only; everything else is default.
  HostProcess host_{{testsupport::PluginPath()},
                    {std::string("host.admin.token=") + kToken,
                     "plugins.ascenda.ascenda.client_id=config-client"}};
  const std::string path_ = "/admin/plugins/ascenda/settings";
};

TEST_F(SettingsApiTest, GetShowsDefaultsConfigValuesAndSecretsAsSetOrNot) {
  testsupport::HttpReply r = host_.Get(path_, kToken);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(ParseObject(r.body)->getValue<std::string>("plugin"), "ascenda");
  auto s = SettingsByKey(r.body);
  ASSERT_EQ(s.count("ascenda.catalogue.ttl_s"), 1u) << r.body;
  EXPECT_EQ(s["ascenda.catalogue.ttl_s"]->getValue<std::string>("value"), "3600");
  EXPECT_EQ(s["ascenda.catalogue.ttl_s"]->getValue<std::string>("default"), "3600");
  EXPECT_EQ(s["ascenda.catalogue.ttl_s"]->getValue<std::string>("type"), "integer");
  EXPECT_EQ(s["ascenda.client_id"]->getValue<std::string>("value"), "config-client");
  EXPECT_TRUE(s["ascenda.client_secret"]->getValue<bool>("secret"));
  EXPECT_TRUE(s["ascenda.client_secret"]->getValue<bool>("required"));
  EXPECT_FALSE(SecretIsSet(s["ascenda.client_secret"]));
  EXPECT_EQ(AscendaHealth(host_)->getValue<std::string>("state"), "degraded");
  EXPECT_NE(NotesText(AscendaHealth(host_)).find("missing required settings"), std::string::npos);
}

TEST_F(SettingsApiTest, ValidPutIsStoredShownAndReachesThePlugin) {
  const std::string body =
      std::string(R"({"ascenda.base_url":"https://api.example.test",)") +
      R"("ascenda.client_secret":"s3cret-value","ascenda.pricing.cpp":"USD:0.01",)" +
      R"("ascenda.webhook.secrets":"whsec-1","ascenda.data_key":")" + kDataKey + R"(",)" +
      R"("ascenda.catalogue.ttl_s":600})";
  testsupport::HttpReply put = host_.Send("PUT", path_, body, kToken);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.body.find("s3cret-value"), std::string::npos);  // never shown
  auto s = SettingsByKey(host_.Get(path_, kToken).body);
  EXPECT_EQ(s["ascenda.catalogue.ttl_s"]->getValue<std::string>("value"), "600");
  EXPECT_EQ(s["ascenda.base_url"]->getValue<std::string>("value"), "https://api.example.test");
  EXPECT_EQ(s["ascenda.client_id"]->getValue<std::string>("value"), "config-client");
  EXPECT_TRUE(SecretIsSet(s["ascenda.client_secret"]));
  EXPECT_TRUE(SecretIsSet(s["ascenda.data_key"]));
  // The plugin was told without a restart: its health no longer names missing
  // settings (it now tries the unreachable api.example.test and says so).
  const std::string notes = NotesText(AscendaHealth(host_));
  EXPECT_EQ(notes.find("missing required settings"), std::string::npos) << notes;
  EXPECT_NE(notes.find("catalogue"), std::string::npos) << notes;

  // Omitting a secret keeps it.
  testsupport::HttpReply again =
      host_.Send("PUT", path_, R"({"ascenda.catalogue.ttl_s":"900"})", kToken);
  ASSERT_EQ(again.status, 200) << again.body;
  s = SettingsByKey(again.body);
  EXPECT_EQ(s["ascenda.catalogue.ttl_s"]->getValue<std::string>("value"), "900");
  EXPECT_TRUE(SecretIsSet(s["ascenda.client_secret"]));
}

TEST_F(SettingsApiTest, InvalidPutListsEveryProblemAndKeepsOldValues) {
  testsupport::HttpReply put =
      host_.Send("PUT", path_,
                 R"({"ascenda.catalogue.ttl_s":"soon","ascenda.timeout.connect_ms":5,)"
                 R"("ascenda.base_url":"not a url","ascenda.no_such_key":"x"})",
                 kToken);
  ASSERT_EQ(put.status, 422) << put.body;
  Poco::JSON::Object::Ptr o = ParseObject(put.body);
  EXPECT_EQ(o->getValue<std::string>("error"), "invalid_settings");
  std::map<std::string, int> keys;
  Poco::JSON::Array::Ptr problems = o->getArray("problems");
  ASSERT_TRUE(problems);
  for (std::size_t i = 0; i < problems->size(); ++i) {
    Poco::JSON::Object::Ptr p = problems->getObject(static_cast<unsigned>(i));
    EXPECT_FALSE(p->getValue<std::string>("message").empty());
    ++keys[p->getValue<std::string>("key")];
  }
  for (const char* key : {"ascenda.catalogue.ttl_s", "ascenda.timeout.connect_ms",
                          "ascenda.base_url", "ascenda.no_such_key", "ascenda.client_secret",
                          "ascenda.pricing.cpp", "ascenda.webhook.secrets", "ascenda.data_key"}) {
    EXPECT_GE(keys[key], 1) << key << " missing in " << put.body;
  }
  auto s = SettingsByKey(host_.Get(path_, kToken).body);
  EXPECT_EQ(s["ascenda.catalogue.ttl_s"]->getValue<std::string>("value"), "3600");
  EXPECT_EQ(s["ascenda.timeout.connect_ms"]->getValue<std::string>("value"), "3000");
  EXPECT_EQ(s["ascenda.base_url"]->getValue<std::string>("value"), "");
}

TEST_F(SettingsApiTest, NotJsonObjectIsBadRequest) {
  EXPECT_EQ(host_.Send("PUT", path_, "[1,2]", kToken).status, 400);
  EXPECT_EQ(host_.Send("PUT", path_, "{nope", kToken).status, 400);
}

TEST_F(SettingsApiTest, AdminRoutesNeedTheToken) {
  testsupport::HttpReply none = host_.Get(path_);
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(ParseObject(none.body)->getValue<std::string>("error"), "unauthenticated");
  EXPECT_EQ(host_.Get(path_, "wrong-token").status, 401);
  EXPECT_EQ(host_.Send("PUT", path_, R"({"ascenda.catalogue.ttl_s":5})", "wrong").status, 401);
  EXPECT_EQ(host_.Get("/admin/plugins/nope/settings", kToken).status, 404);
}

TEST(SettingsApiDisabledTest, EmptyTokenDisablesAdminRoutes) {
  HostProcess host({testsupport::PluginPath()}, {});
  testsupport::HttpReply r = host.Get("/admin/plugins/ascenda/settings", "anything");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(ParseObject(r.body)->getValue<std::string>("error"), "admin_disabled");
}

// Two host nodes on one PostgreSQL database: a PUT through one reaches the
// other's plugin without a restart (host.settings.reload_s), as a load
// balancer may send the operator to either.
TEST(SettingsAcrossNodesTest, APutThroughOneNodeReachesTheOther) {
  const std::string db = testsupport::FreshPostgresDatabase();
  // The nodes share the master key that seals the secret settings.
  testsupport::TempDir keys;
  const std::vector<std::string> extra = {std::string("host.admin.token=") + kToken,
                                          "host.db.connector=postgresql",
                                          "host.db.connection=" + db,
                                          "host.settings.reload_s=1",
                                          "host.secrets.key_file=" + keys.File("secrets.key"),
                                          "plugins.ascenda.ascenda.client_id=config-client"};
  HostProcess a({testsupport::PluginPath()}, extra);
  HostProcess b({testsupport::PluginPath()}, extra);
  const std::string path = "/admin/plugins/ascenda/settings";
  ASSERT_NE(NotesText(AscendaHealth(b)).find("missing required settings"), std::string::npos);

  const std::string body =
      std::string(R"({"ascenda.base_url":"https://api.example.test",)") +
      R"("ascenda.client_secret":"s3cret-value","ascenda.pricing.cpp":"USD:0.01",)" +
      R"("ascenda.webhook.secrets":"whsec-1","ascenda.data_key":")" + kDataKey + R"(",)" +
      R"("ascenda.catalogue.ttl_s":600})";
  ASSERT_EQ(a.Send("PUT", path, body, kToken).status, 200);

  // Node b's plugin is told within a reload period, with nobody asking b.
  std::string notes;
  testsupport::WaitUntil(
      [&] {
        notes = NotesText(AscendaHealth(b));
        return notes.find("missing required settings") == std::string::npos;
      },
      std::chrono::seconds(15), std::chrono::milliseconds(100));
  EXPECT_EQ(notes.find("missing required settings"), std::string::npos) << notes;
  EXPECT_NE(b.LogText().find("settings of ascenda changed in the database; plugin told"),
            std::string::npos);
  // And b's admin view shows the database's values.
  auto s = SettingsByKey(b.Get(path, kToken).body);
  EXPECT_EQ(s["ascenda.catalogue.ttl_s"]->getValue<std::string>("value"), "600");
}

}  // namespace
