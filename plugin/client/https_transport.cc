#include "ascenda/client/https_transport.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/String.h>
#include <Poco/Timespan.h>
#include <Poco/URI.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <istream>
#include <optional>
#include <ostream>
#include <utility>

namespace ascenda {

namespace {

using rewards::Status;
using rewards::StatusCode;
// Socket idle times are real time (a server's keep-alive timer runs on it),
// so they are not read from the host's Clock, which may be a test clock.
using SocketClock = std::chrono::steady_clock;

Poco::Timespan ToTimespan(std::chrono::milliseconds ms) {
  return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms.count()) * 1000);
}

Status NotSent(const std::string& error, const std::string& where, const Poco::Exception& e) {
  return Status(StatusCode::kUnavailable, error,
                "could not reach " + where + " (nothing was sent): " + e.displayText());
}

// Points OpenSSL's own chain check at the host name (or IP address), so the
// handshake fails on a certificate for another name, on loopback too.
void RequireHostName(Poco::Net::Context& context, const std::string& host) {
  X509_VERIFY_PARAM* param = SSL_CTX_get0_param(context.sslContext());
  Poco::Net::IPAddress ip;
  if (Poco::Net::IPAddress::tryParse(host, ip)) {
    X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str());
  } else {
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size());
  }
  // OpenSSL's verdict is final: no process-wide Poco certificate handler can
  // overrule it.
  SSL_CTX_set_verify(context.sslContext(), SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
                     nullptr);
}

}  // namespace

// One keep-alive connection. reconnect() is protected in Poco; Open() makes
// the connect (TCP + TLS handshake + certificate checks) a step of its own,
// so its failures are known to precede the request.
class HttpsTransport::Connection {
 public:
  Connection(const std::string& host, std::uint16_t port, const Poco::Net::Context::Ptr& context,
             const Options& options)
      : session_(host, port, context) {
    session_.setKeepAlive(true);
    session_.setTimeout(ToTimespan(options.connect_timeout), ToTimespan(options.request_timeout),
                        ToTimespan(options.request_timeout));
    // Idle expiry is ours (Acquire); Poco must never reconnect on its own.
    session_.setKeepAliveTimeout(Poco::Timespan(24 * 3600, 0));
  }

  // TCP connect, then the TLS handshake with its certificate checks, each
  // bounded by the connect timeout (Poco would otherwise finish the
  // handshake lazily, inside the first write of the request). `on_socket`
  // runs once the socket exists, before the handshake (the watchdog arms).
  template <typename OnSocket>
  void Open(std::chrono::milliseconds connect_timeout, std::chrono::milliseconds io_timeout,
            OnSocket&& on_socket) {
    session_.setTimeout(ToTimespan(connect_timeout), ToTimespan(io_timeout),
                        ToTimespan(io_timeout));
    // TCP only in the connect: the handshake below runs once the socket
    // exists, so the watchdog covers it. The chain and host name are checked
    // by OpenSSL inside the handshake (RequireHostName).
    Poco::Net::SecureStreamSocket(session_.socket()).setLazyHandshake(true);
    session_.Open();
    Poco::Net::StreamSocket& socket = session_.socket();
    on_socket(socket.impl()->sockfd());
    socket.setReceiveTimeout(ToTimespan(connect_timeout));
    socket.setSendTimeout(ToTimespan(connect_timeout));
    Poco::Net::SecureStreamSocket secure(socket);
    if (secure.completeHandshake() <= 0) {
      throw Poco::TimeoutException("the TLS handshake did not complete");
    }
    socket.setReceiveTimeout(ToTimespan(io_timeout));
    socket.setSendTimeout(ToTimespan(io_timeout));
  }
  Poco::Net::HTTPSClientSession& session() { return session_; }

