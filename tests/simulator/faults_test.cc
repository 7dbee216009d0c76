// Scripted and rate-driven misbehaviour and the 429 token bucket
// (docs/ascenda-api.md §4): what the client sees, and whether the order was committed.
#include <gtest/gtest.h>

#include <chrono>

#include "sim_harness.h"

namespace simtest {
namespace {

using Poco::JSON::Object;

class SimFaultsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    sim_ = SimHarness::Start({{"sim.faults.delay_ms", "1500"}}).release();
  }
  static void TearDownTestSuite() { delete sim_; }
  void SetUp() override { ASSERT_EQ(sim_->Control("POST", "/control/reset").status, 200); }

  void Script(const std::string& json) {
    HttpReply reply = sim_->Control("POST", "/control/faults", json);
    ASSERT_EQ(reply.status, 201) << reply.body;
  }
  bool OrderExists(const std::string& ref) { return !sim_->Reference(ref)->isNull("order"); }
  int Attempts(const std::string& ref) {
    return sim_->Reference(ref)->getValue<int>("create_attempts");
  }
  static SimHarness* sim_;
};
SimHarness* SimFaultsTest::sim_ = nullptr;

TEST_F(SimFaultsTest, CloseBeforeCommitDropsTheRequest) {
  Script(R"({"op":"create","reference_id":"f-cb","fault":"close_before_commit"})");
  HttpReply reply = sim_->Create("f-cb");
  EXPECT_EQ(reply.status, 0);
  EXPECT_FALSE(reply.error.empty());
  EXPECT_FALSE(OrderExists("f-cb"));
  EXPECT_EQ(Attempts("f-cb"), 1);
  EXPECT_EQ(sim_->Create("f-cb").status, 201);  // the fault was used up
  EXPECT_EQ(Attempts("f-cb"), 2);
}

TEST_F(SimFaultsTest, CloseAfterCommitKeepsTheOrder) {
  Script(R"({"op":"create","reference_id":"f-ca","fault":"close_after_commit"})");
  HttpReply reply = sim_->Create("f-ca");
  EXPECT_EQ(reply.status, 0);
  EXPECT_TRUE(OrderExists("f-ca"));
  HttpReply again = sim_->Create("f-ca");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(ErrorCode(again), "NN1011");
  EXPECT_EQ(Attempts("f-ca"), 2);
  Object::Ptr found = Json(sim_->Api("GET", "/orders?reference_id=f-ca"));
  EXPECT_EQ(found->getObject("meta")->getValue<int>("total_count"), 1);
}

TEST_F(SimFaultsTest, TimeoutAfterCommitAnswersTooLate) {
  Script(R"({"op":"create","reference_id":"f-to","fault":"timeout_after_commit"})");
  auto start = std::chrono::steady_clock::now();
  HttpReply reply = sim_->Create("f-to", kUsdCard, "50.00", "USD", 300);
  EXPECT_EQ(reply.status, 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1400));
  EXPECT_TRUE(OrderExists("f-to"));
}

TEST_F(SimFaultsTest, TimeoutAfterCommitStillAnswersAPatientClient) {
  Script(R"({"op":"create","fault":"timeout_after_commit","delay_ms":300})");
  auto start = std::chrono::steady_clock::now();
  HttpReply reply = sim_->Create("f-patient");
  EXPECT_EQ(reply.status, 201);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(300));
}

TEST_F(SimFaultsTest, Status500WithoutCommit) {
  Script(R"({"op":"create","reference_id":"f-500","fault":"status_500"})");
  HttpReply reply = sim_->Create("f-500");
  EXPECT_EQ(reply.status, 500);
  EXPECT_EQ(ErrorCode(reply), "NN0001");
  EXPECT_FALSE(OrderExists("f-500"));
}

