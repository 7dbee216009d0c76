// The composition root: owns every room of the simulator and the two HTTP
// servers (the public Ascenda API, HTTPS or plain HTTP; the control API,
// plain HTTP on 127.0.0.1).
//
// Call order: construct with a loaded SimConfig, Start() (returns an error
// message or ""), then Stop() (also run by the destructor). Not copyable.
#pragma once

#include <Poco/Logger.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/ThreadPool.h>

#include <cstdint>
#include <memory>
#include <string>

#include "sim_config.h"
#include "sim_parts.h"

namespace ascenda_sim {

class Simulator {
 public:
  // `logger` must outlive the simulator.
  Simulator(SimConfig config, Poco::Logger& logger);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  [[nodiscard]] std::string Start();
  void Stop();

  // Back to the state just after Start(): no orders, tokens, faults,
  // webhooks or timers; stock, rules, clock and rate limit from the config.
  void Reset();

  uint16_t api_port() const;
  uint16_t control_port() const;

 private:
  std::string StartApiServer();
  std::string StartControlServer();

  const SimConfig config_;
  Poco::Logger& logger_;
  SystemClock clock_;
  CatalogueStore catalogue_;
  TokenStore tokens_;
  OrderStore orders_;
  OutcomePolicy outcomes_;
  WebhookSender webhooks_;
  Lifecycle lifecycle_;
  FaultInjector faults_;
  RateLimiter limiter_;
  SimStats stats_;
  StopSignal stop_;
  SimParts parts_;

  Poco::ThreadPool api_pool_;
  Poco::ThreadPool control_pool_;
  std::unique_ptr<Poco::Net::HTTPServer> api_server_;
  std::unique_ptr<Poco::Net::HTTPServer> control_server_;
  bool started_ = false;
};

}  // namespace ascenda_sim
