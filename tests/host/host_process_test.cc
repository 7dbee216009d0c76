// The real loyalty-host binary with the real Ascenda plugin and the whole
// broken-plugin corpus in its plugins folder: each broken plugin is refused
// with a line naming why, and the host keeps serving.
#include <gtest/gtest.h>

#include <csignal>
#include <map>
#include <sstream>
#include <string>

#include "host_harness.h"
#include "support/paths.h"

namespace {

using hosttest::CorpusPlugin;
using hosttest::HostProcess;
using hosttest::ParseObject;

// Broken corpus plugin -> the error code the host must name.
const std::map<std::string, std::string> kBroken = {
    {"missing_entry", "missing_entry_symbol"},
    {"wrong_major", "abi_major_mismatch"},
    {"newer_minor", "abi_minor_newer"},
    {"fingerprint_mismatch", "fingerprint_mismatch"},
    {"create_throws", "create_threw"},
    {"create_null", "create_failed"},
    {"route_clash", "route_clash"},
};

std::vector<std::string> AllPlugins() {
  std::vector<std::string> out = {testsupport::PluginPath(), CorpusPlugin("good_test_plugin")};
  for (const auto& [name, error] : kBroken) out.push_back(CorpusPlugin(name));
  return out;
}

class HostProcessTest : public ::testing::Test {
 protected:
  HostProcess host_{AllPlugins(),
                    {"host.admin.token=admin-token", "host.rewards.provider=ascenda"}};
};

TEST_F(HostProcessTest, HealthListsLoadedAndRefusedPlugins) {
  testsupport::HttpReply r = host_.Get("/healthz");
  ASSERT_EQ(r.status, 200) << r.error << r.body;
  Poco::JSON::Object::Ptr health = ParseObject(r.body);
  EXPECT_EQ(health->getValue<std::string>("status"), "degraded");
  std::map<std::string, std::string> loaded;
  Poco::JSON::Array::Ptr plugins = health->getArray("plugins");
  for (std::size_t i = 0; i < plugins->size(); ++i) {
    Poco::JSON::Object::Ptr p = plugins->getObject(static_cast<unsigned>(i));
    loaded[p->getValue<std::string>("name")] = p->getValue<std::string>("state");
  }
  EXPECT_EQ(loaded.size(), 2u) << r.body;
  EXPECT_EQ(loaded.count("ascenda"), 1u) << r.body;
  EXPECT_EQ(loaded.count("good_test"), 1u) << r.body;
  Poco::JSON::Array::Ptr refused = health->getArray("refused_plugins");
  ASSERT_EQ(refused->size(), kBroken.size()) << r.body;
  std::map<std::string, std::string> errors;
  for (std::size_t i = 0; i < refused->size(); ++i) {
    Poco::JSON::Object::Ptr p = refused->getObject(static_cast<unsigned>(i));
    const std::string file = p->getValue<std::string>("file");
    errors[file.substr(file.rfind('/') + 1)] = p->getValue<std::string>("error");
    EXPECT_FALSE(p->getValue<std::string>("message").empty());
  }
  for (const auto& [name, error] : kBroken) {
    EXPECT_EQ(errors["lib" + name + ".so"], error) << name;
  }
}

TEST_F(HostProcessTest, LogHasOneRefusalLinePerBrokenPlugin) {
  const std::string log = host_.LogText();
  for (const auto& [name, error] : kBroken) {
    const std::string file = host_.dir().File("plugins/lib" + name + ".so");
    const std::string expected = "plugin refused: " + file + ": " + error + ": ";
    std::istringstream lines(log);
    std::string line;
    int count = 0;
    while (std::getline(lines, line)) {
      if (line.find("plugin refused: " + file + ":") != std::string::npos) {
        ++count;
        EXPECT_NE(line.find(expected), std::string::npos) << line;
      }
    }
    EXPECT_EQ(count, 1) << name << "\n" << log;
  }
  EXPECT_NE(log.find("abi_major_mismatch: plugin ABI 2.0, host ABI 1.2: major versions differ"),
            std::string::npos)
      << log;
}

TEST_F(HostProcessTest, KeepsServingAfterRefusals) {
  testsupport::HttpReply created = host_.Send(
      "POST", "/admin/members",
      R"({"id":"m-1","email":"ann@example.com","first_name":"Ann","last_name":"Lee","points":100,)"
      R"("password":"member-password-1"})",
      "admin-token");
  EXPECT_EQ(created.status, 201) << created.body;
  testsupport::HttpReply member =
      host_.Get("/api/members/m-1", testsupport::SignIn(host_.Url(""), "m-1", "member-password-1"));
  EXPECT_EQ(member.status, 200);
  EXPECT_EQ(ParseObject(member.body)->getValue<Poco::Int64>("balance"), 100);
  // The clashing plugin's other route was removed with it.
  EXPECT_EQ(host_.Get("/route-clash/ok").status, 404);
  // The good plugin's route is served at exactly its path.
  EXPECT_EQ(host_.Get("/good-test/state").status, 200);
}

TEST_F(HostProcessTest, SigtermStopsCleanly) {
  host_.process().Kill(SIGTERM);
  EXPECT_EQ(host_.process().Wait(), 0);
  EXPECT_NE(host_.LogText().find("stopped"), std::string::npos);
}

}  // namespace
