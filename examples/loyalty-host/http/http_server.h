// HttpServer: the host's Poco HTTPServer, dispatching every request through
// the Router.
//
// Bodies: up to kMaxBodyBytes are read; a plugin route gets a bigger body's
// first kMaxBodyBytes with body_truncated set (the rest is read and dropped,
// up to kMaxDrainBytes, after which the connection is closed); a host route
// answers 413 instead. No route: 404; wrong method: 405 with Allow. A handler
// that throws answers 500. Start() binds (a taken port is an error); Stop()
// stops accepting and waits for requests under way. Over kMaxHeaderFields
// header fields or kMaxHeaderBytes of them: 431 and the connection closed.
// Each socket read waits at most timeout_s, and a body must have arrived
// within timeout_s, else the connection is closed (slow or idle clients). Not thread-safe itself
// (start and stop from one thread); requests are served concurrently.
#pragma once

#include <Poco/Net/HTTPServer.h>
#include <Poco/ThreadPool.h>

#include <memory>
#include <string>

#include "http/router.h"
#include "rewards/status.h"

namespace loyalty {

struct HttpServerOptions {
  std::string address = "127.0.0.1";
  int port = 8080;
  int threads = 16;
  int timeout_s = 30;  // a read that waits longer, or a body slower than this, ends the connection
};

class HttpServer {
 public:
  static constexpr std::size_t kMaxBodyBytes = 1024 * 1024;
  static constexpr std::size_t kMaxDrainBytes = 64 * 1024 * 1024;
  // Request header limits (Poco itself also stops at 100 fields, 256-byte
  // names and 8 KiB values): more answers 431.
  static constexpr std::size_t kMaxHeaderFields = 64;
  static constexpr std::size_t kMaxHeaderBytes = 16 * 1024;

  // `router` must outlive the server.
  HttpServer(Router& router, HttpServerOptions options);
  ~HttpServer();

  rewards::Status Start();
  void Stop();

 private:
  Router& router_;
  const HttpServerOptions options_;
  std::unique_ptr<Poco::ThreadPool> pool_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

}  // namespace loyalty
