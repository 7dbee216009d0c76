// The host as a systemd service: the sd_notify datagram (READY=1 from the real
// host once its catalogue is served or has failed), config values read from credential files with
// ${CREDENTIALS_DIRECTORY} expanded, and --version.
#include <Poco/AutoPtr.h>
#include <Poco/Util/PropertyFileConfiguration.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <future>
#include <sstream>
#include <string>

#include "app/service_notify.h"
#include "app/service_readiness.h"
#include "config/credentials.h"
#include "config/host_config.h"
#include "host_harness.h"
#include "plugins/test_provider_base.h"
#include "support/notify_socket.h"
#include "support/paths.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace {

using testsupport::NotifySocket;

// A provider whose listing and health the test sets.
class ScriptedProvider : public testplugins::TestProviderBase {
 public:
  ScriptedProvider() : TestProviderBase("scripted") {}
  rewards::Result<rewards::CataloguePage> ListCatalogue(
      const rewards::CatalogueQuery&) noexcept override {
    if (listing.ok()) return rewards::CataloguePage{};
    return listing;
  }
  rewards::Health GetHealth() const noexcept override { return health; }
  rewards::Status listing =
      rewards::Status(rewards::StatusCode::kUnavailable, "catalogue_unavailable", "not loaded yet");
  rewards::Health health;
};

