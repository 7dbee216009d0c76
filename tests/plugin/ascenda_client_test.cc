// The Ascenda client against the real ascenda-sim over real HTTPS: contract
// headers, the access token (reuse, single flight, expiry, 401 refresh),
// error classification (retryable / terminal / indeterminate), timeouts,
// keep-alive, certificate checks, and that no secret reaches the log.
#include "ascenda/client/ascenda_client.h"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "ascenda/client/api_error.h"
#include "ascenda/client/https_transport.h"
#include "ascenda_test_env.h"
#include "support/end_to_end_host.h"
#include "support/paths.h"
#include "support/ports.h"

namespace ascenda {
namespace {

using rewards::RetryClass;
using rewards::StatusCode;
using simtest::SimHarness;

// Passes requests on and remembers every bearer token sent, so the test can
// check none of them reached the log.
class RecordingTransport : public HttpTransport {
 public:
  explicit RecordingTransport(std::unique_ptr<HttpsTransport> inner) : inner_(std::move(inner)) {}
  rewards::Result<HttpResponse> Send(const HttpRequest& request) noexcept override {
    for (const auto& [name, value] : request.headers) {
      if (name == "Authorization") {
        std::lock_guard<std::mutex> lock(mu_);
        tokens_.insert(value.substr(std::string("Bearer ").size()));
      }
    }
    return inner_->Send(request);
  }
  std::set<std::string> tokens() const {
    std::lock_guard<std::mutex> lock(mu_);
    return tokens_;
  }
  HttpsTransport& https() { return *inner_; }

 private:
  std::unique_ptr<HttpsTransport> inner_;
  mutable std::mutex mu_;
  std::set<std::string> tokens_;
};

class AscendaClientTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { sim_ = SimHarness::Start().release(); }
  static void TearDownTestSuite() {
    delete sim_;
    sim_ = nullptr;
  }
  void SetUp() override {
    ASSERT_EQ(sim_->Control("POST", "/control/reset").status, 200);
    settings_ = test::SimSettings(*sim_);
  }
  void TearDown() override {
    // No line of any test may hold the secret or a token that was used.
    for (const auto& line : logger_.Lines()) {
      EXPECT_EQ(line.find(settings_.client_secret), std::string::npos) << line;
      for (const auto& token : used_tokens_) {
        EXPECT_EQ(line.find(token), std::string::npos) << line;
      }
    }
  }

  // A client for `settings` whose transport is kept in transport_.
  std::unique_ptr<AscendaClient> MakeClient(const AscendaSettings& settings) {
    HttpsTransport::Options options;
    options.base_url = settings.base_url;
    options.ca_file = settings.tls_ca_file;
    options.verify_peer = settings.tls_verify_peer;
    options.connect_timeout = std::chrono::milliseconds(settings.connect_timeout_ms);
    options.request_timeout = std::chrono::milliseconds(settings.request_timeout_ms);
    auto https = HttpsTransport::Create(options);
    EXPECT_TRUE(https.ok()) << https.status().ToString();
    auto recording = std::make_unique<RecordingTransport>(std::move(https).value());
    transport_ = recording.get();
    return std::make_unique<AscendaClient>(std::move(recording), settings, clock_, logger_);
  }
  std::unique_ptr<AscendaClient> MakeClient() { return MakeClient(settings_); }

  void RememberTokens() {
    if (transport_ == nullptr) return;
    for (const auto& t : transport_->tokens()) used_tokens_.insert(t);
  }

  static SimHarness* sim_;
  AscendaSettings settings_;
  test::OffsetClock clock_;
  test::CapturingLogger logger_;
  RecordingTransport* transport_ = nullptr;
  std::set<std::string> used_tokens_;
};
SimHarness* AscendaClientTest::sim_ = nullptr;

TEST_F(AscendaClientTest, ListsAPageWithTheContractHeaders) {
  auto client = MakeClient();
  // The sim refuses calls without X-Ascenda-Version or a valid bearer token.
  auto page = client->ListGiftCards(1, 100);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->cards.size(), 100u);
  EXPECT_EQ(page->meta.page, 1);
  EXPECT_EQ(page->meta.page_size, 100);
  EXPECT_EQ(page->meta.total_count, 1170);
  EXPECT_EQ(page->meta.total_pages, 12);
  EXPECT_NE(AscendaClient::UserAgent().find("ascenda-rewards-plugin/"), std::string::npos);
  RememberTokens();
}

