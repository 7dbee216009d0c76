#include "http_io.h"

#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/StreamSocket.h>

#include <istream>

#include "wire_json.h"

namespace ascenda_sim {

Reply JsonReply(int status, std::string body) {
  Reply reply;
  reply.status = status;
  reply.body = std::move(body);
  return reply;
}

Reply ErrorReply(const ApiError& error) { return JsonReply(error.status, ErrorBody(error)); }

void SendReply(Poco::Net::HTTPServerResponse& response, const Reply& reply) {
  response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
  response.setReason(Poco::Net::HTTPResponse::getReasonForStatus(
      static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status)));
  response.setContentType(reply.content_type);
  for (const auto& [name, value] : reply.headers) response.set(name, value);
  response.sendBuffer(reply.body.data(), reply.body.size());
}

bool ReadBody(Poco::Net::HTTPServerRequest& request, size_t limit, std::string& body) {
  std::istream& in = request.stream();
  char buffer[8192];
  while (in) {
    in.read(buffer, sizeof(buffer));
    std::streamsize n = in.gcount();
    if (n <= 0) break;
    if (body.size() + static_cast<size_t>(n) > limit) return false;
    body.append(buffer, static_cast<size_t>(n));
  }
  return true;
}

void DropConnection(Poco::Net::HTTPServerRequest& request,
                    Poco::Net::HTTPServerResponse& response) {
  response.setKeepAlive(false);  // the server loop must not read again
  try {
    auto& impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl&>(request);
    impl.socket().shutdown();
  } catch (const std::exception&) {
    // Already gone: what we wanted.
  }
}

}  // namespace ascenda_sim