void ProbeAnswerIs(const loyalty::ProbeAnswer& answer, loyalty::CatalogueProbe state,
                   const std::string& why) {
  EXPECT_EQ(answer.state, state);
  EXPECT_EQ(answer.why, why);
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

TEST(ServiceNotifyTest, SendsTheStateAsOneDatagram) {
  testsupport::TempDir dir;
  NotifySocket socket(dir.File("notify"));
  ASSERT_TRUE(socket.bound());
  ASSERT_TRUE(loyalty::NotifyServiceManager(dir.File("notify"), "READY=1\nSTATUS=x").ok());
  EXPECT_EQ(socket.Receive(), "READY=1\nSTATUS=x");
}

TEST(ServiceNotifyTest, AbstractSocketNameStartsWithAt) {
  const std::string name = "@loyalty-notify-test-" + std::to_string(::getpid());
  NotifySocket socket(name);
  ASSERT_TRUE(socket.bound());
  ASSERT_TRUE(loyalty::NotifyServiceManager(name, "READY=1").ok());
  EXPECT_EQ(socket.Receive(), "READY=1");
}

TEST(ServiceNotifyTest, NoSocketSendsNothingAndIsOk) {
  EXPECT_TRUE(loyalty::NotifyServiceManager("", "READY=1").ok());
}

TEST(ServiceNotifyTest, MissingSocketIsUnavailable) {
  testsupport::TempDir dir;
  rewards::Status s = loyalty::NotifyServiceManager(dir.File("absent"), "READY=1");
  EXPECT_EQ(s.code(), rewards::StatusCode::kUnavailable);
  EXPECT_EQ(s.error(), "notify_failed");
}

TEST(ServiceNotifyTest, RealHostSendsReadyOnceServing) {
  testsupport::TempDir dir;
  NotifySocket socket(dir.File("notify"));
  ASSERT_TRUE(socket.bound());
  ::setenv("NOTIFY_SOCKET", dir.File("notify").c_str(), 1);
  hosttest::HostProcess host({testsupport::PluginPath()}, {});
  ::unsetenv("NOTIFY_SOCKET");
  // Without its settings the plugin is not healthy: its catalogue has failed.
  EXPECT_EQ(
      socket.Receive().rfind("READY=1\nSTATUS=catalogue failed: missing required settings", 0), 0u);
  EXPECT_EQ(host.Get("/healthz").status, 200);
  EXPECT_EQ(host.process().Terminate(), 0);
  EXPECT_EQ(socket.Receive(), "STOPPING=1");
}

TEST(ServiceReadinessTest, ServedWhenTheListingAnswers) {
  ScriptedProvider provider;
  provider.listing = rewards::Status::Ok();
  ProbeAnswerIs(loyalty::ProbeCatalogue(&provider), loyalty::CatalogueProbe::kServed,
                "catalogue served");
}

TEST(ServiceReadinessTest, PendingWhileNotLoadedAndHealthy) {
  ScriptedProvider provider;
  ProbeAnswerIs(loyalty::ProbeCatalogue(&provider), loyalty::CatalogueProbe::kPending,
                "catalogue loading");
}

TEST(ServiceReadinessTest, PendingWhileHealthRepeatsTheListingsReason) {
  ScriptedProvider provider;
  provider.health = {rewards::HealthState::kDegraded, {"catalogue unavailable: not loaded yet"}};
  EXPECT_EQ(loyalty::ProbeCatalogue(&provider).state, loyalty::CatalogueProbe::kPending);
}

TEST(ServiceReadinessTest, FailedWhenHealthHasAnotherNote) {
  ScriptedProvider provider;
  provider.health = {rewards::HealthState::kDegraded, {"catalogue refresh failing"}};
  ProbeAnswerIs(loyalty::ProbeCatalogue(&provider), loyalty::CatalogueProbe::kFailed,
                "catalogue failed: catalogue refresh failing");
}

TEST(ServiceReadinessTest, FailedWhenTheListingAnswersAnotherError) {
  ScriptedProvider provider;
  provider.listing = rewards::Status(rewards::StatusCode::kFailedPrecondition, "x", "y");
  EXPECT_EQ(loyalty::ProbeCatalogue(&provider).state, loyalty::CatalogueProbe::kFailed);
}

TEST(ServiceReadinessTest, FailedWithoutProvider) {
  rewards::Result<rewards::RewardsProvider*> none =
      rewards::Status(rewards::StatusCode::kUnavailable, "no_provider", "no plugin loaded");
  ProbeAnswerIs(loyalty::ProbeCatalogue(none), loyalty::CatalogueProbe::kFailed,
                "no plugin loaded");
}

TEST(ServiceReadinessTest, NotifiesOnceThePendingProbeEnds) {
  std::atomic<int> probes{0};
  std::promise<std::string> sent;
  loyalty::ReadinessNotifier notifier(
      [&probes] {
        return ++probes < 3 ? loyalty::ProbeAnswer{loyalty::CatalogueProbe::kPending, "loading"}
                            : loyalty::ProbeAnswer{loyalty::CatalogueProbe::kServed, "served"};
      },
      [&sent](const std::string& state) { sent.set_value(state); }, std::chrono::seconds(20));
  EXPECT_EQ(sent.get_future().get(), "READY=1\nSTATUS=served");
  EXPECT_EQ(probes.load(), 3);
}

TEST(ServiceReadinessTest, GivesUpWaitingAfterTheLimit) {
  std::promise<std::string> sent;
  loyalty::ReadinessNotifier notifier(
      [] {
        return loyalty::ProbeAnswer{loyalty::CatalogueProbe::kPending, "loading"};
      },
      [&sent](const std::string& state) { sent.set_value(state); }, std::chrono::seconds(0));
  EXPECT_EQ(sent.get_future().get(), "READY=1\nSTATUS=catalogue not served after 0 s");
}

Poco::AutoPtr<Poco::Util::AbstractConfiguration> Properties(const std::string& text) {
  std::istringstream in(text);
  return new Poco::Util::PropertyFileConfiguration(in);
}

TEST(CredentialsTest, TokenFileUnderCredentialsDirectoryIsRead) {
  testsupport::TempDir dir;
  WriteFile(dir.File("admin-token"), "s3cret-token\n");
  auto config = loyalty::WithCredentialsDirectory(
      Properties("host.admin.token_file = ${CREDENTIALS_DIRECTORY}/admin-token\n"),
      dir.path().c_str());
  rewards::Result<loyalty::HostConfig> cfg = loyalty::ReadHostConfig(*config);
  ASSERT_TRUE(cfg.ok()) << cfg.status().ToString();
  EXPECT_EQ(cfg.value().admin_token, "s3cret-token");
}

TEST(CredentialsTest, WithoutCredentialsDirectoryTheFileIsNotFound) {
  auto config = loyalty::WithCredentialsDirectory(
      Properties("host.admin.token_file = ${CREDENTIALS_DIRECTORY}/admin-token\n"), nullptr);
  rewards::Result<loyalty::HostConfig> cfg = loyalty::ReadHostConfig(*config);
  ASSERT_FALSE(cfg.ok());
  EXPECT_EQ(cfg.status().message(),
            "host.admin.token_file: cannot read ${CREDENTIALS_DIRECTORY}/admin-token");
}

TEST(CredentialsTest, TokenAndTokenFileTogetherAreRefused) {
  testsupport::TempDir dir;
  WriteFile(dir.File("t"), "x");
  auto config = Properties("host.admin.token = a\nhost.admin.token_file = " + dir.File("t") + "\n");
  rewards::Result<loyalty::HostConfig> cfg = loyalty::ReadHostConfig(*config);
  ASSERT_FALSE(cfg.ok());
  EXPECT_EQ(cfg.status().message(),
            "host.admin.token: set host.admin.token or host.admin.token_file, not both");
}

TEST(CredentialsTest, EmptyTokenFileIsRefused) {
  testsupport::TempDir dir;
  WriteFile(dir.File("t"), "\n");
  auto config = Properties("host.admin.token_file = " + dir.File("t") + "\n");
  rewards::Result<loyalty::HostConfig> cfg = loyalty::ReadHostConfig(*config);
  ASSERT_FALSE(cfg.ok());
  EXPECT_EQ(cfg.status().message(), "host.admin.token_file: " + dir.File("t") + " is empty");
}

TEST(CredentialsTest, RealHostTakesAdminTokenFromCredential) {
  testsupport::TempDir creds;
  WriteFile(creds.File("admin-token"), "from-credential\n");
  ::setenv("CREDENTIALS_DIRECTORY", creds.path().c_str(), 1);
  hosttest::HostProcess host({testsupport::PluginPath()},
                             {"host.admin.token_file=${CREDENTIALS_DIRECTORY}/admin-token"});
  ::unsetenv("CREDENTIALS_DIRECTORY");
  EXPECT_EQ(host.Get("/admin/plugins/ascenda/settings", "from-credential").status, 200);
  EXPECT_EQ(host.Get("/admin/plugins/ascenda/settings", "wrong").status, 401);
}

TEST(VersionTest, PrintsProjectAndAbiVersions) {
  testsupport::TempDir dir;
  auto p = testsupport::ChildProcess::Start(testsupport::BinaryPath("loyalty-host"), {"--version"},
                                            dir.File("out.log"));
  EXPECT_EQ(p->Wait(), 0);
  EXPECT_EQ(p->Log(), std::string("loyalty-host ") + PROJECT_VERSION_STRING + " (host-api ABI " +
                          REWARDS_ABI_VERSION_STRING + ")\n");
}

}  // namespace
