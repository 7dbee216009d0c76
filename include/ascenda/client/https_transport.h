// HttpsTransport: HttpTransport over TLS to one Ascenda host, with a small
// pool of keep-alive connections (Poco HTTPSClientSession; plain HTTP is not
// possible: Create refuses a base URL that is not https).
//
// TLS: an explicit Poco Context per transport — TLS 1.2 or newer; with
// verify_peer the chain is checked against `ca_file` (or, when it is empty,
// the system CAs) and the certificate must name the URL's host, also on
// loopback (VERIFY_STRICT plus OpenSSL's own host check, independent of any
// process-wide Poco SSLManager handler). verify_peer=false checks nothing;
// the caller warns about it.
//
// Timeouts: `connect_timeout` bounds the TCP connect and, separately, the TLS
// handshake (done explicitly in the connect step, not lazily inside the
// first write); `request_timeout` bounds every single socket send or receive
// of the exchange (not the sum of them). Poco's TLS layer waits on the
// socket timeout and then polls once more, so a silent peer is given up on
// after about two (handshake: up to three) times the timeout.
//
// "Before sending", precisely: a failure while opening a connection (name
// lookup, TCP connect, TLS handshake, certificate or host name check) happens
// before any byte of the request is written → kUnavailable (retryable).
// Once the request is being written, any failure is indeterminate: a
// timeout → kDeadlineExceeded "timeout"; a connection closed or reset before
// the response is complete (also a body shorter than its Content-Length) →
// kDeadlineExceeded "connection_lost"; an answer that is not HTTP or exceeds
// `max_response_bytes` → kUnknown "bad_response". Error codes of failures
// before sending: "connect_timeout", "connection_refused", "host_not_found",
// "tls_certificate_rejected", "tls_handshake_failed", "connect_failed".
//
// Hard deadline: a request with a `deadline` is watched by a SocketWatchdog
// (socket_watchdog.h) from the moment its connection's socket exists until
// its answer is read; when the deadline passes the socket is shut down, so a
// stalled handshake or an answer trickled byte by byte ends at the deadline.
// A TCP connect is given at most the time left. A request whose deadline has
// already passed is not sent (kUnavailable "deadline_exceeded").
//
// Stale keep-alive connections: an idle connection is reused only if it has
// been idle less than `max_idle` and the server has not closed it (the
// socket is not readable). If, on a reused connection, the server still
// closes or resets it before any byte of a response (the server's idle
// timeout raced our request), an idempotent request is repeated once on a
// fresh connection; a non-idempotent one answers kDeadlineExceeded.
//
// Pool: at most `max_idle_connections` idle connections are kept; callers
// beyond that open their own and close them after use, so concurrency is
// never limited here. The default covers the plugin's own concurrency (16
// submission workers plus up to 64 reconciler rows in flight): a smaller
// pool makes every burst beyond it pay a TLS handshake per call. A
// connection goes back to the pool only after its response was read
// completely and the server allowed keep-alive.
//
// Thread-safe. Never logs; nothing of a request or response leaves it except
// through the returned value.
#pragma once

#include <Poco/Net/Context.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "ascenda/client/http_transport.h"
#include "ascenda/client/socket_watchdog.h"

namespace ascenda {

class HttpsTransport final : public HttpTransport {
 public:
  struct Options {
    std::string base_url;  // https://host[:port], no path
    std::string ca_file;   // PEM; empty = system CAs
    bool verify_peer = true;
    std::chrono::milliseconds connect_timeout{3000};
    std::chrono::milliseconds request_timeout{10000};
    std::size_t max_idle_connections = 80;
    std::chrono::milliseconds max_idle{4000};
    std::size_t max_response_bytes = 32u << 20;
  };

  // kInvalidArgument "invalid_base_url" / "tls_setup_failed" (e.g. an
  // unreadable CA file) when the options cannot be used.
  static rewards::Result<std::unique_ptr<HttpsTransport>> Create(const Options& options);

  ~HttpsTransport() override;
  HttpsTransport(const HttpsTransport&) = delete;
  HttpsTransport& operator=(const HttpsTransport&) = delete;

  rewards::Result<HttpResponse> Send(const HttpRequest& request) noexcept override;
  void AbortInFlight() noexcept override { watchdog_->FireAll(); }

  // Connections opened so far (TCP + TLS), for tests and health.
  std::int64_t connections_opened() const;
  // Exchanges cut off at their hard deadline so far.
  std::int64_t deadlines_fired() const { return watchdog_->fired_count(); }

 private:
  class Connection;
  struct Lease;
  class Watch;

  HttpsTransport(Options options, std::string host, std::uint16_t port,
                 Poco::Net::Context::Ptr context, std::unique_ptr<SocketWatchdog> watchdog);
  // An idle pooled connection fit for reuse, or a new one (not yet opened).
  Lease Acquire();
  void Release(std::unique_ptr<Connection> connection);
  // Opens `connection` (arming `watch` once its socket exists); OK, or the
  // kUnavailable "nothing was sent" failure.
  rewards::Status OpenConnection(Connection& connection, const HttpRequest& request, Watch& watch,
                                 const std::string& where);

  const Options options_;
  const std::string host_;
  const std::uint16_t port_;
  const Poco::Net::Context::Ptr context_;
  const std::unique_ptr<SocketWatchdog> watchdog_;

  mutable std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mu_; newest last
  std::int64_t opened_ = 0;                        // guarded by mu_
};

}  // namespace ascenda