TEST_F(SimFaultsTest, Status503WithCommitIsAGatewayPage) {
  Script(R"({"op":"create","reference_id":"f-503","fault":"status_503","commit":true})");
  HttpReply reply = sim_->Create("f-503");
  EXPECT_EQ(reply.status, 503);
  EXPECT_EQ(reply.headers["content-type"], "text/html");
  EXPECT_TRUE(OrderExists("f-503"));
}

TEST_F(SimFaultsTest, Status502And504WithAndWithoutCommit) {
  Script(R"({"op":"create","reference_id":"f-502","fault":"status_502"})");
  Script(R"({"op":"create","reference_id":"f-504","fault":"status_504","commit":true})");
  EXPECT_EQ(sim_->Create("f-502").status, 502);
  EXPECT_EQ(sim_->Create("f-504").status, 504);
  EXPECT_FALSE(OrderExists("f-502"));
  EXPECT_TRUE(OrderExists("f-504"));
}

TEST_F(SimFaultsTest, Scripted429CarriesRetryAfter) {
  Script(R"({"op":"create","fault":"status_429"})");
  HttpReply reply = sim_->Create("f-429");
  EXPECT_EQ(reply.status, 429);
  EXPECT_EQ(reply.headers["retry-after"], "1");
  EXPECT_FALSE(OrderExists("f-429"));
}

TEST_F(SimFaultsTest, ContractErrorsWithoutAHomeAreScriptable) {
  Script(R"({"op":"create","reference_id":"f-422","fault":"member_invalid"})");
  Script(R"({"op":"list_gift_cards","fault":"tenant_not_found"})");
  HttpReply member = sim_->Create("f-422");
  EXPECT_EQ(member.status, 422);
  EXPECT_EQ(ErrorCode(member), "NN1301");
  EXPECT_FALSE(OrderExists("f-422"));
  HttpReply tenant = sim_->Api("GET", "/gift_cards");
  EXPECT_EQ(tenant.status, 404);
  EXPECT_EQ(ErrorCode(tenant), "AF2006");
}

TEST_F(SimFaultsTest, InvalidTokenFaultIsOneOff) {
  Script(R"({"op":"list_gift_cards","fault":"invalid_token"})");
  EXPECT_EQ(sim_->Api("GET", "/gift_cards").status, 401);
  EXPECT_EQ(sim_->Api("GET", "/gift_cards").status, 200);
}

TEST_F(SimFaultsTest, ExpiredTokenFaultExpiresTheToken) {
  Script(R"({"op":"create","fault":"expired_token"})");
  HttpReply reply = sim_->Create("f-exp");
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(ErrorCode(reply), "NN1401");
  EXPECT_EQ(sim_->Create("f-exp").status, 401);  // same token, still expired
  sim_->ForgetToken();
  EXPECT_EQ(sim_->Create("f-exp").status, 201);
}

TEST_F(SimFaultsTest, SlowTokenEndpoint) {
  Script(R"({"op":"token","fault":"delay","delay_ms":1000})");
  sim_->ForgetToken();
  HttpReply reply = testsupport::HttpCall(
      "POST", sim_->ApiUrl("/tokens"),
      R"({"client_id":"test-client","client_secret":"test-secret","grant_type":"client_credentials"})",
      {}, sim_->ca_file(), 200);
  EXPECT_EQ(reply.status, 0);
  EXPECT_EQ(sim_->Api("GET", "/gift_cards").status, 200);  // next token is quick
}

TEST_F(SimFaultsTest, ScriptedFaultOnlyHitsItsReference) {
  Script(R"({"op":"create","reference_id":"f-target","fault":"status_500"})");
  EXPECT_EQ(sim_->Create("f-other").status, 201);
  EXPECT_EQ(sim_->Create("f-target").status, 500);
  EXPECT_EQ(sim_->Create("f-target").status, 201);
}

TEST_F(SimFaultsTest, CountCoversSeveralRequests) {
  Script(R"({"op":"create","reference_id":"f-count","fault":"status_503","count":2})");
  EXPECT_EQ(sim_->Create("f-count").status, 503);
  EXPECT_EQ(sim_->Create("f-count").status, 503);
  EXPECT_EQ(sim_->Create("f-count").status, 201);
  EXPECT_EQ(Attempts("f-count"), 3);
}