TEST_F(AscendaClientTest, ReusesOneTokenAndOneConnection) {
  const std::int64_t issued = test::SimStat(*sim_, "tokens_issued");
  auto client = MakeClient();
  for (int i = 1; i <= 5; ++i) ASSERT_TRUE(client->ListGiftCards(i, 25).ok());
  EXPECT_EQ(test::SimStat(*sim_, "tokens_issued") - issued, 1);
  EXPECT_EQ(client->token_fetches(), 1);
  // Token request and five lists on one keep-alive connection.
  EXPECT_EQ(transport_->https().connections_opened(), 1);
  RememberTokens();
}

TEST_F(AscendaClientTest, ConcurrentCallersShareOneTokenRequest) {
  const std::int64_t issued = test::SimStat(*sim_, "tokens_issued");
  auto client = MakeClient();
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&, i] { ok += client->ListGiftCards(1 + i % 12, 10).ok() ? 1 : 0; });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 16);
  EXPECT_EQ(test::SimStat(*sim_, "tokens_issued") - issued, 1);
  EXPECT_EQ(client->token_fetches(), 1);
  RememberTokens();
}

// The plugin calls Ascenda from up to 16 submission workers plus the
// reconciler's rows in flight: a burst of 16 concurrent calls leaves 16
// kept-alive connections, and the next burst reuses them all instead of
// paying a TLS handshake each.
TEST_F(AscendaClientTest, ConcurrentCallersKeepTheirConnectionsForTheNextBurst) {
  auto client = MakeClient();
  ASSERT_TRUE(client->ListGiftCards(1, 1).ok());  // the token, one pooled connection
  constexpr int kCallers = 16;
  auto burst = [&] {
    // Each list is held 300 ms by the sim, so the 16 calls overlap.
    test::AddFault(*sim_, "list_gift_cards", "delay", kCallers, 300);
    std::vector<std::thread> threads;
    std::atomic<int> ok{0};
    for (int i = 0; i < kCallers; ++i) {
      threads.emplace_back([&, i] { ok += client->ListGiftCards(1 + i % 12, 10).ok() ? 1 : 0; });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok.load(), kCallers);
  };
  burst();
  const std::int64_t after_first = transport_->https().connections_opened();
  EXPECT_LE(after_first, kCallers);
  burst();
  EXPECT_EQ(transport_->https().connections_opened(), after_first);
  RememberTokens();
}

TEST_F(AscendaClientTest, TokenIsRenewedShortlyBeforeItExpires) {
  const std::int64_t issued = test::SimStat(*sim_, "tokens_issued");
  auto client = MakeClient();
  ASSERT_TRUE(client->ListGiftCards(1, 10).ok());
  clock_.Advance(std::chrono::seconds(3600 - 61));  // 61 s before expires_at: still used
  ASSERT_TRUE(client->ListGiftCards(1, 10).ok());
  EXPECT_EQ(test::SimStat(*sim_, "tokens_issued") - issued, 1);
  clock_.Advance(std::chrono::seconds(2));  // inside the last minute: renewed first
  ASSERT_TRUE(client->ListGiftCards(1, 10).ok());
  EXPECT_EQ(test::SimStat(*sim_, "tokens_issued") - issued, 2);
  RememberTokens();
}

TEST_F(AscendaClientTest, ExpiredTokenIsRefreshedOnceAndTheCallRepeated) {
  const std::int64_t issued = test::SimStat(*sim_, "tokens_issued");
  auto client = MakeClient();
  ASSERT_TRUE(client->ListGiftCards(1, 10).ok());
  ASSERT_EQ(sim_->Control("POST", "/control/tokens/expire").status, 200);
  const std::int64_t requests_before = test::SimStat(*sim_, "requests");
  auto page = client->ListGiftCards(2, 10);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->meta.page, 2);
  EXPECT_EQ(test::SimStat(*sim_, "tokens_issued") - issued, 2);
  // The refused call, one token request, the repeated call.
  EXPECT_EQ(test::SimStat(*sim_, "requests") - requests_before, 3);
  EXPECT_EQ(transport_->tokens().size(), 2u);
  RememberTokens();
}

