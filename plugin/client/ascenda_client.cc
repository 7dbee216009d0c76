#include "ascenda/client/ascenda_client.h"

#include <Poco/URI.h>

#include <algorithm>
#include <chrono>
#include <utility>

#include "ascenda/client/api_error.h"
#include "ascenda/client/https_transport.h"
#include "ascenda/metrics/plugin_metrics.h"

namespace ascenda {

namespace {

std::string Encode(const std::string& text) {
  std::string out;
  Poco::URI::encode(text, "/?#&=+;,!$'()*[]@: ", out);
  return out;
}

std::string Describe(const std::string& method, const std::string& path) {
  return method + " " + path;
}

// Nothing of the call was sent: the token could not be had.
rewards::Status TokenUnavailable(const rewards::Status& token) {
  return rewards::Status(rewards::StatusCode::kUnavailable, "token_unavailable",
                         "no access token, so nothing was sent: " + token.message(),
                         {{"token_error", token.error()}});
}

// A Retry-After longer than `cap` is read as `cap`.
rewards::Status CapRetryAfter(rewards::Status status, std::chrono::milliseconds cap) {
  auto it = status.details().find("retry_after_ms");
  if (it == status.details().end()) return status;
  std::int64_t ms = 0;
  try {
    ms = std::stoll(it->second);
  } catch (...) {
    ms = cap.count();
  }
  if (ms <= cap.count()) return status;
  rewards::Status::Details details = status.details();
  details["retry_after_ms"] = std::to_string(cap.count());
  details["retry_after_s"] = std::to_string((cap.count() + 999) / 1000);
  return rewards::Status(status.code(), status.error(), status.message(), std::move(details));
}

}  // namespace

std::chrono::milliseconds AscendaClient::CallBudget(const AscendaSettings& s) {
  return std::chrono::milliseconds(3 * std::max<std::int64_t>(s.connect_timeout_ms, 1) +
                                   2 * std::max<std::int64_t>(s.request_timeout_ms, 1));
}

std::string AscendaClient::UserAgent() {
  return std::string("ascenda-rewards-plugin/") + ASCENDA_PLUGIN_VERSION;
}

rewards::Result<std::unique_ptr<AscendaClient>> AscendaClient::Create(
    const AscendaSettings& settings, const rewards::Clock& clock, rewards::Logger& logger) {
  HttpsTransport::Options options;
  options.base_url = settings.base_url;
  options.ca_file = settings.tls_ca_file;
  options.verify_peer = settings.tls_verify_peer;
  options.connect_timeout = std::chrono::milliseconds(settings.connect_timeout_ms);
  options.request_timeout = std::chrono::milliseconds(settings.request_timeout_ms);
  auto transport = HttpsTransport::Create(options);
  if (!transport.ok()) return transport.status();
  return std::make_unique<AscendaClient>(std::move(transport).value(), settings, clock, logger);
}

AscendaClient::AscendaClient(std::unique_ptr<HttpTransport> transport,
                             const AscendaSettings& settings, const rewards::Clock& clock,
                             rewards::Logger& logger)
    : transport_(std::move(transport)),
      path_prefix_(settings.path_prefix),
      api_version_(settings.api_version),
      call_budget_(CallBudget(settings)),
      max_retry_after_(std::chrono::seconds(std::max<std::int64_t>(settings.retry_after_max_s, 1))),
      clock_(clock),
      logger_(logger),
      tokens_(
          *transport_, clock, logger,
          TokenCache::Credentials{settings.path_prefix + settings.token_path, settings.client_id,
                                  settings.client_secret, CommonHeaders()}) {}

std::vector<std::pair<std::string, std::string>> AscendaClient::CommonHeaders() const {
  return {{"X-Ascenda-Version", api_version_},
          {"Accept", "application/json"},
          {"User-Agent", UserAgent()}};
}

rewards::Result<AscendaClient::ApiResponse> AscendaClient::Call(const std::string& method,
                                                                const std::string& path_and_query,
                                                                const std::string& body,
                                                                bool idempotent) {
  HttpRequest request;
  request.method = method;
  request.target = path_prefix_ + path_and_query;
  request.body = body;
  request.idempotent = idempotent;
  const std::string what = Describe(method, request.target);
  // Real time, as the sockets are: the host's clock may be a test clock.
  request.deadline = std::chrono::steady_clock::now() + call_budget_;
  const auto call_started = std::chrono::steady_clock::now();
  auto counted = [&](const char* outcome) {
    if (metrics_ == nullptr) return;
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - call_started;
    metrics_->AscendaCall(EndpointOf(method, path_and_query), outcome, took.count());
  };
  for (int attempt = 0;; ++attempt) {
    const std::int64_t fetches = tokens_.fetch_count();
    rewards::Result<std::string> token = tokens_.Get(request.deadline);
    if (metrics_ && tokens_.fetch_count() != fetches) metrics_->TokenRefresh(token.ok());
    if (!token.ok()) {
      counted("unavailable");
      return TokenUnavailable(token.status());
    }
    request.headers = CommonHeaders();
    request.headers.emplace_back("Authorization", "Bearer " + token.value());
    if (method != "GET") request.headers.emplace_back("Content-Type", "application/json");

    const auto started = clock_.Monotonic();
    rewards::Result<HttpResponse> response = transport_->Send(request);
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Monotonic() - started);
    if (!response.ok()) {
      logger_.Warning("ascenda: " + what + " failed: " + response.status().ToString());
      counted(CallOutcome(response.status()));
      return response.status();
    }
    const int status = response->status;
    if (status == 401 && attempt == 0) {
      logger_.Info("ascenda: " + what + " -> 401; refreshing the access token once");
      tokens_.Invalidate(token.value());
      continue;
    }
    if (status >= 200 && status <= 299) {
      if (logger_.Enabled(rewards::LogLevel::kDebug)) {
        logger_.Debug("ascenda: " + what + " -> " + std::to_string(status) + " (" +
                      std::to_string(ms.count()) + " ms)");
      }
      counted("ok");
      return ApiResponse{status, std::move(response.value().body)};
    }
    rewards::Status failure =
        CapRetryAfter(StatusFromResponse(response.value(), clock_.Now()), max_retry_after_);
    logger_.Warning("ascenda: " + what + " failed: " + failure.ToString());
    counted(CallOutcome(failure));
    return failure;
  }
}

