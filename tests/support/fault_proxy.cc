#include "support/fault_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace testsupport {

namespace {

constexpr int kPollMs = 20;

sockaddr_in Loopback(std::uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

bool SendAll(int fd, const char* data, std::size_t n) {
  while (n > 0) {
    ssize_t w = ::send(fd, data, n, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    data += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

// A peer that stops reading must not hold a relay thread forever.
void SetSendTimeout(int fd) {
  timeval tv{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

// Close with an RST instead of a FIN.
void ResetClose(int fd) {
  linger l{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
  ::close(fd);
}

}  // namespace

const char* ProxyFaultName(ProxyFault fault) {
  switch (fault) {
    case ProxyFault::kPass:
      return "pass";
    case ProxyFault::kStall:
      return "stall";
    case ProxyFault::kHalfOpen:
      return "half_open";
    case ProxyFault::kReset:
      return "reset";
    case ProxyFault::kTrickle:
      return "trickle";
    case ProxyFault::kBandwidth:
      return "bandwidth";
  }
  return "?";
}

struct FaultProxy::Conn {
  int client = -1;
  int upstream = -1;
  FaultSpec spec;
  std::atomic<bool> closing{false};
  mutable std::mutex mu;
  ConnectionStats stats;  // guarded by mu
};

FaultProxy::FaultProxy(std::uint16_t upstream_port) : upstream_port_(upstream_port) {
  OpenListener();
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

FaultProxy::~FaultProxy() {
  stop_ = true;
  acceptor_.join();
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lock(mu_);
    threads.swap(threads_);
  }
  for (std::thread& t : threads) t.join();
  int fd = listen_fd_.exchange(-1);
  if (fd >= 0) ::close(fd);
  std::lock_guard<std::mutex> lock(mu_);
  if (held_fd_ >= 0) ::close(held_fd_);
  held_fd_ = -1;
}

void FaultProxy::OpenListener() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("fault proxy: socket failed");
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a = Loopback(port_);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd, 128) != 0) {
    ::close(fd);
    throw std::runtime_error(std::string("fault proxy: cannot listen: ") + std::strerror(errno));
  }
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
  listen_fd_ = fd;
}

void FaultProxy::Refuse() {
  std::lock_guard<std::mutex> lock(mu_);
  int fd = listen_fd_.exchange(-1);
  // The acceptor polls with a timeout and re-reads listen_fd_ each round; it
  // may still be inside poll() on this descriptor, and while it is, close()
  // alone would leave the socket listening (poll holds it): shutdown() stops
  // the listening at once, so a connect is refused from now on.
  if (fd >= 0) {
    ::shutdown(fd, SHUT_RDWR);
    ::close(fd);
  }
  if (held_fd_ >= 0) return;
  held_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (held_fd_ < 0) return;  // the port is then merely free
  int one = 1;
  ::setsockopt(held_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a = Loopback(port_);
  if (::bind(held_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(held_fd_);
    held_fd_ = -1;
  }
}

void FaultProxy::Listen() {
  std::lock_guard<std::mutex> lock(mu_);
  if (listen_fd_ >= 0) return;
  if (held_fd_ >= 0) {
    const int held = held_fd_;
    held_fd_ = -1;
    if (::listen(held, 128) == 0) {
      listen_fd_ = held;
      return;
    }
    ::close(held);
  }
  OpenListener();
}

void FaultProxy::CloseAll() {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& c : conns_) c->closing = true;
}

void FaultProxy::Script(const FaultSpec& spec, int connections) {
  std::lock_guard<std::mutex> lock(mu_);
  for (int i = 0; i < connections; ++i) script_.push_back(spec);
}

void FaultProxy::SetRate(const FaultSpec& spec, double rate, std::uint32_t seed) {
  std::lock_guard<std::mutex> lock(mu_);
  rate_spec_ = spec;
  rate_ = rate;
  rng_.seed(seed);
}

std::vector<ConnectionStats> FaultProxy::Connections() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<ConnectionStats> out;
  for (const auto& c : conns_) {
    std::lock_guard<std::mutex> conn_lock(c->mu);
    out.push_back(c->stats);
  }
  return out;
}

int FaultProxy::accepted() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int>(conns_.size());
}

FaultSpec FaultProxy::NextSpec() {
  if (!script_.empty()) {
    FaultSpec spec = script_.front();
    script_.pop_front();
    return spec;
  }
  if (rate_ > 0 && std::uniform_real_distribution<double>(0, 1)(rng_) < rate_) return rate_spec_;
  return FaultSpec{};
}

void FaultProxy::AcceptLoop() {
  while (!stop_) {
    int fd;
    {
      std::lock_guard<std::mutex> lock(mu_);
      fd = listen_fd_;
    }
    if (fd < 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(kPollMs));
      continue;
    }
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, kPollMs) <= 0 || !(p.revents & POLLIN)) continue;
    std::lock_guard<std::mutex> lock(mu_);
    if (listen_fd_ != fd) continue;  // refused meanwhile
    int client = ::accept4(fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    SetSendTimeout(client);
    auto conn = std::make_shared<Conn>();
    conn->client = client;
    conn->spec = NextSpec();
    conn->stats.fault = conn->spec.fault;
    conns_.push_back(conn);
    threads_.emplace_back([this, conn] { Relay(conn); });
  }
}

void FaultProxy::Relay(const std::shared_ptr<Conn>& conn) {
  const FaultSpec spec = conn->spec;
  auto ended = [&] { return stop_.load() || conn->closing.load(); };
  // Sleeps `d` unless the proxy or this connection is closing first.
  auto pause = [&](std::chrono::milliseconds d) {
    const auto until = std::chrono::steady_clock::now() + d;
    while (!ended() && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::min(d, std::chrono::milliseconds(5)));
    }
    return !ended();
  };
  // `n` bytes to `fd` at spec.bytes_per_second (kBandwidth) or at once.
  auto paced_send = [&](int fd, const char* data, std::size_t n) {
    if (spec.fault != ProxyFault::kBandwidth) return SendAll(fd, data, n);
    const std::size_t slice = std::max<std::size_t>(1, spec.bytes_per_second / 50);
    for (std::size_t off = 0; off < n; off += slice) {
      if (!SendAll(fd, data + off, std::min(slice, n - off))) return false;
      if (!pause(std::chrono::milliseconds(20))) return false;
    }
    return true;
  };