TEST_F(AscendaClientTest, ConcurrentCallersAfterExpiryCauseOneRefresh) {
  const std::int64_t issued = test::SimStat(*sim_, "tokens_issued");
  auto client = MakeClient();
  ASSERT_TRUE(client->ListGiftCards(1, 10).ok());
  ASSERT_EQ(sim_->Control("POST", "/control/tokens/expire").status, 200);
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] { ok += client->ListGiftCards(1, 10).ok() ? 1 : 0; });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 8);
  EXPECT_EQ(test::SimStat(*sim_, "tokens_issued") - issued, 2);
  RememberTokens();
}

TEST_F(AscendaClientTest, A401AfterTheRefreshIsNotRepeatedAgain) {
  const std::int64_t issued = test::SimStat(*sim_, "tokens_issued");
  auto client = MakeClient();
  ASSERT_TRUE(client->ListGiftCards(1, 10).ok());
  test::AddFault(*sim_, "list_gift_cards", "invalid_token", 2);
  auto page = client->ListGiftCards(1, 10);
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(page.status().retry_class(), RetryClass::kTerminal);
  EXPECT_EQ(test::SimStat(*sim_, "tokens_issued") - issued, 2);  // one refresh, not a loop
  RememberTokens();
}

// The token endpoint's refusal is no answer to the call itself: the call was
// never sent (retryable), and the token failure's code is kept beside it.
TEST_F(AscendaClientTest, TokenEndpointFailuresNeverLookLikeTheCallsAnswer) {
  test::AddFault(*sim_, "token", "status_404", 1);
  test::AddFault(*sim_, "token", "status_500", 1);
  auto client = MakeClient(settings_);
  const std::string body = simtest::CreateBody("ref-token-1", simtest::kUsdCard, "50.00", "USD");
  for (const char* token_error : {"NN1002", "NN0001"}) {
    auto created = client->CreateGiftCardOrder(body);
    ASSERT_FALSE(created.ok());
    EXPECT_EQ(created.status().code(), StatusCode::kUnavailable);  // not a 404 rejection
    EXPECT_EQ(created.status().error(), "token_unavailable");
    EXPECT_EQ(created.status().details().at("token_error"), token_error);
    EXPECT_EQ(created.status().details().count("http_status"), 0u);
  }
  EXPECT_EQ(testsupport::CreateAttempts(*sim_, "ref-token-1"), 0);  // the create was never sent
  EXPECT_TRUE(client->CreateGiftCardOrder(body).ok());
}

TEST_F(AscendaClientTest, WrongSecretMeansTheCallWasNeverSent) {
  AscendaSettings wrong = settings_;
  wrong.client_secret = "not-the-secret";
  auto client = MakeClient(wrong);
  auto page = client->ListGiftCards(1, 10);
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(page.status().error(), "token_unavailable");
  EXPECT_EQ(page.status().details().at("token_error"), "NN1401");
  EXPECT_EQ(page.status().details().count("http_status"), 0u);
  EXPECT_FALSE(logger_.Contains("not-the-secret"));
}

TEST_F(AscendaClientTest, RateLimitIsRetryableWithRetryAfter) {
  auto client = MakeClient();
  test::AddFault(*sim_, "list_gift_cards", "status_429");
  auto page = client->ListGiftCards(1, 10);
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(page.status().retry_class(), RetryClass::kRetryable);
  EXPECT_EQ(page.status().details().at("retry_after_ms"), "1000");
  EXPECT_EQ(page.status().details().at("retry_after_s"), "1");
  EXPECT_EQ(page.status().details().at("http_status"), "429");
  EXPECT_TRUE(client->ListGiftCards(1, 10).ok());  // the client itself does not wait
  RememberTokens();
}

