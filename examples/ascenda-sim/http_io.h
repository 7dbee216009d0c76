// Reading requests and writing answers on Poco's HTTP server, shared by the
// public and the control API.
#pragma once

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <string>
#include <utility>
#include <vector>

#include "api_error.h"

namespace ascenda_sim {

struct Reply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
};

Reply JsonReply(int status, std::string body);
Reply ErrorReply(const ApiError& error);

void SendReply(Poco::Net::HTTPServerResponse& response, const Reply& reply);

// Reads the whole body (needed for keep-alive). False when it exceeds
// `limit` bytes; the connection must not be reused then.
bool ReadBody(Poco::Net::HTTPServerRequest& request, size_t limit, std::string& body);

// Closes the connection without answering. The client sees the connection
// end (EOF) where it expected a status line.
void DropConnection(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);

}  // namespace ascenda_sim
