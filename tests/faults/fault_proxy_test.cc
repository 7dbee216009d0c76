// The fault proxy (support/fault_proxy.h) against real peers: a local TCP
// echo server for the byte-level faults, and the real simulator over TLS for
// pass-through and a stalled handshake.
#include "support/fault_proxy.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "simulator/sim_harness.h"
#include "support/http_client.h"
#include "support/wait_until.h"

namespace testsupport {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// Echoes every byte back, one thread per connection; counts connections.
class EchoServer {
 public:
  EchoServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    EXPECT_EQ(::listen(fd_, 16), 0);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    acceptor_ = std::thread([this] { Accept(); });
  }
  ~EchoServer() {
    stop_ = true;
    acceptor_.join();
    for (auto& t : conns_) t.join();
    ::close(fd_);
  }
  std::uint16_t port() const { return port_; }
  int accepted() const { return accepted_; }

 private:
  void Accept() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) continue;
      ++accepted_;
      conns_.emplace_back([this, c] {
        char buf[4096];
        while (!stop_) {
          pollfd q{c, POLLIN, 0};
          if (::poll(&q, 1, 20) <= 0) continue;
          ssize_t n = ::recv(c, buf, sizeof buf, 0);
          if (n <= 0) break;
          if (::send(c, buf, static_cast<std::size_t>(n), MSG_NOSIGNAL) != n) break;
        }
        ::close(c);
      });
    }
  }

  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> accepted_{0};
  std::thread acceptor_;
  std::vector<std::thread> conns_;  // only the acceptor thread touches it until join
};

// A blocking client socket connected to 127.0.0.1:port; -1 with errno set on failure.
int Connect(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    int e = errno;
    ::close(fd);
    errno = e;
    return -1;
  }
  return fd;
}

struct ReadResult {
  std::string data;
  bool eof = false;
  int error = 0;  // errno of a failed recv (ECONNRESET)
};

// Reads until `want` bytes, EOF, an error or `timeout`.
ReadResult ReadFor(int fd, std::size_t want, milliseconds timeout) {
  ReadResult r;
  const auto until = steady_clock::now() + timeout;
  char buf[4096];
  while (r.data.size() < want && steady_clock::now() < until) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 10) <= 0) continue;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n < 0) {
      r.error = errno;
      return r;
    }
    if (n == 0) {
      r.eof = true;
      return r;
    }
    r.data.append(buf, static_cast<std::size_t>(n));
  }
  return r;
}

void SendText(int fd, const std::string& s) {
  ASSERT_EQ(::send(fd, s.data(), s.size(), MSG_NOSIGNAL), static_cast<ssize_t>(s.size()));
}

class FaultProxyTest : public ::testing::Test {
 protected:
  EchoServer echo_;
  FaultProxy proxy_{echo_.port()};
};

TEST_F(FaultProxyTest, PassesBytesBothWays) {
  int fd = Connect(proxy_.port());
  ASSERT_GE(fd, 0);
  SendText(fd, "hello, upstream");
  EXPECT_EQ(ReadFor(fd, 15, milliseconds(2000)).data, "hello, upstream");
  ::close(fd);
  ASSERT_TRUE(WaitUntil([&] { return proxy_.Connections().at(0).done; }, milliseconds(2000)));
  ConnectionStats s = proxy_.Connections().at(0);
  EXPECT_EQ(s.fault, ProxyFault::kPass);
  EXPECT_EQ(s.to_upstream, 15u);
  EXPECT_EQ(s.to_client, 15u);
}

TEST_F(FaultProxyTest, RefuseClosesTheListenerUntilListenAgain) {
  proxy_.Refuse();
  EXPECT_EQ(Connect(proxy_.port()), -1);
  EXPECT_EQ(errno, ECONNREFUSED);
  proxy_.Listen();
  int fd = Connect(proxy_.port());
  ASSERT_GE(fd, 0);
  SendText(fd, "back");
  EXPECT_EQ(ReadFor(fd, 4, milliseconds(2000)).data, "back");
  ::close(fd);
}

TEST_F(FaultProxyTest, ResetCutsTheAnswerAfterExactlyNBytes) {
  proxy_.Script({ProxyFault::kReset, 5});
  int fd = Connect(proxy_.port());
  ASSERT_GE(fd, 0);
  SendText(fd, "0123456789");
  ReadResult r = ReadFor(fd, 10, milliseconds(2000));
  EXPECT_EQ(r.data, "01234");
  EXPECT_EQ(r.error, ECONNRESET);  // an RST, not a FIN
  ::close(fd);
  ASSERT_TRUE(WaitUntil([&] { return proxy_.Connections().at(0).done; }, milliseconds(2000)));
  EXPECT_TRUE(proxy_.Connections().at(0).reset);
  EXPECT_EQ(proxy_.Connections().at(0).to_upstream, 10u);  // the request went through
}

TEST_F(FaultProxyTest, TrickleSendsTheAnswerOneByteAtATime) {
  FaultSpec spec{ProxyFault::kTrickle};
  spec.interval = milliseconds(50);
  proxy_.Script(spec);
  int fd = Connect(proxy_.port());
  ASSERT_GE(fd, 0);
  const auto start = steady_clock::now();
  SendText(fd, "abcdef");
  ReadResult first = ReadFor(fd, 1, milliseconds(2000));
  EXPECT_EQ(first.data, "a");
  ReadResult rest = ReadFor(fd, 5, milliseconds(3000));
  EXPECT_EQ(rest.data, "bcdef");
  EXPECT_GE(steady_clock::now() - start, milliseconds(250));  // five gaps of 50 ms
  ::close(fd);
}

