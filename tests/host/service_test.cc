// The host as a systemd service: the sd_notify datagram (READY=1 from the real
// host once it serves), config values read from credential files with
// ${CREDENTIALS_DIRECTORY} expanded, and --version.
#include <Poco/AutoPtr.h>
#include <Poco/Util/PropertyFileConfiguration.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "app/service_notify.h"
#include "config/credentials.h"
#include "config/host_config.h"
#include "host_harness.h"
#include "support/paths.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace {

// A bound AF_UNIX datagram socket standing in for systemd's notify socket.
class NotifySocket {
 public:
  explicit NotifySocket(const std::string& path) : path_(path) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, path.data(), path.size());
    if (path[0] == '@') addr.sun_path[0] = '\0';
    const socklen_t len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size());
    bound_ = ::bind(fd_, reinterpret_cast<const sockaddr*>(&addr), len) == 0;
    timeval timeout{20, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  }
  ~NotifySocket() { ::close(fd_); }
  bool bound() const { return bound_; }
  // The next datagram, or "" after 20 s.
  std::string Receive() {
    char buf[4096];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
  }

 private:
  std::string path_;
  int fd_ = -1;
  bool bound_ = false;
};

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
  EXPECT_EQ(socket.Receive(), "READY=1\nSTATUS=serving");
  EXPECT_EQ(host.Get("/healthz").status, 200);
  EXPECT_EQ(host.process().Terminate(), 0);
  EXPECT_EQ(socket.Receive(), "STOPPING=1");
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
