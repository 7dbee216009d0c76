// AscendaClient over a scripted transport: the rules every call shares,
// without a network.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "ascenda/client/ascenda_client.h"
#include "ascenda_test_env.h"
#include "support/manual_clock.h"
#include "support/scripted_transport.h"

namespace ascenda {
namespace {

using rewards::StatusCode;

class AscendaClientUnitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    settings_.base_url = "https://ascenda.test";
    settings_.client_id = "client";
    settings_.client_secret = "secret";
    settings_.retry_after_max_s = 300;
    auto transport = std::make_unique<testsupport::ScriptedTransport>();
    transport_ = transport.get();
    client_ = std::make_unique<AscendaClient>(std::move(transport), settings_, clock_, logger_);
    transport_->Answer(201, R"({"access_token":"tok","expires_at":1900000000})");
  }

  AscendaSettings settings_;
  testsupport::ManualClock clock_;
  test::CapturingLogger logger_;
  testsupport::ScriptedTransport* transport_ = nullptr;
  std::unique_ptr<AscendaClient> client_;
};

// One 429 asking for a day must not park the catalogue sync (or anything
// else) past the catalogue's hour: every call caps it.
TEST_F(AscendaClientUnitTest, RetryAfterIsCappedOnEveryCall) {
  transport_->Answer(429, R"({"errors":[{"code":"NN1429","title":"Too many requests"}]})",
                     {{"retry-after", "86400"}});
  transport_->Answer(429, R"({"errors":[{"code":"NN1429","title":"Too many requests"}]})",
                     {{"retry-after", "86400"}});
  transport_->Answer(429, R"({"errors":[{"code":"NN1429"}]})", {{"retry-after", "7"}});
  auto page = client_->ListGiftCards(1, 100);
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(page.status().details().at("retry_after_ms"), "300000");
  EXPECT_EQ(page.status().details().at("retry_after_s"), "300");
  auto created = client_->CreateGiftCardOrder("{}");
  EXPECT_EQ(created.status().details().at("retry_after_ms"), "300000");
  auto listed = client_->ListOrdersByReference("ref-1");  // a short one is kept as it is
  EXPECT_EQ(listed.status().details().at("retry_after_ms"), "7000");
}

TEST_F(AscendaClientUnitTest, EveryCallCarriesItsHardDeadline) {
  transport_->Answer(200, R"({"data":[],"meta":{}})");
  (void)client_->ListOrdersByReference("ref-1");
  const auto sent = transport_->requests();
  ASSERT_EQ(sent.size(), 2u);  // the token request, then the call
  for (const HttpRequest& r : sent) {
    ASSERT_TRUE(r.deadline.has_value()) << r.target;
    EXPECT_LE(*r.deadline - std::chrono::steady_clock::now(), AscendaClient::CallBudget(settings_));
  }
  EXPECT_EQ(sent[0].deadline, sent[1].deadline);  // one deadline for the whole exchange
}

}  // namespace
}  // namespace ascenda
