// AscendaClient: the Ascenda API calls the plugin makes (docs/ascenda-api.md §2-§8),
// the one place that knows their paths.
//
// Every call goes to {path_prefix}{path} with the contract's headers:
// Authorization: Bearer <token>, X-Ascenda-Version, Accept: application/json,
// Content-Type: application/json on bodies, User-Agent:
// ascenda-rewards-plugin/<version>. A 401 makes the token cache forget that
// token and the call is repeated once with a fresh one (a 401 means Ascenda
// refused the call before acting on it, so repeating a create is safe).
//
// Results: a 2xx answer is the value; anything else is a Status classified
// by api_error.h (HTTP answers) or http_transport.h (no answer): retryable,
// terminal or indeterminate — the caller decides what to repeat.
//
// 429: the client does not wait; it answers kResourceExhausted with
// details["retry_after_ms"] (capped at ascenda.retry_after.max_s, so no
// answer can make a caller wait longer) and the caller decides (the
// catalogue sync waits and retries the page; a member's redeem should answer
// "try again").
//
// Hard deadline: every call — token refresh, TLS handshake, request, the
// one 401 retry, the answer however slowly it comes — ends within
// CallBudget(settings) of its start (http_transport.h's deadline).
//
// The access token: any failure to get one (any status of the token
// endpoint, a timeout, a lost connection) means the call itself was never
// sent, so it answers kUnavailable "token_unavailable" — retryable, never
// mistaken for the call's own answer (a token endpoint's 404 is not a
// rejected order). details["token_error"] keeps the token failure's code.
//
// Logs one line per failed call (method, path, status — never headers,
// bodies, tokens or the secret), successful calls at debug level.
//
// Thread-safe. `clock` and `logger` are borrowed and must outlive the client.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "ascenda/client/http_transport.h"
#include "ascenda/client/token_cache.h"
#include "ascenda/settings/ascenda_settings.h"
#include "ascenda/wire/gift_card_json.h"
#include "rewards/clock.h"
#include "rewards/logger.h"
#include "rewards/status.h"

namespace ascenda {

class PluginMetrics;  // ascenda/metrics/plugin_metrics.h

class AscendaClient {
 public:
  // Metrics to count into (null: none); borrowed, set before use.
  void SetMetrics(const PluginMetrics* metrics) { metrics_ = metrics; }
  // A 2xx answer, body unparsed (the order mapping is the caller's).
  struct ApiResponse {
    int status = 0;
    std::string body;
  };

  // A client over HttpsTransport built from `settings` (base URL, TLS,
  // timeouts, credentials, prefix, version). REQUIRES: settings without
  // problems (ParseSettings). kInvalidArgument when the transport cannot be
  // built (see HttpsTransport::Create).
  static rewards::Result<std::unique_ptr<AscendaClient>> Create(const AscendaSettings& settings,
                                                                const rewards::Clock& clock,
                                                                rewards::Logger& logger);

  // A client over any transport (tests).
  AscendaClient(std::unique_ptr<HttpTransport> transport, const AscendaSettings& settings,
                const rewards::Clock& clock, rewards::Logger& logger);
  AscendaClient(const AscendaClient&) = delete;
  AscendaClient& operator=(const AscendaClient&) = delete;

  // GET /gift_cards?page=&page_size= (name order), parsed (gift_card_json.h).
  rewards::Result<wire::GiftCardPage> ListGiftCards(int page, int page_size);

  // POST /fulfillment_orders/gift_cards with `json_body` (not idempotent).
  rewards::Result<ApiResponse> CreateGiftCardOrder(const std::string& json_body);
  // GET /orders?reference_id=
  rewards::Result<ApiResponse> ListOrdersByReference(const std::string& reference_id);
  // GET /orders/{id}
  rewards::Result<ApiResponse> GetOrder(const std::string& order_id);
  // POST /orders/{id}/resend_email (not idempotent).
  rewards::Result<ApiResponse> ResendEmail(const std::string& order_id);

  // Cuts every call under way short (HttpTransport::AbortInFlight): used when
  // the plugin stops, so Stop(deadline) never waits for a slow Ascenda.
  void AbortInFlight() noexcept { transport_->AbortInFlight(); }

  // Token requests made so far.
  std::int64_t token_fetches() const { return tokens_.fetch_count(); }

  // The hard deadline of one call: 3 x connect + 2 x request timeout (a TCP
  // connect, a TLS handshake and a silent peer, and an answer).
  static std::chrono::milliseconds CallBudget(const AscendaSettings& settings);

  static std::string UserAgent();

 private:
  rewards::Result<ApiResponse> Call(const std::string& method, const std::string& path_and_query,
                                    const std::string& body, bool idempotent);
  // Headers every call carries, the token request too.
  std::vector<std::pair<std::string, std::string>> CommonHeaders() const;

  const std::unique_ptr<HttpTransport> transport_;
  const std::string path_prefix_;
  const std::string api_version_;
  const std::chrono::milliseconds call_budget_;
  const std::chrono::milliseconds max_retry_after_;
  const rewards::Clock& clock_;
  rewards::Logger& logger_;
  TokenCache tokens_;
  const PluginMetrics* metrics_ = nullptr;
};

}  // namespace ascenda