  // Connected, and the server has neither closed the connection nor sent
  // anything unasked (either makes the socket readable).
  bool StillUsable() {
    try {
      if (!session_.connected()) return false;
      return !session_.socket().poll(
          Poco::Timespan(0), Poco::Net::Socket::SELECT_READ | Poco::Net::Socket::SELECT_ERROR);
    } catch (const Poco::Exception&) {
      return false;
    }
  }

  SocketClock::time_point idle_since;

 private:
  class Session final : public Poco::Net::HTTPSClientSession {
   public:
    using HTTPSClientSession::HTTPSClientSession;
    void Open() { reconnect(); }
  };
  Session session_;
};

struct HttpsTransport::Lease {
  std::unique_ptr<Connection> connection;
  bool reused = false;
};

// One exchange's watch; Disarm before the connection is pooled or closed.
class HttpsTransport::Watch {
 public:
  Watch(SocketWatchdog& watchdog, const std::optional<SocketClock::time_point>& deadline)
      : watchdog_(watchdog), deadline_(deadline) {}
  ~Watch() { (void)Disarm(); }
  Watch(const Watch&) = delete;
  Watch& operator=(const Watch&) = delete;

  void Arm(int fd) {
    if (deadline_ && !ticket_) ticket_ = watchdog_.Arm(fd, *deadline_);
  }
  // True when the deadline cut the exchange off.
  bool Disarm() {
    if (ticket_) fired_ = watchdog_.Disarm(*ticket_) || fired_;
    ticket_.reset();
    return fired_;
  }
  bool fired() const { return fired_; }

 private:
  SocketWatchdog& watchdog_;
  const std::optional<SocketClock::time_point> deadline_;
  std::optional<SocketWatchdog::Ticket> ticket_;
  bool fired_ = false;
};

namespace {

std::chrono::milliseconds Left(const std::optional<SocketClock::time_point>& deadline,
                               std::chrono::milliseconds cap) {
  if (!deadline) return cap;
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - SocketClock::now());
  return std::clamp(left, std::chrono::milliseconds(1), cap);
}

}  // namespace

namespace {

// What one exchange on an open connection came to.
struct Exchange {
  Status status;  // OK when `response` holds the answer
  HttpResponse response;
  bool reusable = false;          // the connection may serve another request
  bool nothing_received = false;  // failed before any byte of a response
};

void ReadBody(std::istream& in, std::size_t limit, std::string* body) {
  char buffer[16384];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    body->append(buffer, static_cast<std::size_t>(in.gcount()));
    if (body->size() > limit) return;
  }
}

Exchange Run(Poco::Net::HTTPSClientSession& session, const HttpRequest& request,
             std::size_t max_response_bytes, const std::string& where) {
  Exchange out;
  bool got_status = false;
  try {
    Poco::Net::HTTPRequest http(request.method, request.target, Poco::Net::HTTPMessage::HTTP_1_1);
    http.setKeepAlive(true);
    for (const auto& [name, value] : request.headers) http.set(name, value);
    if (!request.body.empty() || (request.method != "GET" && request.method != "HEAD")) {
      http.setContentLength64(static_cast<Poco::Int64>(request.body.size()));
    }
    std::ostream& sink = session.sendRequest(http);
    sink.exceptions(std::ios::badbit);  // rethrow what the socket threw
    sink.write(request.body.data(), static_cast<std::streamsize>(request.body.size()));
    sink.flush();

    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    got_status = true;
    in.exceptions(std::ios::badbit);
    ReadBody(in, max_response_bytes, &out.response.body);
    if (out.response.body.size() > max_response_bytes) {
      out.status = Status(StatusCode::kUnknown, "bad_response",
                          "the response from " + where + " is larger than " +
                              std::to_string(max_response_bytes) + " bytes");
      return out;
    }
    if (response.hasContentLength() &&
        static_cast<std::size_t>(response.getContentLength64()) != out.response.body.size()) {
      out.status = Status(StatusCode::kDeadlineExceeded, "connection_lost",
                          "the connection to " + where + " ended inside the response body");
      return out;
    }
    out.response.status = static_cast<int>(response.getStatus());
    for (const auto& [name, value] : response) {
      out.response.headers[Poco::toLower(name)] = value;
    }
    out.reusable = response.getKeepAlive();
    return out;
  } catch (const Poco::TimeoutException& e) {
    out.status = Status(
        StatusCode::kDeadlineExceeded, "timeout",
        "no timely answer from " + where + " after the request was sent (" + e.displayText() + ")");
  } catch (const Poco::Net::NoMessageException&) {
    out.nothing_received = true;
    out.status = Status(StatusCode::kDeadlineExceeded, "connection_lost",
                        where + " closed the connection without answering");
  } catch (const Poco::Net::MessageException& e) {
    out.status = Status(StatusCode::kUnknown, "bad_response",
                        "the answer from " + where + " is not valid HTTP: " + e.displayText());
  } catch (const Poco::Net::NetException& e) {  // reset, aborted, TLS record errors, ...
    out.nothing_received = !got_status;
    out.status = Status(
        StatusCode::kDeadlineExceeded, "connection_lost",
        "the connection to " + where + " was lost after the request was sent: " + e.displayText());
  } catch (const Poco::Exception& e) {
    out.nothing_received = !got_status;
    out.status = Status(
        StatusCode::kDeadlineExceeded, "connection_lost",
        "the exchange with " + where + " failed after the request was sent: " + e.displayText());
  }
  return out;
}

}  // namespace

