// Operator accounts, the audit log and sealed secret settings, against the
// real host process (good_test plugin, whose good.token is a secret) on
// SQLite, restarted on the same folder: `--add-operator` from standard input,
// operator sessions and CSRF, audit entries with secrets masked, secrets
// sealed in the database file and its WAL, a restart that reads them, refusals
// without the key file or with a loose one, and key rotation.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "auth/crypto_util.h"
#include "db/host_database.h"
#include "host_harness.h"
#include "secrets/secret_box.h"
#include "support/paths.h"
#include "support/ports.h"

namespace {

using hosttest::CorpusPlugin;
using hosttest::ParseObject;
using testsupport::HttpCall;
using testsupport::HttpReply;

constexpr char kToken[] = "operators-admin-token";
constexpr char kSecret[] = "s3cr3t-token-value-7f3a";
constexpr char kOperatorPassword[] = "operator password 1234";

std::string FileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// One host folder (config, SQLite, key file), started and stopped at will.
class HostFolder {
 public:
  HostFolder() : port_(testsupport::FreeTcpPort()) {
    std::filesystem::create_directories(dir_.File("plugins"));
    std::filesystem::create_symlink(CorpusPlugin("good_test_plugin"),
                                    dir_.File("plugins/libgood_test_plugin.so"));
  }
  ~HostFolder() { Stop(); }

  std::string File(const std::string& name) const { return dir_.File(name); }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::string Config(const std::vector<std::string>& extra) {
    const std::string path = dir_.File("host.properties");
    std::ofstream out(path);
    out << "host.http.port=" << port_ << "\nhost.db.connection=" << dir_.File("var/host.db")
        << "\nhost.plugins.dir=" << dir_.File("plugins")
        << "\nhost.log.file=" << dir_.File("host.log") << "\nhost.admin.token=" << kToken << "\n";
    for (const std::string& line : extra) out << line << "\n";
    return path;
  }
  // Starts with `extra` config lines; false when it exits instead of serving.
  bool Start(const std::vector<std::string>& extra = {}) {
    const std::string config = Config(extra);
    process_ = testsupport::ChildProcess::Start(testsupport::BinaryPath("loyalty-host"),
                                                {"--config=" + config},
                                                dir_.File("stdout-" + std::to_string(++starts_)));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      if (!process_->Running()) return false;
      if (HttpCall("GET", Url("/healthz"), "", {}, "", 500).status == 200) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }
  void Stop() {
    if (process_) process_->Terminate(5000);
    process_.reset();
  }
  std::string Output() const { return process_ ? process_->Log() : ""; }
  HttpReply Admin(const std::string& method, const std::string& path,
                  const std::string& body = "") const {
    return HttpCall(
        method, Url(path), body,
        {{"Authorization", std::string("Bearer ") + kToken}, {"Content-Type", "application/json"}});
  }
  std::string DatabaseBytes() const {
    return FileText(dir_.File("var/host.db")) + FileText(dir_.File("var/host.db-wal"));
  }
  // `loyalty-host --add-operator=NAME` with `password` on standard input.
  int AddOperator(const std::string& name, const std::string& password) {
    const std::string config = Config({});
    const std::string command = "printf '%s\\n' '" + password + "' | '" +
                                testsupport::BinaryPath("loyalty-host") + "' --config='" + config +
                                "' --add-operator='" + name + "' >> '" + dir_.File("cli.log") +
                                "' 2>&1";
    const int rc = std::system(command.c_str());
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  }

