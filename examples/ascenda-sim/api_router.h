// The public API's HTTP front: routes a request to an ApiOperations call and
// wraps it in the transport behaviour Ascenda has (rate limit, 429) and the
// misbehaviour the FaultInjector asks for (delays, dropped connections,
// gateway errors) before or after the operation commits.
//
// One factory per server; Poco creates a handler per request. The SimParts
// must outlive the server.
#pragma once

#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include "sim_parts.h"

namespace ascenda_sim {

class ApiRouter final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  ApiRouter(SimParts& parts, Poco::Logger& logger) : parts_(parts), logger_(logger) {}

  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest& request) override;

 private:
  SimParts& parts_;
  Poco::Logger& logger_;
};

}  // namespace ascenda_sim
