#include "support/http_client.h"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <chrono>
#include <memory>
#include <thread>

#include "support/wait_until.h"

namespace testsupport {

namespace {

std::unique_ptr<Poco::Net::HTTPClientSession> OpenSession(const Poco::URI& uri,
                                                          const std::string& ca_file) {
  if (uri.getScheme() == "https") {
    Poco::Net::Context::Ptr context = new Poco::Net::Context(
        Poco::Net::Context::TLS_CLIENT_USE, "", "", ca_file, Poco::Net::Context::VERIFY_STRICT, 9,
        ca_file.empty(), "ALL:!ADH:!LOW:!EXP:!MD5:@STRENGTH");
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    return std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), context);
  }
  return std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
}

}  // namespace

HttpReply HttpCall(const std::string& method, const std::string& url, const std::string& body,
                   const std::map<std::string, std::string>& headers, const std::string& ca_file,
                   int timeout_ms) {
  HttpReply reply;
  try {
    Poco::URI uri(url);
    auto session = OpenSession(uri, ca_file);
    session->setTimeout(Poco::Timespan(0, timeout_ms * 1000));
    Poco::Net::HTTPRequest request(method, uri.getPathAndQuery(), Poco::Net::HTTPMessage::HTTP_1_1);
    bool has_type = false;
    for (const auto& [name, value] : headers) {
      request.set(name, value);
      if (Poco::icompare(name, "content-type") == 0) has_type = true;
    }
    if (!body.empty() && !has_type) request.setContentType("application/json");
    if (!body.empty() || method == "POST" || method == "PUT") {
      request.setContentLength(static_cast<std::streamsize>(body.size()));
    }
    session->sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session->receiveResponse(response);
    Poco::StreamCopier::copyToString(in, reply.body);
    reply.status = static_cast<int>(response.getStatus());
    for (const auto& [name, value] : response) {
      reply.headers[Poco::toLower(name)] = value;
    }
  } catch (const Poco::Exception& e) {
    reply = HttpReply();
    reply.error = e.displayText();
  } catch (const std::exception& e) {
    reply = HttpReply();
    reply.error = e.what();
  }
  return reply;
}

bool WaitForHttp(const std::string& url, int timeout_ms, const std::string& ca_file) {
  return WaitUntil([&] { return HttpCall("GET", url, "", {}, ca_file, 1000).status != 0; },
                   std::chrono::milliseconds(timeout_ms), std::chrono::milliseconds(20));
}

}  // namespace testsupport