TEST_F(SimFaultsTest, FaultsOnOrderLookups) {
  std::string id = Json(sim_->Create("f-get"))->getObject("data")->getValue<std::string>("id");
  Script(R"({"op":"get_order","reference_id":"f-get","fault":"status_500"})");
  Script(R"({"op":"list_orders","reference_id":"f-get","fault":"close_before_commit"})");
  EXPECT_EQ(sim_->Api("GET", "/orders/" + id).status, 500);
  EXPECT_EQ(sim_->Api("GET", "/orders?reference_id=f-get").status, 0);
  EXPECT_EQ(sim_->Api("GET", "/orders/" + id).status, 200);
}

TEST_F(SimFaultsTest, BadFaultRequestsAreRefused) {
  EXPECT_EQ(sim_->Control("POST", "/control/faults", R"({"op":"create","fault":"boom"})").status,
            400);
  EXPECT_EQ(sim_->Control("POST", "/control/faults", R"({"op":"x","fault":"status_500"})").status,
            400);
}

TEST(SimFaultRatesTest, RateFaultsHitTheConfiguredOperations) {
  auto sim = SimHarness::Start(
      {{"sim.faults.rate.status_503", "1"}, {"sim.faults.status_commit_rate", "0"}});
  EXPECT_EQ(sim->Create("rate-1").status, 503);
  EXPECT_TRUE(sim->Reference("rate-1")->isNull("order"));
  EXPECT_EQ(sim->Api("GET", "/gift_cards").status, 200);  // only create by default
}

TEST(SimFaultRatesTest, ControlApiChangesTheRatesAndResetRestoresThem) {
  auto sim = SimHarness::Start(
      {{"sim.faults.rate.status_503", "1"}, {"sim.faults.status_commit_rate", "0"}});
  ASSERT_EQ(sim->Control("POST", "/control/fault-rates", R"({"rates":{}})").status, 200);
  EXPECT_EQ(sim->Create("rates-off").status, 201);
  ASSERT_EQ(sim->Control("POST", "/control/fault-rates", R"({"rates":{"status_500":1}})").status,
            200);
  EXPECT_EQ(sim->Create("rates-500").status, 500);
  EXPECT_EQ(sim->Control("POST", "/control/fault-rates", R"({"rates":{"nonsense":0.1}})").status,
            400);
  EXPECT_EQ(
      sim->Control("POST", "/control/fault-rates", R"({"rates":{"status_500":0.6,"delay":0.6}})")
          .status,
      400);
  ASSERT_EQ(sim->Control("POST", "/control/reset").status, 200);
  EXPECT_EQ(sim->Create("rates-back").status, 503);
}

TEST(SimRateLimitTest, TokenBucketAnswers429WithRetryAfter) {
  auto sim = SimHarness::Start({{"sim.ratelimit.rps", "0.5"}, {"sim.ratelimit.burst", "3"}});
  ASSERT_EQ(sim->Control("POST", "/control/reset").status, 200);  // refill after start-up probes
  std::string token = sim->Token();                               // takes one
  EXPECT_EQ(sim->Api("GET", "/gift_cards").status, 200);
  EXPECT_EQ(sim->Api("GET", "/gift_cards").status, 200);
  HttpReply limited = sim->Api("GET", "/gift_cards");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.headers["retry-after"], "2");
  EXPECT_EQ(ErrorCode(limited), "NN1429");
  EXPECT_EQ(Json(sim->Control("GET", "/control/stats").body)->getValue<int>("rate_limited"), 1);
  ASSERT_EQ(sim->Control("POST", "/control/ratelimit", R"({"rps":0})").status, 200);
  EXPECT_EQ(sim->Api("GET", "/gift_cards").status, 200);
}

}  // namespace
}  // namespace simtest