  if (spec.fault != ProxyFault::kStall) {
    int up = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a = Loopback(upstream_port_);
    if (up < 0 || ::connect(up, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      if (up >= 0) ::close(up);
      ResetClose(conn->client);
      std::lock_guard<std::mutex> lock(conn->mu);
      conn->stats.done = true;
      return;
    }
    SetSendTimeout(up);
    conn->upstream = up;
    std::lock_guard<std::mutex> lock(conn->mu);
    conn->stats.upstream_connected = true;
  }

  bool client_eof = false;
  bool upstream_eof = conn->upstream < 0;
  bool reset = false;
  char buf[16 * 1024];
  while (!ended() && !reset && !(client_eof && upstream_eof)) {
    pollfd p[2] = {{client_eof ? -1 : conn->client, POLLIN, 0},
                   {upstream_eof ? -1 : conn->upstream, POLLIN, 0}};
    if (::poll(p, 2, kPollMs) <= 0) continue;
    if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t n = ::recv(conn->client, buf, sizeof buf, 0);
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (n <= 0) {
        client_eof = true;
        if (conn->upstream >= 0) ::shutdown(conn->upstream, SHUT_WR);
        if (spec.fault == ProxyFault::kHalfOpen) break;  // nothing more will be forwarded
      } else if (conn->upstream >= 0) {
        const auto len = static_cast<std::size_t>(n);
        if (!paced_send(conn->upstream, buf, len)) break;
        std::lock_guard<std::mutex> lock(conn->mu);
        conn->stats.to_upstream += len;
      }
    }
    if (p[1].revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t n = ::recv(conn->upstream, buf, sizeof buf, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        upstream_eof = true;
        // A half-open peer never says goodbye.
        if (spec.fault != ProxyFault::kHalfOpen) ::shutdown(conn->client, SHUT_WR);
        continue;
      }
      std::size_t len = static_cast<std::size_t>(n);
      std::size_t sent;
      {
        std::lock_guard<std::mutex> lock(conn->mu);
        sent = conn->stats.to_client;
      }
      const std::size_t allowed = spec.after_bytes > sent ? spec.after_bytes - sent : 0;
      bool ok = true;
      std::size_t forwarded = len;
      switch (spec.fault) {
        case ProxyFault::kReset:
          forwarded = std::min(len, allowed);
          ok = SendAll(conn->client, buf, forwarded);
          reset = forwarded < len || forwarded == allowed;
          break;
        case ProxyFault::kHalfOpen:
          forwarded = std::min(len, allowed);
          ok = SendAll(conn->client, buf, forwarded);
          break;
        case ProxyFault::kTrickle:
          forwarded = 0;
          for (std::size_t i = 0; ok && i < len; ++i) {
            ok = SendAll(conn->client, buf + i, 1) && pause(spec.interval);
            if (ok) ++forwarded;
          }
          break;
        default:
          ok = paced_send(conn->client, buf, len);
      }
      std::lock_guard<std::mutex> lock(conn->mu);
      conn->stats.to_client += forwarded;
      if (!ok) break;
    }
  }
  if (reset) {
    ResetClose(conn->client);
  } else {
    ::close(conn->client);
  }
  if (conn->upstream >= 0) ::close(conn->upstream);
  std::lock_guard<std::mutex> lock(conn->mu);
  conn->stats.reset = reset;
  conn->stats.done = true;
}

}  // namespace testsupport
