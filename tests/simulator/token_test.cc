// docs/ascenda-api.md §2: the client-credentials token, its absolute expiry, and 401s.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "sim_harness.h"
#include "support/wait_until.h"

namespace simtest {
namespace {

using testsupport::HttpCall;

// Precise wall seconds (std::time may use a coarse clock a few ms behind).
int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const char kGoodCredentials[] =
    R"({"client_id":"test-client","client_secret":"test-secret","grant_type":"client_credentials"})";

class SimTokenTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { sim_ = SimHarness::Start().release(); }
  static void TearDownTestSuite() { delete sim_; }
  void SetUp() override {
    ASSERT_EQ(sim_->Control("POST", "/control/reset").status, 200);
    sim_->ForgetToken();
  }
  HttpReply PostToken(const std::string& body) {
    return HttpCall("POST", sim_->ApiUrl("/tokens"), body, {}, sim_->ca_file());
  }
  static SimHarness* sim_;
};
SimHarness* SimTokenTest::sim_ = nullptr;

TEST_F(SimTokenTest, IssuesBearerTokenWithAbsoluteExpiry) {
  int64_t before = NowSeconds();
  HttpReply reply = PostToken(kGoodCredentials);
  ASSERT_EQ(reply.status, 201) << reply.body << reply.error;
  auto body = Json(reply);
  EXPECT_EQ(body->getValue<std::string>("token_type"), "Bearer");
  EXPECT_EQ(body->getValue<std::string>("token"), body->getValue<std::string>("access_token"));
  EXPECT_EQ(body->getValue<std::string>("token_id").size(), 36u);
  int64_t expires_at = body->getValue<int64_t>("expires_at");
  EXPECT_GE(expires_at, before + 3600);
  EXPECT_LE(expires_at, NowSeconds() + 3600);
}

TEST_F(SimTokenTest, WrongSecretIs401) {
  HttpReply reply = PostToken(
      R"({"client_id":"test-client","client_secret":"nope","grant_type":"client_credentials"})");
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(ErrorCode(reply), "NN1401");
}

TEST_F(SimTokenTest, UnknownClientIs401) {
  HttpReply reply = PostToken(
      R"({"client_id":"other","client_secret":"test-secret","grant_type":"client_credentials"})");
  EXPECT_EQ(reply.status, 401);
}

TEST_F(SimTokenTest, WrongGrantTypeIs400) {
  HttpReply reply = PostToken(
      R"({"client_id":"test-client","client_secret":"test-secret","grant_type":"password"})");
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(ErrorCode(reply), "NN1001");
}

TEST_F(SimTokenTest, NonJsonBodyIs400) {
  HttpReply reply = PostToken("client_id=test-client");
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(ErrorCode(reply), "NN1001");
}

TEST_F(SimTokenTest, MistypedFieldIsAF2001) {
  HttpReply reply = PostToken(
      R"({"client_id":7,"client_secret":"test-secret","grant_type":"client_credentials"})");
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(ErrorCode(reply), "AF2001");
}

TEST_F(SimTokenTest, MissingOrUnknownBearerIs401) {
  EXPECT_EQ(sim_->Api("GET", "/gift_cards", "", {{"Authorization", ""}}).status, 401);
  HttpReply reply = sim_->Api("GET", "/gift_cards", "", {{"Authorization", "Bearer sim_nope"}});
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(ErrorCode(reply), "NN1401");
  EXPECT_EQ(sim_->Api("GET", "/gift_cards").status, 200);
}

TEST_F(SimTokenTest, ControlExpiryMakesTokenInvalid) {
  ASSERT_EQ(sim_->Api("GET", "/gift_cards").status, 200);
  EXPECT_EQ(sim_->Control("POST", "/control/tokens/expire").body, R"({"expired":1})");
  EXPECT_EQ(sim_->Api("GET", "/gift_cards").status, 401);
  sim_->ForgetToken();
  EXPECT_EQ(sim_->Api("GET", "/gift_cards").status, 200);
}

TEST_F(SimTokenTest, ShiftedClockPassesExpiresAt) {
  ASSERT_EQ(sim_->Api("GET", "/gift_cards").status, 200);
  ASSERT_EQ(sim_->Control("POST", "/control/clock", R"({"offset_s":3600})").status, 200);
  EXPECT_EQ(sim_->Api("GET", "/gift_cards").status, 401);
  // Well inside the hour: the token's expiry is in whole seconds from when
  // it was issued, and a second may pass between that and this call on a
  // busy machine (3599 failed so).
  ASSERT_EQ(sim_->Control("POST", "/control/clock", R"({"offset_s":3590})").status, 200);
  EXPECT_EQ(sim_->Api("GET", "/gift_cards").status, 200);
}

TEST(SimTokenExpiryTest, TokenStopsWorkingAtExpiresAt) {
  auto sim = SimHarness::Start({{"sim.token_ttl_s", "1"}});
  HttpReply token = HttpCall("POST", sim->ApiUrl("/tokens"), kGoodCredentials, {}, sim->ca_file());
  ASSERT_EQ(token.status, 201);
  std::string bearer = "Bearer " + Json(token)->getValue<std::string>("access_token");
  int64_t expires_at = Json(token)->getValue<int64_t>("expires_at");
  EXPECT_EQ(sim->Api("GET", "/gift_cards", "", {{"Authorization", bearer}}).status, 200);
  int status = 200;
  testsupport::WaitUntil(
      [&] {
        status = sim->Api("GET", "/gift_cards", "", {{"Authorization", bearer}}).status;
        return status != 200;
      },
      std::chrono::seconds(3), std::chrono::milliseconds(50));
  EXPECT_EQ(status, 401);
  EXPECT_GE(NowSeconds(), expires_at);
}

}  // namespace
}  // namespace simtest