TEST_F(FaultProxyTest, StallAcceptsButNeverReachesUpstreamNorAnswers) {
  proxy_.Script({ProxyFault::kStall});
  int fd = Connect(proxy_.port());
  ASSERT_GE(fd, 0);
  SendText(fd, "anyone?");
  ReadResult r = ReadFor(fd, 1, milliseconds(500));
  EXPECT_EQ(r.data, "");
  EXPECT_FALSE(r.eof);
  EXPECT_EQ(echo_.accepted(), 0);
  ::close(fd);
  ASSERT_TRUE(WaitUntil([&] { return proxy_.Connections().at(0).done; }, milliseconds(2000)));
  EXPECT_FALSE(proxy_.Connections().at(0).upstream_connected);
}

TEST_F(FaultProxyTest, HalfOpenDeliversTheRequestButNeverTheRestOfTheAnswer) {
  proxy_.Script({ProxyFault::kHalfOpen, 3});
  int fd = Connect(proxy_.port());
  ASSERT_GE(fd, 0);
  SendText(fd, "request");
  ReadResult r = ReadFor(fd, 7, milliseconds(500));
  EXPECT_EQ(r.data, "req");
  EXPECT_FALSE(r.eof);  // no FIN, no RST: silence
  EXPECT_EQ(r.error, 0);
  EXPECT_EQ(proxy_.Connections().at(0).to_upstream, 7u);
  ::close(fd);
}

TEST_F(FaultProxyTest, BandwidthLimitsTheAnswerRate) {
  FaultSpec spec{ProxyFault::kBandwidth};
  spec.bytes_per_second = 10000;
  proxy_.Script(spec);
  int fd = Connect(proxy_.port());
  ASSERT_GE(fd, 0);
  const std::string payload(5000, 'x');
  const auto start = steady_clock::now();
  SendText(fd, payload);
  ReadResult r = ReadFor(fd, payload.size(), milliseconds(5000));
  EXPECT_EQ(r.data.size(), payload.size());
  // 5,000 bytes up and down at 10,000 B/s: about a second, not instantly.
  EXPECT_GE(steady_clock::now() - start, milliseconds(800));
  ::close(fd);
}

TEST_F(FaultProxyTest, ScriptCoversTheNextConnectionsThenPasses) {
  proxy_.Script({ProxyFault::kStall}, 2);
  for (int i = 0; i < 3; ++i) {
    int fd = Connect(proxy_.port());
    ASSERT_GE(fd, 0);
    ::close(fd);
  }
  ASSERT_TRUE(WaitUntil([&] { return proxy_.accepted() == 3; }, milliseconds(2000)));
  std::vector<ConnectionStats> c = proxy_.Connections();
  EXPECT_EQ(c[0].fault, ProxyFault::kStall);
  EXPECT_EQ(c[1].fault, ProxyFault::kStall);
  EXPECT_EQ(c[2].fault, ProxyFault::kPass);
}

TEST_F(FaultProxyTest, RateFaultsAboutThatShareOfConnections) {
  proxy_.SetRate({ProxyFault::kStall}, 0.5, 7);
  for (int i = 0; i < 40; ++i) {
    int fd = Connect(proxy_.port());
    ASSERT_GE(fd, 0);
    ::close(fd);
  }
  ASSERT_TRUE(WaitUntil([&] { return proxy_.accepted() == 40; }, milliseconds(4000)));
  int stalled = 0;
  for (const ConnectionStats& c : proxy_.Connections()) stalled += c.fault == ProxyFault::kStall;
  EXPECT_GT(stalled, 8);
  EXPECT_LT(stalled, 32);
}

TEST_F(FaultProxyTest, CloseAllEndsOpenConnectionsWithAFin) {
  int fd = Connect(proxy_.port());
  ASSERT_GE(fd, 0);
  SendText(fd, "x");
  EXPECT_EQ(ReadFor(fd, 1, milliseconds(2000)).data, "x");
  proxy_.CloseAll();
  EXPECT_TRUE(ReadFor(fd, 1, milliseconds(2000)).eof);
  ::close(fd);
}

// TLS passes through as bytes: the simulator's certificate (for 127.0.0.1)
// verifies through the proxy, and a stalled handshake is a client timeout.
TEST(FaultProxyTlsTest, TlsPassesThroughAndAStalledHandshakeTimesOut) {
  auto sim = simtest::SimHarness::Start();
  const std::string base = sim->ApiUrl("");
  const auto port = static_cast<std::uint16_t>(std::stoi(base.substr(base.rfind(':') + 1)));
  FaultProxy proxy(port);
  const std::string url = "https://127.0.0.1:" + std::to_string(proxy.port()) + "/gift_cards";
  HttpReply direct = HttpCall("GET", sim->ApiUrl("/gift_cards"), "", {}, sim->ca_file(), 5000);
  HttpReply through = HttpCall("GET", url, "", {}, sim->ca_file(), 5000);
  ASSERT_GT(direct.status, 0) << direct.error;
  EXPECT_EQ(through.status, direct.status) << through.error;  // the sim's own answer
  EXPECT_EQ(through.body, direct.body);
  proxy.Script({ProxyFault::kStall});
  HttpReply stalled = HttpCall("GET", url, "", {}, sim->ca_file(), 500);
  EXPECT_EQ(stalled.status, 0);
  EXPECT_FALSE(stalled.error.empty());
  EXPECT_EQ(proxy.Connections().at(1).fault, ProxyFault::kStall);
  EXPECT_EQ(proxy.Connections().at(1).to_client, 0u);
}

}  // namespace
}  // namespace testsupport
