// The control API (plain HTTP, 127.0.0.1 only): lets tests and demos script
// faults, inspect orders and create attempts, force outcomes, drive webhooks,
// expire tokens, change stock, shift the clock and reset. JSON in and out;
// every endpoint is listed in README.md.
//
// The SimParts and the reset callback must outlive the server.
#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <functional>

#include "sim_parts.h"

namespace ascenda_sim {

class ControlRouter final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  ControlRouter(SimParts& parts, std::function<void()> reset)
      : parts_(parts), reset_(std::move(reset)) {}

  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest& request) override;

 private:
  SimParts& parts_;
  std::function<void()> reset_;
};

}  // namespace ascenda_sim