TEST_F(AscendaClientTest, ServerErrorsAreIndeterminate) {
  auto client = MakeClient();
  test::AddFault(*sim_, "list_gift_cards", "status_500");
  auto r500 = client->ListGiftCards(1, 10);
  ASSERT_FALSE(r500.ok());
  EXPECT_EQ(r500.status().code(), StatusCode::kUnknown);
  EXPECT_EQ(r500.status().retry_class(), RetryClass::kIndeterminate);
  EXPECT_EQ(r500.status().error(), "NN0001");
  for (const char* fault : {"status_502", "status_503", "status_504"}) {
    test::AddFault(*sim_, "list_gift_cards", fault);
    auto r = client->ListGiftCards(1, 10);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kUnknown) << fault;
    EXPECT_EQ(r.status().error(), std::string("http_") + (fault + 7)) << fault;
  }
  RememberTokens();
}

TEST_F(AscendaClientTest, RejectionsAreTerminalWithAscendaCodes) {
  auto client = MakeClient();
  auto missing = client->GetOrder("00000000-0000-4000-8000-00000000dead");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().error(), "NN1002");

  auto bad = client->CreateGiftCardOrder(R"({"reference_id":"r-bad"})");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().retry_class(), RetryClass::kTerminal);

  const std::string body = simtest::CreateBody("ref-conflict-1", simtest::kUsdCard, "50.00", "USD");
  auto created = client->CreateGiftCardOrder(body);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->status, 201);
  auto again = client->CreateGiftCardOrder(body);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kConflict);
  EXPECT_EQ(again.status().error(), "NN1011");

  auto listed = client->ListOrdersByReference("ref-conflict-1");
  ASSERT_TRUE(listed.ok());
  EXPECT_NE(listed->body.find("ref-conflict-1"), std::string::npos);
  const std::string order_id =
      simtest::Json(created->body)->getObject("data")->getValue<std::string>("id");
  auto order = client->GetOrder(order_id);
  ASSERT_TRUE(order.ok());
  auto resend = client->ResendEmail(order_id);  // not fulfilled yet
  ASSERT_FALSE(resend.ok());
  EXPECT_EQ(resend.status().code(), StatusCode::kFailedPrecondition);
  RememberTokens();
}

TEST_F(AscendaClientTest, ReadTimeoutIsIndeterminate) {
  AscendaSettings quick = settings_;
  quick.request_timeout_ms = 300;
  auto client = MakeClient(quick);
  ASSERT_TRUE(client->ListGiftCards(1, 10).ok());
  test::AddFault(*sim_, "list_gift_cards", "delay", 1, 2000);
  const auto start = std::chrono::steady_clock::now();
  auto page = client->ListGiftCards(1, 10);
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), StatusCode::kDeadlineExceeded);
  EXPECT_EQ(page.status().retry_class(), RetryClass::kIndeterminate);
  EXPECT_EQ(page.status().error(), "timeout");
  EXPECT_LT(took, std::chrono::milliseconds(1500));
  RememberTokens();
}

TEST_F(AscendaClientTest, ConnectionDroppedAfterSendingIsIndeterminate) {
  auto client = MakeClient();
  // Fresh connection (none pooled yet): the token request goes first, then
  // the create is dropped by the server before it is handled.
  ASSERT_TRUE(client->ListGiftCards(1, 1).ok());
  test::AddFault(*sim_, "create", "close_after_commit");
  auto created = client->CreateGiftCardOrder(
      simtest::CreateBody("ref-dropped-1", simtest::kUsdCard, "50.00", "USD"));
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().code(), StatusCode::kDeadlineExceeded);
  EXPECT_EQ(created.status().error(), "connection_lost");
  // Not repeated: a create is not idempotent.
  EXPECT_EQ(sim_->Reference("ref-dropped-1")->getValue<int>("create_attempts"), 1);
  RememberTokens();
}

TEST_F(AscendaClientTest, AReadOnAConnectionClosedUnderItIsRepeatedOnce) {
  auto client = MakeClient();
  ASSERT_TRUE(client->ListGiftCards(1, 1).ok());  // leaves a pooled connection
  test::AddFault(*sim_, "list_gift_cards", "close_before_commit");
  auto page = client->ListGiftCards(1, 1);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(transport_->https().connections_opened(), 2);
  RememberTokens();
}

TEST_F(AscendaClientTest, ClosedPortIsRetryable) {
  AscendaSettings closed = settings_;
  closed.base_url = "https://localhost:" + std::to_string(testsupport::FreeTcpPort());
  auto client = MakeClient(closed);
  auto page = client->ListGiftCards(1, 10);
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(page.status().retry_class(), RetryClass::kRetryable);
  // The token request is the first to fail.
  EXPECT_EQ(page.status().details().at("token_error"), "connection_refused");
}