rewards::Result<wire::GiftCardPage> AscendaClient::ListGiftCards(int page, int page_size) {
  auto response = Call("GET",
                       "/gift_cards?page=" + std::to_string(page) +
                           "&page_size=" + std::to_string(page_size) + "&sort=name:asc",
                       "", true);
  if (!response.ok()) return response.status();
  return wire::ParseGiftCardPage(response->body);
}

rewards::Result<AscendaClient::ApiResponse> AscendaClient::CreateGiftCardOrder(
    const std::string& json_body) {
  auto answer = Call("POST", "/fulfillment_orders/gift_cards", json_body, false);
  // A call that never got a token was not an attempt: Ascenda did nothing.
  if (metrics_ && (answer.ok() || answer.status().error() != "token_unavailable")) {
    metrics_->SubmitAttempt();
  }
  return answer;
}

rewards::Result<AscendaClient::ApiResponse> AscendaClient::ListOrdersByReference(
    const std::string& reference_id) {
  return Call("GET", "/orders?reference_id=" + Encode(reference_id), "", true);
}

rewards::Result<AscendaClient::ApiResponse> AscendaClient::GetOrder(const std::string& order_id) {
  return Call("GET", "/orders/" + Encode(order_id), "", true);
}

rewards::Result<AscendaClient::ApiResponse> AscendaClient::ResendEmail(
    const std::string& order_id) {
  return Call("POST", "/orders/" + Encode(order_id) + "/resend_email", "", false);
}

}  // namespace ascenda
