#include "simulator.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <random>
#include <thread>

#include "api_router.h"
#include "control_api.h"

namespace ascenda_sim {
namespace {

uint64_t Seed(uint64_t configured, uint64_t salt) {
  if (configured == 0) return (static_cast<uint64_t>(std::random_device{}()) << 32) ^ salt;
  return configured * 0x9E3779B97F4A7C15ULL + salt;
}

Poco::Net::HTTPServerParams::Ptr ServerParams(int max_threads, int max_queued,
                                              int keep_alive_timeout_s) {
  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(max_threads);
  params->setMaxQueued(max_queued);
  params->setKeepAlive(true);
  params->setMaxKeepAliveRequests(0);  // unlimited
  params->setKeepAliveTimeout(Poco::Timespan(keep_alive_timeout_s, 0));
  params->setTimeout(Poco::Timespan(60, 0));
  params->setSoftwareVersion("ascenda-sim/1.0");
  return params;
}

}  // namespace

Simulator::Simulator(SimConfig config, Poco::Logger& logger)
    : config_(std::move(config)),
      logger_(logger),
      tokens_(clock_, config_.token_ttl_s),
      orders_(clock_),
      outcomes_(config_.outcome_rules, config_.outcome_failed_rate, config_.outcome_cancelled_rate,
                Seed(config_.seed, 1)),
      webhooks_(clock_, config_.webhook, Seed(config_.seed, 2)),
      lifecycle_(orders_, clock_, config_.lifecycle,
                 [this](const Order& order) { webhooks_.Publish(order); }),
      faults_(config_.faults, Seed(config_.seed, 3)),
      limiter_(clock_, config_.ratelimit_rps,
               config_.ratelimit_burst > 0 ? config_.ratelimit_burst
                                           : static_cast<int>(config_.ratelimit_rps)),
      parts_{config_,    clock_,  catalogue_, tokens_,   orders_, outcomes_,
             lifecycle_, faults_, limiter_,   webhooks_, stats_,  stop_},
      api_pool_(2, config_.max_threads + 2),
      control_pool_(1, 16) {
  orders_.SetVisibilityDelay(config_.visibility_delay_ms);
}

Simulator::~Simulator() { Stop(); }

std::string Simulator::Start() {
  std::string error = catalogue_.Load(config_.catalogue, config_.logo_base_url);
  if (!error.empty()) return error;
  logger_.information("catalogue %s: %z cards", config_.catalogue, catalogue_.size());
  webhooks_.Start();
  lifecycle_.Start();
  started_ = true;
  error = StartApiServer();
  if (error.empty()) error = StartControlServer();
  return error;
}

std::string Simulator::StartApiServer() {
  try {
    Poco::Net::SocketAddress address(config_.http_host, static_cast<uint16_t>(config_.http_port));
    std::unique_ptr<Poco::Net::ServerSocket> socket;
    if (config_.tls_cert.empty()) {
      socket = std::make_unique<Poco::Net::ServerSocket>(address, 256);
    } else {
      Poco::Net::Context::Ptr context =
          new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, config_.tls_key,
                                 config_.tls_cert, "", Poco::Net::Context::VERIFY_NONE);
      context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
      context->enableSessionCache(true, "ascenda-sim");
      socket = std::make_unique<Poco::Net::SecureServerSocket>(address, 256, context);
    }
    api_server_ = std::make_unique<Poco::Net::HTTPServer>(
        new ApiRouter(parts_, logger_), api_pool_, *socket,
        ServerParams(config_.max_threads, config_.max_queued, config_.keep_alive_timeout_s));
    api_server_->start();
    logger_.information("Ascenda API on %s://%s:%hu%s",
                        std::string(config_.tls_cert.empty() ? "http" : "https"), config_.http_host,
                        api_port(), config_.path_prefix);
  } catch (const Poco::Exception& e) {
    return "cannot start the API server: " + e.displayText();
  }
  return "";
}

std::string Simulator::StartControlServer() {
  if (config_.control_port == 0) return "";
  try {
    Poco::Net::ServerSocket socket(
        Poco::Net::SocketAddress("127.0.0.1", static_cast<uint16_t>(config_.control_port)), 64);
    control_server_ =
        std::make_unique<Poco::Net::HTTPServer>(new ControlRouter(parts_, [this] { Reset(); }),
                                                control_pool_, socket, ServerParams(14, 64, 15));
    control_server_->start();
    logger_.information("control API on http://127.0.0.1:%hu", control_port());
  } catch (const Poco::Exception& e) {
    return "cannot start the control server: " + e.displayText();
  }
  return "";
}

void Simulator::Stop() {
  if (!started_) return;
  started_ = false;
  stop_.Stop();
  // Each stop waits out the acceptor's poll interval; stop both at once.
  std::thread control_stop([this] {
    if (control_server_) control_server_->stopAll(true);
  });
  if (api_server_) api_server_->stopAll(true);
  control_stop.join();
  lifecycle_.Stop();
  webhooks_.Stop();
  api_pool_.joinAll();
  control_pool_.joinAll();
}

void Simulator::Reset() {
  lifecycle_.Clear();
  webhooks_.Clear();
  orders_.Clear();
  orders_.SetVisibilityDelay(config_.visibility_delay_ms);
  tokens_.Clear();
  faults_.ClearScripted();
  faults_.RestoreRates();
  catalogue_.ResetStock();
  outcomes_.SetRules(config_.outcome_rules);
  clock_.SetWallOffsetMs(0);
  limiter_.Configure(config_.ratelimit_rps, config_.ratelimit_burst > 0
                                                ? config_.ratelimit_burst
                                                : static_cast<int>(config_.ratelimit_rps));
  webhooks_.SetTarget(config_.webhook.url, config_.webhook.secret, config_.webhook.previous_secret,
                      config_.webhook.enabled);
  webhooks_.SetRates(config_.webhook.duplicate_rate, config_.webhook.reorder_rate,
                     config_.webhook.drop_rate);
  logger_.information("reset");
}

uint16_t Simulator::api_port() const { return api_server_ ? api_server_->port() : 0; }

uint16_t Simulator::control_port() const { return control_server_ ? control_server_->port() : 0; }

}  // namespace ascenda_sim