rewards::Result<std::unique_ptr<HttpsTransport>> HttpsTransport::Create(const Options& options) {
  std::string host;
  std::uint16_t port = 0;
  try {
    Poco::URI uri(options.base_url);
    const bool bare = (uri.getPath().empty() || uri.getPath() == "/") &&
                      uri.getRawQuery().empty() && uri.getFragment().empty();
    if (uri.getScheme() != "https" || uri.getHost().empty() || !bare) {
      return rewards::InvalidArgument("invalid_base_url",
                                      "the Ascenda base URL must be https://host[:port]");
    }
    host = uri.getHost();
    port = uri.getPort();
  } catch (const Poco::Exception&) {
    return rewards::InvalidArgument("invalid_base_url", "the Ascenda base URL is not a URL");
  }
  try {
    Poco::Net::Context::Params params;
    params.verificationMode =
        options.verify_peer ? Poco::Net::Context::VERIFY_STRICT : Poco::Net::Context::VERIFY_NONE;
    params.caLocation = options.verify_peer ? options.ca_file : "";
    params.loadDefaultCAs = options.verify_peer && options.ca_file.empty();
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    if (options.verify_peer) RequireHostName(*context, host);
    auto watchdog = SocketWatchdog::Create();
    if (!watchdog.ok()) return watchdog.status();
    return std::unique_ptr<HttpsTransport>(new HttpsTransport(
        options, std::move(host), port, std::move(context), std::move(watchdog).value()));
  } catch (const Poco::Exception& e) {
    return rewards::InvalidArgument("tls_setup_failed",
                                    "the TLS context could not be set up: " + e.displayText());
  }
}

HttpsTransport::HttpsTransport(Options options, std::string host, std::uint16_t port,
                               Poco::Net::Context::Ptr context,
                               std::unique_ptr<SocketWatchdog> watchdog)
    : options_(std::move(options)),
      host_(std::move(host)),
      port_(port),
      context_(std::move(context)),
      watchdog_(std::move(watchdog)) {}

HttpsTransport::~HttpsTransport() = default;

std::int64_t HttpsTransport::connections_opened() const {
  std::lock_guard<std::mutex> lock(mu_);
  return opened_;
}

