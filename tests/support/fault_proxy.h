// FaultProxy: a TCP proxy on 127.0.0.1 between a client under test (the
// plugin) and one upstream (the simulator), making the network faults the
// upstream itself cannot make. It never looks inside the bytes, so TLS
// passes through it end to end (the upstream's certificate, for 127.0.0.1,
// still verifies).
//
// Each accepted connection gets one FaultSpec, chosen when it is accepted:
// the next scripted one (Script: "the next N connections"), else, with
// probability `rate`, the spec given to SetRate, else kPass. Faults:
//   kPass         relay both ways
//   kStall        accept, never connect upstream, never answer: a TLS
//                 handshake that stalls (the client's bytes are read and dropped)
//   kHalfOpen     relay the client's bytes upstream and the first `after_bytes`
//                 of the answer, then drop the rest and keep the client's socket
//                 open without a FIN: a peer that went silent mid-conversation
//   kReset        relay until `after_bytes` of the answer passed, then reset
//                 the client's connection (RST: SO_LINGER 0) and close upstream
//   kTrickle      the answer one byte every `interval`
//   kBandwidth    both directions at most `bytes_per_second`
// "The answer" is the upstream-to-client stream, counted from the
// connection's first byte (TLS handshake included; ConnectionStats shows
// how many bytes a clean handshake takes). Refusing connections outright is
// Refuse(): the listening socket is closed (connect gets ECONNREFUSED) until
// Listen() opens the same port again; meanwhile a socket bound to the port
// but not listening keeps it, so no other process (tests run in parallel and
// pick free ports) can take it in between.
//
// Thread-safe. The destructor closes every connection and joins its threads.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace testsupport {

enum class ProxyFault { kPass, kStall, kHalfOpen, kReset, kTrickle, kBandwidth };

const char* ProxyFaultName(ProxyFault fault);

struct FaultSpec {
  ProxyFault fault = ProxyFault::kPass;
  std::size_t after_bytes = 0;               // kHalfOpen, kReset
  std::chrono::milliseconds interval{100};   // kTrickle
  std::size_t bytes_per_second = 16 * 1024;  // kBandwidth
};

// What one connection did (Connections()); counts are bytes relayed.
struct ConnectionStats {
  ProxyFault fault = ProxyFault::kPass;
  std::size_t to_upstream = 0;
  std::size_t to_client = 0;
  bool upstream_connected = false;
  bool reset = false;  // kReset fired
  bool done = false;   // both sockets closed
};

class FaultProxy {
 public:
  // Listens on 127.0.0.1 (an ephemeral port); connects to upstream_port on
  // 127.0.0.1 for each connection. Throws std::runtime_error if it cannot listen.
  explicit FaultProxy(std::uint16_t upstream_port);
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  std::uint16_t port() const { return port_; }

  // The next `connections` accepted connections get `spec` (after those
  // already scripted).
  void Script(const FaultSpec& spec, int connections = 1);
  // Unscripted connections get `spec` with probability `rate` (0..1), from a
  // generator seeded with `seed` (reproducible sequences).
  void SetRate(const FaultSpec& spec, double rate, std::uint32_t seed = 1);
  // Closes the listening socket (new connections are refused); Listen()
  // opens the same port again. Existing connections go on.
  void Refuse();
  void Listen();
  // Closes every open connection now (FIN to both sides), e.g. to make a
  // client's pooled keep-alive connections stale.
  void CloseAll();

  // Every connection accepted so far, in order.
  std::vector<ConnectionStats> Connections() const;
  int accepted() const;

 private:
  struct Conn;
  void OpenListener();
  void AcceptLoop();
  FaultSpec NextSpec();
  void Relay(const std::shared_ptr<Conn>& conn);

  const std::uint16_t upstream_port_;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> listen_fd_{-1};
  mutable std::mutex mu_;
  int held_fd_ = -1;              // guarded by mu_: bound to port_, not listening, while refusing
  std::deque<FaultSpec> script_;  // guarded by mu_
  FaultSpec rate_spec_;           // guarded by mu_
  double rate_ = 0;               // guarded by mu_
  std::mt19937 rng_{1};           // guarded by mu_
  std::vector<std::shared_ptr<Conn>> conns_;  // guarded by mu_
  std::vector<std::thread> threads_;          // guarded by mu_
  std::thread acceptor_;
};

}  // namespace testsupport