 private:
  testsupport::TempDir dir_;
  int port_;
  int starts_ = 0;
  std::unique_ptr<testsupport::ChildProcess> process_;
};

Poco::JSON::Array::Ptr AuditEntries(const HostFolder& host, const std::string& query = "") {
  HttpReply r = host.Admin("GET", "/admin/audit" + query);
  EXPECT_EQ(r.status, 200) << r.body;
  return ParseObject(r.body)->getArray("data");
}

TEST(OperatorTest, OperatorAddedFromTheCommandLineSignsInActsAndIsAudited) {
  HostFolder host;
  EXPECT_NE(host.AddOperator("olga", "short"), 0);
  ASSERT_EQ(host.AddOperator("olga", kOperatorPassword), 0) << FileText(host.File("cli.log"));
  ASSERT_TRUE(host.Start()) << host.Output();
  const std::string sign_in =
      std::string(R"({"name":"olga","password":")") + kOperatorPassword + R"("})";
  EXPECT_EQ(
      HttpCall("POST", host.Url("/admin/session"), R"({"name":"olga","password":"nope"})").status,
      401);
  HttpReply opened = HttpCall("POST", host.Url("/admin/session"), sign_in);
  ASSERT_EQ(opened.status, 200) << opened.body;
  const std::string token = ParseObject(opened.body)->getValue<std::string>("token");
  EXPECT_EQ(opened.headers["set-cookie"].rfind("lh_admin=" + token + ";", 0), 0u);
  // A member session is not an operator session, nor the reverse.
  EXPECT_EQ(HttpCall("GET", host.Url("/api/me"), "", {{"Authorization", "Bearer " + token}}).status,
            401);
  const std::string member = R"({"id":"m-1","email":"m@example.com","first_name":"M",)"
                             R"("last_name":"N","password":"member password 1"})";
  HttpReply created =
      HttpCall("POST", host.Url("/admin/members"), member, {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(created.status, 201) << created.body;
  const std::map<std::string, std::string> cookie = {{"Cookie", "lh_admin=" + token}};
  HttpReply no_marker = HttpCall("PUT", host.Url("/admin/plugins/good_test/settings"),
                                 R"({"good.greeting":"hey"})", cookie);
  EXPECT_EQ(no_marker.status, 403);
  std::map<std::string, std::string> with_marker = cookie;
  with_marker["X-Requested-With"] = "fetch";
  EXPECT_EQ(HttpCall("PUT", host.Url("/admin/plugins/good_test/settings"),
                     R"({"good.greeting":"hey","good.token":"t-1"})", with_marker)
                .status,
            200);
  EXPECT_EQ(HttpCall("GET", host.Url("/admin/plugins/good_test/settings"), "", cookie).status, 200);
  Poco::JSON::Array::Ptr audit = AuditEntries(host);
  ASSERT_EQ(audit->size(), 3u);
  EXPECT_EQ(audit->getObject(0)->getValue<std::string>("action"), "settings.update");
  EXPECT_EQ(audit->getObject(0)->getValue<std::string>("actor"), "olga");
  EXPECT_EQ(audit->getObject(1)->getValue<std::string>("action"), "member.create");
  EXPECT_EQ(audit->getObject(1)->getValue<std::string>("actor"), "olga");
  EXPECT_EQ(audit->getObject(2)->getValue<std::string>("action"), "operator.add");
  EXPECT_EQ(audit->getObject(2)->getValue<std::string>("actor"), "cli");
  HttpReply out =
      HttpCall("DELETE", host.Url("/admin/session"), "", {{"Cookie", "lh_admin=" + token}});
  EXPECT_EQ(out.status, 200);
  EXPECT_EQ(
      HttpCall("GET", host.Url("/admin/audit"), "", {{"Authorization", "Bearer " + token}}).status,
      401);
}

TEST(AuditTest, SettingsChangeIsListedNewestFirstWithTheSecretMasked) {
  HostFolder host;
  ASSERT_TRUE(host.Start()) << host.Output();
  ASSERT_EQ(host.Admin("PUT", "/admin/plugins/good_test/settings",
                       std::string(R"({"good.token":")") + kSecret + R"(","good.greeting":"hi"})")
                .status,
            200);
  HttpReply listed = host.Admin("GET", "/admin/audit?page=1&page_size=1");
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.body.find(kSecret), std::string::npos);
  Poco::JSON::Object::Ptr entry = ParseObject(listed.body)->getArray("data")->getObject(0);
  EXPECT_EQ(entry->getValue<std::string>("actor"), "token");
  EXPECT_EQ(entry->getValue<std::string>("action"), "settings.update");
  EXPECT_EQ(entry->getValue<std::string>("target"), "good_test");
  EXPECT_EQ(entry->getObject("before")->getValue<std::string>("good.token"), "");
  EXPECT_EQ(entry->getObject("before")->getValue<std::string>("good.greeting"), "hello");
  EXPECT_EQ(entry->getObject("after")->getValue<std::string>("good.token"), "********");
  EXPECT_EQ(entry->getObject("after")->getValue<std::string>("good.greeting"), "hi");
  EXPECT_EQ(ParseObject(listed.body)->getObject("meta")->getValue<int>("total_count"), 1);
  EXPECT_EQ(HttpCall("GET", host.Url("/admin/audit")).status, 401);
  EXPECT_EQ(host.Admin("GET", "/admin/audit?page_size=0").status, 400);
}

class SealedSecretsTest : public ::testing::Test {
 protected:
  void StoreSecret() {
    ASSERT_TRUE(host_.Start()) << host_.Output();
    ASSERT_EQ(host_
                  .Admin("PUT", "/admin/plugins/good_test/settings",
                         std::string(R"({"good.token":")") + kSecret + R"("})")
                  .status,
              200);
    host_.Stop();
  }
  bool TokenSet() {
    HttpReply state = HttpCall("GET", host_.Url("/good-test/state"));
    return ParseObject(state.body)->getValue<bool>("token_set");
  }

  HostFolder host_;
};

TEST_F(SealedSecretsTest, SecretIsSealedInTheFileAndItsWalAndReadAfterARestart) {
  StoreSecret();
  const std::string bytes = host_.DatabaseBytes();
  EXPECT_EQ(bytes.find(kSecret), std::string::npos);
  EXPECT_NE(bytes.find("sealed:v1:"), std::string::npos);
  struct stat st {};
  ASSERT_EQ(::stat(host_.File("var/secrets.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_TRUE(host_.Start()) << host_.Output();
  EXPECT_TRUE(TokenSet());
  HttpReply shown = host_.Admin("GET", "/admin/plugins/good_test/settings");
  EXPECT_NE(shown.body.find(R"("key":"good.token")"), std::string::npos);
  EXPECT_EQ(shown.body.find(kSecret), std::string::npos);
}

TEST_F(SealedSecretsTest, StartWithoutTheKeyFileRefusesNamingIt) {
  StoreSecret();
  std::filesystem::remove(host_.File("var/secrets.key"));
  EXPECT_FALSE(host_.Start());
  const std::string said = FileText(host_.File("host.log")) + host_.Output();
  EXPECT_NE(said.find("host.secrets.key_file"), std::string::npos) << said;
  EXPECT_FALSE(std::filesystem::exists(host_.File("var/secrets.key")));  // not made anew
}

TEST_F(SealedSecretsTest, KeyFileReadableByOthersRefusesNamingIt) {
  StoreSecret();
  ASSERT_EQ(::chmod(host_.File("var/secrets.key").c_str(), 0644), 0);
  EXPECT_FALSE(host_.Start());
  const std::string said = FileText(host_.File("host.log")) + host_.Output();
  EXPECT_NE(said.find("host.secrets.key_file"), std::string::npos) << said;
  EXPECT_NE(said.find("group or others"), std::string::npos) << said;
}

TEST_F(SealedSecretsTest, RotationOpensOldValuesAndSealsAgainUnderTheNewKey) {
  StoreSecret();
  const std::string old_id = loyalty::SecretBox::KeyIdOf(
      host_.DatabaseBytes().substr(host_.DatabaseBytes().find("sealed:v1:"), 60));
  ASSERT_FALSE(old_id.empty());
  // The operator makes the new key and names the old one.
  const std::string new_key = host_.File("new.key");
  {
    std::ofstream out(new_key);
    out << loyalty::ToBase64(*loyalty::RandomBytes(32)) << "\n";
  }
  ASSERT_EQ(::chmod(new_key.c_str(), 0600), 0);
  const std::string new_id = loyalty::SecretBox::KeyId(
      *loyalty::FromBase64(FileText(new_key).substr(0, FileText(new_key).size() - 1)));
  EXPECT_FALSE(host_.Start({"host.secrets.key_file=" + new_key}));  // old values unopenable
  ASSERT_TRUE(host_.Start({"host.secrets.key_file=" + new_key,
                           "host.secrets.previous_key_files=" + host_.File("var/secrets.key")}))
      << host_.Output();
  EXPECT_TRUE(TokenSet());
  host_.Stop();
  // The start sealed the stored secret again under the new key: the old key
  // file is no longer needed.
  EXPECT_EQ(host_.DatabaseBytes().find("sealed:v1:" + old_id), std::string::npos);
  EXPECT_NE(host_.DatabaseBytes().find("sealed:v1:" + new_id), std::string::npos);
  ASSERT_TRUE(host_.Start({"host.secrets.key_file=" + new_key})) << host_.Output();
  EXPECT_TRUE(TokenSet());
  HttpReply shown = host_.Admin("GET", "/admin/plugins/good_test/settings");
  EXPECT_NE(shown.body.find(R"("value":{"set":true})"), std::string::npos) << shown.body;
  EXPECT_NE(new_id, old_id);
}

TEST_F(SealedSecretsTest, ValuesFromTheConfigFileAreNeverCopiedIntoTheDatabase) {
  const std::string from_config = "token-from-the-config-file-91c2";
  ASSERT_TRUE(host_.Start({"plugins.good_test.good.token=" + from_config})) << host_.Output();
  EXPECT_TRUE(TokenSet());
  ASSERT_EQ(
      host_.Admin("PUT", "/admin/plugins/good_test/settings", R"({"good.greeting":"hey"})").status,
      200);
  host_.Stop();
  EXPECT_EQ(host_.DatabaseBytes().find(from_config), std::string::npos);
  EXPECT_EQ(host_.DatabaseBytes().find("sealed:v1:"), std::string::npos);
}

TEST_F(SealedSecretsTest, ASecretStoredInClearBeforeSealingIsSealedAtStart) {
  StoreSecret();
  {
    auto db = loyalty::HostDatabase::Open("sqlite", host_.File("var/host.db"), 1);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db.value()
                    ->RunInTransaction([](Poco::Data::Session& tx) {
                      tx << "UPDATE plugin_settings SET value = 'clear-token-from-old-db-5e1' "
                            "WHERE key = 'good.token'",
                          Poco::Data::Keywords::now;
                      return rewards::Status::Ok();
                    })
                    .ok());
    db.value()->Close();
  }
  ASSERT_TRUE(host_.Start()) << host_.Output();
  EXPECT_TRUE(TokenSet());
  host_.Stop();
  EXPECT_EQ(host_.DatabaseBytes().find("clear-token-from-old-db-5e1"), std::string::npos);
}

TEST(SecretBoxTest, SealsOpensAndRefusesTheWrongRowKeyOrBytes) {
  const std::string k1(32, '\x01'), k2(32, '\x02');
  loyalty::SecretBox old_box(k1, {});
  auto sealed = old_box.Seal("value", "p/key");
  ASSERT_TRUE(sealed.ok());
  EXPECT_TRUE(loyalty::SecretBox::IsSealed(sealed.value()));
  EXPECT_EQ(loyalty::SecretBox::KeyIdOf(sealed.value()), old_box.current_key_id());
  EXPECT_EQ(old_box.Open(sealed.value(), "p/key").value(), "value");
  EXPECT_FALSE(old_box.Open(sealed.value(), "p/other").ok());
  std::string altered = sealed.value();
  altered[altered.size() - 3] = altered[altered.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(old_box.Open(altered, "p/key").ok());
  loyalty::SecretBox rotated(k2, {k1});
  EXPECT_EQ(rotated.Open(sealed.value(), "p/key").value(), "value");
  EXPECT_NE(loyalty::SecretBox::KeyIdOf(rotated.Seal("value", "p/key").value()),
            old_box.current_key_id());
  EXPECT_FALSE(loyalty::SecretBox(k2, {}).Open(sealed.value(), "p/key").ok());
  EXPECT_EQ(old_box.Open(old_box.Seal("", "p/key").value(), "p/key").value(), "");
}

}  // namespace