// The whole exchange has one hard deadline: an answer trickled one byte a
// second (each byte well inside the receive timeout) is cut off at it.
TEST_F(AscendaClientTest, TrickledAnswerIsCutOffAtTheCallsHardDeadline) {
  AscendaSettings slow = settings_;
  slow.connect_timeout_ms = 300;
  slow.request_timeout_ms = 2000;  // hard deadline 3 x 300 + 2 x 2000 = 4.9 s
  auto client = MakeClient(slow);
  ASSERT_TRUE(client->ListGiftCards(1, 1).ok());  // the token, fetched already
  const std::string fault =
      R"({"op":"create","fault":"trickle","delay_ms":1000,"commit":false,"count":1})";
  ASSERT_EQ(sim_->Control("POST", "/control/faults", fault).status, 201);
  const auto start = std::chrono::steady_clock::now();
  auto created = client->CreateGiftCardOrder(
      simtest::CreateBody("ref-trickle-1", simtest::kUsdCard, "50.00", "USD"));
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().code(), StatusCode::kDeadlineExceeded);
  EXPECT_EQ(created.status().error(), "deadline");
  EXPECT_LT(took, std::chrono::milliseconds(4900 + 1500));         // the trickle alone takes 25 s
  EXPECT_FALSE(testsupport::OrderExists(*sim_, "ref-trickle-1"));  // it hung up before commit
}

