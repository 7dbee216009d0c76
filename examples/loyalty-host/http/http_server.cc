#include "http/http_server.h"

#include <Poco/Exception.h>
#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <istream>

#include "http/json_reply.h"

namespace loyalty {

namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Reads up to `limit` bytes; true when more followed (and was drained).
// Stops (drained_all false) when the body is still arriving at `deadline`.
bool ReadBody(std::istream& in, std::size_t limit, std::chrono::steady_clock::time_point deadline,
              std::string& body, bool& drained_all) {
  body.clear();
  drained_all = true;
  char buf[16384];
  while (body.size() < limit + 1 && in) {
    if (std::chrono::steady_clock::now() > deadline) {
      drained_all = false;
      return false;
    }
    in.read(buf, static_cast<std::streamsize>(std::min(sizeof buf, limit + 1 - body.size())));
    body.append(buf, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) {  // the socket failed or timed out mid-body
    drained_all = false;
    return false;
  }
  if (body.size() <= limit) return false;
  body.resize(limit);
  std::size_t drained = 0;
  while (in && drained < HttpServer::kMaxDrainBytes) {
    in.read(buf, sizeof buf);
    drained += static_cast<std::size_t>(in.gcount());
  }
  drained_all = !in.good() || in.peek() == std::char_traits<char>::eof();
  return true;
}

// The method as a metrics label: one of a fixed set, whatever a client sends.
std::string MethodLabel(const std::string& m) {
  for (const char* known : {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}) {
    if (m == known) return m;
  }
  return "other";
}

class DispatchHandler : public Poco::Net::HTTPRequestHandler {
 public:
  DispatchHandler(Router& router, const HttpServerOptions& options)
      : router_(router), options_(options) {}

  void handleRequest(Poco::Net::HTTPServerRequest& req,
                     Poco::Net::HTTPServerResponse& resp) override {
    const auto started = std::chrono::steady_clock::now();
    std::string route = "unmatched";
    rewards::HttpResponse out;
    bool keep_alive = true;
    try {
      out = Dispatch(req, keep_alive, route);
    } catch (const std::exception& e) {
      Poco::Logger::get("host.http").error(std::string("request failed: ") + e.what());
      out = ErrorReply(500, "internal", "the request failed");
    } catch (...) {
      out = ErrorReply(500, "internal", "the request failed");
    }
    resp.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(out.status));
    for (const auto& [name, value] : out.headers) resp.set(name, value);
    if (!keep_alive) resp.setKeepAlive(false);
    if (out.status == 304) {  // no content, so neither its type nor its length (RFC 9110 §15.4.5)
      resp.send();
    } else {
      // The header and the body in one go: no output stream (send() would
      // write the header twice, once to count it, then copy the body through
      // the stream's buffer). sendBuffer sets Content-Length and sends no
      // body to a HEAD request.
      resp.setContentType(out.content_type);
      resp.sendBuffer(out.body.data(), out.body.size());
    }
    if (options_.observe) {
      const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
      options_.observe(MethodLabel(req.getMethod()), route, out.status, took.count());
    }
  }

 private:
  rewards::HttpResponse Dispatch(Poco::Net::HTTPServerRequest& req, bool& keep_alive,
                                 std::string& route) {
    std::size_t fields = 0, header_bytes = 0;
    for (const auto& [name, value] : req) {
      ++fields;
      header_bytes += name.size() + value.size() + 4;
    }
    if (fields > HttpServer::kMaxHeaderFields || header_bytes > HttpServer::kMaxHeaderBytes) {
      keep_alive = false;
      return ErrorReply(431, "headers_too_large",
                        "at most " + std::to_string(HttpServer::kMaxHeaderFields) +
                            " header fields and " + std::to_string(HttpServer::kMaxHeaderBytes) +
                            " bytes of them");
    }
    rewards::HttpRequest r;
    r.method = req.getMethod();
    const Poco::URI uri(req.getURI());
    r.path = uri.getPath();
    r.query = uri.getRawQuery();
    for (const auto& [name, value] : req) {
      std::string key = Lower(name);
      auto it = r.headers.find(key);
      if (it == r.headers.end()) {
        r.headers.emplace(std::move(key), value);
      } else {
        it->second += ", " + value;
      }
    }
    r.remote_address = req.clientAddress().toString();
    bool drained_all = true;
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(options_.timeout_s);
    // Without Content-Length or chunked encoding a request has no body
    // (RFC 9112 6.3); Poco would read until the client closes.
    if (req.hasContentLength() || req.getChunkedTransferEncoding()) {
      r.body_truncated =
          ReadBody(req.stream(), HttpServer::kMaxBodyBytes, deadline, r.body, drained_all);
    }
    keep_alive = drained_all;
    if (!drained_all && !r.body_truncated) {
      return ErrorReply(408, "request_timeout", "the body did not arrive in time or in full");
    }
    RouteMatch m = router_.Find(r.method, r.path);
    if (m.kind == RouteMatch::kNotFound) {
      return ErrorReply(404, "not_found", "no route for " + r.method + " " + r.path);
    }
    if (m.kind == RouteMatch::kMethodNotAllowed) {
      rewards::HttpResponse out =
          ErrorReply(405, "method_not_allowed", r.method + " is not allowed on " + r.path);
      std::string allow;
      for (const std::string& a : m.allowed_methods) allow += (allow.empty() ? "" : ", ") + a;
      out.headers.emplace_back("Allow", allow);
      return out;
    }
    route = m.route;
    if (r.body_truncated && !m.plugin_route) {
      return ErrorReply(413, "payload_too_large", "the body exceeds 1 MiB");
    }
    return m.handler(r, m.params);
  }

  Router& router_;
  const HttpServerOptions& options_;
};

class DispatchFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  DispatchFactory(Router& router, const HttpServerOptions& options)
      : router_(router), options_(options) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new DispatchHandler(router_, options_);
  }

 private:
  Router& router_;
  const HttpServerOptions& options_;
};

}  // namespace

HttpServer::HttpServer(Router& router, HttpServerOptions options)
    : router_(router), options_(std::move(options)) {}

HttpServer::~HttpServer() { Stop(); }

rewards::Status HttpServer::Start() {
  try {
    Poco::Net::ServerSocket socket;
    socket.bind(
        Poco::Net::SocketAddress(options_.address, static_cast<Poco::UInt16>(options_.port)), true);
    socket.listen(128);
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(options_.threads);
    params->setMaxQueued(256);
    params->setKeepAlive(true);
    params->setTimeout(Poco::Timespan(options_.timeout_s, 0));
    params->setKeepAliveTimeout(Poco::Timespan(std::min(options_.timeout_s, 10), 0));
    pool_ = std::make_unique<Poco::ThreadPool>(2, options_.threads + 2);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new DispatchFactory(router_, options_),
                                                      *pool_, socket, params);
    server_->start();
    return rewards::Status::Ok();
  } catch (const Poco::Exception& e) {
    return rewards::Status(rewards::StatusCode::kUnavailable, "listen_failed",
                           "cannot listen on " + options_.address + ":" +
                               std::to_string(options_.port) + ": " + e.displayText());
  }
}

void HttpServer::Stop() {
  if (!server_) return;
  try {
    server_->stopAll(false);
    // Give requests under way a moment to finish before the pool goes.
    pool_->joinAll();
  } catch (...) {
  }
  server_.reset();
  pool_.reset();
}

}  // namespace loyalty