HttpsTransport::Lease HttpsTransport::Acquire() {
  std::vector<std::unique_ptr<Connection>> stale;  // closed outside the lock
  Lease lease;
  {
    std::lock_guard<std::mutex> lock(mu_);
    const auto now = SocketClock::now();
    while (!idle_.empty() && lease.connection == nullptr) {
      std::unique_ptr<Connection> candidate = std::move(idle_.back());
      idle_.pop_back();
      if (now - candidate->idle_since < options_.max_idle && candidate->StillUsable()) {
        lease.connection = std::move(candidate);
        lease.reused = true;
      } else {
        stale.push_back(std::move(candidate));
      }
    }
  }
  if (lease.connection == nullptr) {
    lease.connection = std::make_unique<Connection>(host_, port_, context_, options_);
  }
  return lease;
}

void HttpsTransport::Release(std::unique_ptr<Connection> connection) {
  connection->idle_since = SocketClock::now();
  std::unique_ptr<Connection> surplus;
  std::lock_guard<std::mutex> lock(mu_);
  if (idle_.size() < options_.max_idle_connections) {
    idle_.push_back(std::move(connection));
  } else {
    surplus = std::move(connection);
  }
}

rewards::Result<HttpResponse> HttpsTransport::Send(const HttpRequest& request) noexcept {
  const std::string where = host_ + ":" + std::to_string(port_);
  try {
    for (int attempt = 0;; ++attempt) {
      if (request.deadline && SocketClock::now() >= *request.deadline) {
        return Status(StatusCode::kUnavailable, "deadline_exceeded",
                      "the call's deadline passed before anything was sent to " + where);
      }
      Lease lease = Acquire();
      Watch watch(*watchdog_, request.deadline);
      if (!lease.reused) {
        rewards::Status failed = OpenConnection(*lease.connection, request, watch, where);
        if (!failed.ok()) return failed;
        std::lock_guard<std::mutex> lock(mu_);
        ++opened_;
      } else {
        watch.Arm(lease.connection->session().socket().impl()->sockfd());
      }
      Exchange exchange =
          Run(lease.connection->session(), request, options_.max_response_bytes, where);
      if (watch.Disarm() && !exchange.status.ok()) {
        return Status(StatusCode::kDeadlineExceeded, "deadline",
                      "the call's hard deadline passed during the exchange with " + where +
                          " (cut off; the request may have been acted on)");
      }
      if (exchange.status.ok()) {
        if (exchange.reusable) Release(std::move(lease.connection));
        return std::move(exchange.response);
      }
      // The server's idle timeout raced this request on a reused connection.
      const bool stale = lease.reused && exchange.nothing_received;
      if (stale && request.idempotent && attempt == 0) continue;
      return exchange.status;
    }
  } catch (const std::exception& e) {
    return Status(StatusCode::kUnknown, "transport_error",
                  std::string("unexpected failure talking to ") + where + ": " + e.what());
  }
}

rewards::Status HttpsTransport::OpenConnection(Connection& connection, const HttpRequest& request,
                                               Watch& watch, const std::string& where) {
  try {
    connection.Open(Left(request.deadline, options_.connect_timeout), options_.request_timeout,
                    [&](int fd) { watch.Arm(fd); });
    return Status::Ok();
  } catch (const Poco::Exception& e) {
    if (watch.Disarm()) {
      return NotSent("deadline_exceeded", where, e);
    }
    try {
      throw;
    } catch (const Poco::TimeoutException& e) {
      return NotSent("connect_timeout", where, e);
    } catch (const Poco::Net::ConnectionRefusedException& e) {
      return NotSent("connection_refused", where, e);
    } catch (const Poco::Net::DNSException& e) {
      return NotSent("host_not_found", where, e);
    } catch (const Poco::Net::CertificateValidationException& e) {
      return NotSent("tls_certificate_rejected", where, e);
    } catch (const Poco::Net::SSLException& e) {
      // OpenSSL names a failed chain or host check this way.
      const bool certificate =
          e.displayText().find("certificate verify failed") != std::string::npos;
      return NotSent(certificate ? "tls_certificate_rejected" : "tls_handshake_failed", where, e);
    } catch (const Poco::Exception& e) {
      return NotSent("connect_failed", where, e);
    }
  }
}

}  // namespace ascenda