// Stopping cuts an exchange under way short instead of waiting for it.
TEST_F(AscendaClientTest, AbortInFlightEndsAStalledExchangeAtOnce) {
  Poco::Net::ServerSocket silent(Poco::Net::SocketAddress("127.0.0.1", 0), 8);
  HttpsTransport::Options options;
  options.base_url = "https://localhost:" + std::to_string(silent.address().port());
  options.ca_file = settings_.tls_ca_file;
  options.connect_timeout = std::chrono::milliseconds(20000);
  auto transport = HttpsTransport::Create(options);
  ASSERT_TRUE(transport.ok());
  HttpRequest request;
  request.target = "/gift_cards";
  request.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  rewards::Result<HttpResponse> answer = rewards::Internal("not sent");
  std::atomic<bool> done{false};
  std::thread call([&] {
    answer = transport.value()->Send(request);
    done = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // inside the stalled handshake
  EXPECT_FALSE(done);
  const auto start = std::chrono::steady_clock::now();
  transport.value()->AbortInFlight();
  call.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.status().code(), StatusCode::kUnavailable);  // the request was never sent
  EXPECT_EQ(answer.status().error(), "deadline_exceeded");
}

TEST_F(AscendaClientTest, ServerThatNeverAnswersTheHandshakeIsAConnectTimeout) {
  // The kernel completes TCP connects into the backlog; nobody ever accepts,
  // so the TLS handshake gets no answer: nothing of the request was sent.
  Poco::Net::ServerSocket silent(Poco::Net::SocketAddress("127.0.0.1", 0), 8);
  AscendaSettings stalled = settings_;
  stalled.base_url = "https://localhost:" + std::to_string(silent.address().port());
  stalled.connect_timeout_ms = 300;
  auto client = MakeClient(stalled);
  const auto start = std::chrono::steady_clock::now();
  auto page = client->ListGiftCards(1, 10);
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(page.status().details().at("token_error"), "connect_timeout");
  EXPECT_GE(took, std::chrono::milliseconds(250));
  EXPECT_LT(took, std::chrono::milliseconds(2000));
}

// A client for the sim on `port`, trusting only the test CA.
AscendaSettings CustomSimSettings(const std::string& port) {
  AscendaSettings s;
  s.base_url = "https://localhost:" + port;
  s.client_id = "test-client";
  s.client_secret = "test-secret";
  s.tls_ca_file = testsupport::CertDir() + "/ca.pem";
  return s;
}

TEST(AscendaClientTlsTest, CertificateFromAnUntrustedCaIsRefused) {
  auto sim = test::CustomCertSim::Start(testsupport::CertDir() + "/untrusted.pem",
                                        testsupport::CertDir() + "/untrusted.key");
  test::OffsetClock clock;
  test::CapturingLogger logger;
  auto client = AscendaClient::Create(CustomSimSettings(sim->port()), clock, logger);
  ASSERT_TRUE(client.ok());
  auto page = client.value()->ListGiftCards(1, 10);
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(page.status().details().at("token_error"), "tls_certificate_rejected")
      << page.status().ToString();
  EXPECT_EQ(sim->Stat("requests"), 0);

  // The same server is accepted only with verification off.
  AscendaSettings unchecked = CustomSimSettings(sim->port());
  unchecked.tls_verify_peer = false;
  auto lax = AscendaClient::Create(unchecked, clock, logger);
  ASSERT_TRUE(lax.ok());
  auto accepted = lax.value()->ListGiftCards(1, 10);
  EXPECT_TRUE(accepted.ok()) << accepted.status().ToString();
}

TEST(AscendaClientTlsTest, CertificateForAnotherHostNameIsRefusedOnLoopback) {
  auto sim = test::CustomCertSim::Start(testsupport::CertDir() + "/wronghost.pem",
                                        testsupport::CertDir() + "/wronghost.key");
  test::OffsetClock clock;
  test::CapturingLogger logger;
  auto client = AscendaClient::Create(CustomSimSettings(sim->port()), clock, logger);
  ASSERT_TRUE(client.ok());
  auto page = client.value()->ListGiftCards(1, 10);
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(page.status().details().at("token_error"), "tls_certificate_rejected")
      << page.status().ToString();
  EXPECT_EQ(sim->Stat("requests"), 0);
}

TEST(AscendaClientTlsTest, IpAddressInTheCertificateIsAccepted) {
  auto sim = SimHarness::Start();
  test::OffsetClock clock;
  test::CapturingLogger logger;
  AscendaSettings by_ip = test::SimSettings(*sim);
  by_ip.base_url = "https://127.0.0.1:" + test::SimPort(*sim);
  auto client = AscendaClient::Create(by_ip, clock, logger);
  ASSERT_TRUE(client.ok());
  EXPECT_TRUE(client.value()->ListGiftCards(1, 10).ok());
}

TEST(AscendaClientSetupTest, PlainHttpIsRefused) {
  HttpsTransport::Options options;
  options.base_url = "http://localhost:8080";
  auto transport = HttpsTransport::Create(options);
  ASSERT_FALSE(transport.ok());
  EXPECT_EQ(transport.status().error(), "invalid_base_url");
}

TEST(ApiErrorTest, MapsStatusesAndKeepsTheAscendaCode) {
  const auto now = std::chrono::system_clock::now();
  auto status_of = [&](int code, const std::string& body = "") {
    HttpResponse r;
    r.status = code;
    r.body = body;
    return StatusFromResponse(r, now);
  };
  const std::string nn1301 =
      R"({"errors":[{"code":"NN1301","status":"422","title":"Member invalid","detail":"x"}]})";
  EXPECT_EQ(status_of(422, nn1301).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(status_of(422, nn1301).error(), "NN1301");
  EXPECT_EQ(status_of(400).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status_of(404).code(), StatusCode::kNotFound);
  EXPECT_EQ(status_of(409).code(), StatusCode::kConflict);
  EXPECT_EQ(status_of(401).code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(status_of(502, "<html>bad gateway</html>").code(), StatusCode::kUnknown);
  EXPECT_EQ(status_of(502, "<html>bad gateway</html>").error(), "http_502");
  EXPECT_EQ(status_of(599).retry_class(), RetryClass::kIndeterminate);
  EXPECT_EQ(status_of(302).error(), "unexpected_status");

  HttpResponse limited;
  limited.status = 429;
  limited.headers["retry-after"] = "7";
  EXPECT_EQ(StatusFromResponse(limited, now).details().at("retry_after_ms"), "7000");
  limited.headers["retry-after"] = "Wed, 21 Oct 2015 07:28:00 GMT";
  EXPECT_EQ(RetryAfter(limited, std::chrono::system_clock::from_time_t(1445412470)),
            std::chrono::milliseconds(10000));
  limited.headers["retry-after"] = "soon";
  EXPECT_EQ(RetryAfter(limited, now), kDefaultRetryAfter);
}

}  // namespace
}  // namespace ascenda
