#include "webhook_receiver.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "support/paths.h"

namespace simtest {
namespace {

class Handler final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(WebhookReceiver& receiver) : receiver_(receiver) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    ReceivedWebhook webhook;
    Poco::StreamCopier::copyToString(request.stream(), webhook.body);
    for (const auto& [name, value] : request) webhook.headers[Poco::toLower(name)] = value;
    int status = receiver_.Record(std::move(webhook));
    response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentLength(0);
    response.send();
  }

 private:
  WebhookReceiver& receiver_;
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(WebhookReceiver& receiver) : receiver_(receiver) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new Handler(receiver_);
  }

 private:
  WebhookReceiver& receiver_;
};

}  // namespace

WebhookReceiver::WebhookReceiver(bool tls) : tls_(tls) {
  Poco::Net::SocketAddress address("127.0.0.1", 0);
  std::unique_ptr<Poco::Net::ServerSocket> socket;
  if (tls) {
    Poco::Net::Context::Ptr context = new Poco::Net::Context(
        Poco::Net::Context::TLS_SERVER_USE, testsupport::CertDir() + "/server.key",
        testsupport::CertDir() + "/server.pem", "", Poco::Net::Context::VERIFY_NONE);
    socket = std::make_unique<Poco::Net::SecureServerSocket>(address, 64, context);
  } else {
    socket = std::make_unique<Poco::Net::ServerSocket>(address);
  }
  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(8);
  server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), *socket, params);
  server_->start();
}

WebhookReceiver::~WebhookReceiver() { server_->stopAll(true); }

std::string WebhookReceiver::url() const {
  return std::string(tls_ ? "https://localhost:" : "http://127.0.0.1:") +
         std::to_string(server_->port()) + "/webhooks/ascenda";
}

void WebhookReceiver::FailNext(int count, int status) {
  std::lock_guard<std::mutex> lock(mu_);
  fail_count_ = count;
  fail_status_ = status;
}

void WebhookReceiver::SetAnswerDelay(int ms) {
  std::lock_guard<std::mutex> lock(mu_);
  delay_ms_ = ms;
}

int WebhookReceiver::Record(ReceivedWebhook webhook) {
  int status = 200, delay_ms = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (fail_count_ > 0) {
      --fail_count_;
      status = fail_status_;
    }
    delay_ms = delay_ms_;
    webhook.answered = status;
    received_.push_back(std::move(webhook));
  }
  arrived_.notify_all();
  if (delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
  return status;
}

bool WebhookReceiver::WaitFor(size_t count, int timeout_ms) {
  std::unique_lock<std::mutex> lock(mu_);
  return arrived_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                           [&] { return received_.size() >= count; });
}

std::vector<ReceivedWebhook> WebhookReceiver::Received() const {
  std::lock_guard<std::mutex> lock(mu_);
  return received_;
}

std::string HmacSha256Hex(const std::string& key, const std::string& message) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
  std::string hex;
  char buf[3];
  for (unsigned int i = 0; i < length; ++i) {
    std::snprintf(buf, sizeof(buf), "%02x", digest[i]);
    hex += buf;
  }
  return hex;
}

}  // namespace simtest
