// End to end, redeem under Ascenda faults (Ascenda's timeout
// workflow): NN1011 adopted, a timeout after commit found without a second
// order, a connection closed before commit resubmitted exactly once, five
// indeterminate creates parked and then completed by the reconciler, 429
// waited out without counting, the member's wait bounded by submit.wait_ms,
// and 200 parallel redemptions against a balance that covers 100.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ascenda_test_env.h"
#include "support/end_to_end_host.h"
#include "support/wait_until.h"

namespace ascenda {
namespace {

using simtest::SimHarness;
using testsupport::HttpReply;
using Clock = std::chrono::steady_clock;

class HostRedeemRecoveryTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    sim_ = SimHarness::Start(
               {{"sim.lifecycle.pending_ms", "100"}, {"sim.lifecycle.processing_ms", "100"}})
               .release();
    host_ = new testsupport::EndToEndHost(*sim_, {});
    host_->Start();
  }
  static void TearDownTestSuite() {
    delete host_;
    delete sim_;
  }
  void SetUp() override { ASSERT_EQ(sim_->Control("DELETE", "/control/faults").status, 200); }

  static std::string Field(const HttpReply& r, const std::string& key) {
    return simtest::Json(r)->getValue<std::string>(key);
  }
  // Redeems 10.00 USD (1000 points) and waits until it is fulfilled.
  static std::string RedeemAndExpectFulfilled(const std::string& member, int wait_ms = 15000) {
    HttpReply r = host_->Redeem(member, simtest::kUsdCard, "10.00", "USD", 1000, "k-" + member);
    EXPECT_EQ(r.status, 201) << r.body;
    if (r.status != 201) return "";
    auto done = host_->WaitForStatus(Field(r, "id"), member, "fulfilled", wait_ms);
    EXPECT_TRUE(done && done->getValue<std::string>("status") == "fulfilled") << host_->Log();
    return Field(r, "reference_id");
  }

  static SimHarness* sim_;
  static testsupport::EndToEndHost* host_;
};
SimHarness* HostRedeemRecoveryTest::sim_ = nullptr;
testsupport::EndToEndHost* HostRedeemRecoveryTest::host_ = nullptr;

TEST_F(HostRedeemRecoveryTest, TimeoutAfterCommitIsFoundWithoutASecondOrder) {
  host_->CreateMember("m-timeout", 5000);
  test::AddFault(*sim_, "create", "timeout_after_commit", 1, 4000);
  const std::string ref = RedeemAndExpectFulfilled("m-timeout");
  EXPECT_EQ(testsupport::CreateAttempts(*sim_, ref), 1);
  EXPECT_TRUE(testsupport::OrderExists(*sim_, ref));
  EXPECT_EQ(host_->Balance("m-timeout"), 4000);
}

TEST_F(HostRedeemRecoveryTest, ConnectionClosedBeforeCommitIsResubmittedOnce) {
  host_->CreateMember("m-closed", 5000);
  test::AddFault(*sim_, "create", "close_before_commit");
  const std::string ref = RedeemAndExpectFulfilled("m-closed");
  EXPECT_EQ(testsupport::CreateAttempts(*sim_, ref), 2);
  EXPECT_TRUE(testsupport::OrderExists(*sim_, ref));
  EXPECT_EQ(host_->Balance("m-closed"), 4000);
}

TEST_F(HostRedeemRecoveryTest, RateLimitIsWaitedOutWithoutCounting) {
  host_->CreateMember("m-429", 5000);
  test::AddFault(*sim_, "create", "status_429");
  HttpReply r = host_->Redeem("m-429", simtest::kUsdCard, "10.00", "USD", 1000, "k-1");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string id = Field(r, "id");
  auto done = host_->WaitForStatus(id, "m-429", "fulfilled");
  ASSERT_TRUE(done);
  EXPECT_EQ(done->getValue<std::string>("status"), "fulfilled");
  EXPECT_EQ(testsupport::CreateAttempts(*sim_, Field(r, "reference_id")), 2);
  EXPECT_EQ(host_->Balance("m-429"), 4000);
  EXPECT_EQ(host_->Log().find("redemption " + id + " reserved -> unknown"), std::string::npos)
      << "a 429 is not an attempt in doubt";
  EXPECT_NE(host_->Log().find("redemption " + id + " reserved -> submitted"), std::string::npos);
}

TEST_F(HostRedeemRecoveryTest, FiveIndeterminateCreatesParkThenTheReconcilerCompletes) {
  host_->CreateMember("m-parked", 5000);
  test::AddFault(*sim_, "create", "status_503", 4);
  test::AddFault(*sim_, "create", "close_after_commit", 1);
  HttpReply r = host_->Redeem("m-parked", simtest::kUsdCard, "10.00", "USD", 1000, "k-1");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(Field(r, "status"), "processing");
  const std::string id = Field(r, "id");
  const std::string ref = Field(r, "reference_id");
  EXPECT_EQ(testsupport::CreateAttempts(*sim_, ref), 5);
  EXPECT_NE(host_->Log().find("redemption " + id + " unknown -> processing"), std::string::npos)
      << host_->Log();
  // Still sick for the reconciler's first looks; then it heals.
  test::AddFault(*sim_, "list_orders", "status_503", 2);
  auto done = host_->WaitForStatus(id, "m-parked", "fulfilled", 20000);
  ASSERT_TRUE(done);
  EXPECT_EQ(done->getValue<std::string>("status"), "fulfilled") << host_->Log();
  EXPECT_EQ(testsupport::CreateAttempts(*sim_, ref), 5);  // parked: no sixth create
  EXPECT_TRUE(testsupport::OrderExists(*sim_, ref));
  EXPECT_EQ(host_->Balance("m-parked"), 4000);
}

TEST_F(HostRedeemRecoveryTest, ReferenceAlreadyExistsIsAdoptedAndTheWaitIsBounded) {
  host_->CreateMember("m-nn1011", 5000);
  host_->ChangeSettings(
      {{"ascenda.submit.wait_ms", "300"}, {"ascenda.timeout.request_ms", "5000"}});
  test::AddFault(*sim_, "create", "delay", 1, 2000);  // holds our create before it commits
  const auto started = Clock::now();
  HttpReply r = host_->Redeem("m-nn1011", simtest::kUsdCard, "10.00", "USD", 1000, "k-1");
  const auto waited = Clock::now() - started;
  host_->ChangeSettings(
      {{"ascenda.submit.wait_ms", "3000"}, {"ascenda.timeout.request_ms", "1000"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_LT(waited, std::chrono::milliseconds(1500));  // wait_ms 300, not the 2 s create
  EXPECT_EQ(Field(r, "status"), "processing");
  const std::string ref = Field(r, "reference_id");
  // Someone else's create with our reference_id lands first: ours gets NN1011.
  HttpReply other = sim_->Create(ref, simtest::kUsdCard, "10.00", "USD");
  ASSERT_EQ(other.status, 201) << other.body;
  auto done = host_->WaitForStatus(Field(r, "id"), "m-nn1011", "fulfilled");
  ASSERT_TRUE(done);
  EXPECT_EQ(done->getValue<std::string>("status"), "fulfilled") << host_->Log();
  EXPECT_EQ(testsupport::CreateAttempts(*sim_, ref), 2);
  EXPECT_NE(host_->Log().find("(create_conflict)"), std::string::npos);
  EXPECT_EQ(host_->Balance("m-nn1011"), 4000);
}

TEST_F(HostRedeemRecoveryTest, TwoHundredParallelRedemptionsAgainstABalanceForOneHundred) {
  host_->CreateMember("m-crowd", 100 * 1000);
  const std::int64_t orders = test::SimStat(*sim_, "orders");
  std::atomic<int> created{0}, insufficient{0}, other{0};
  std::mutex other_mu;
  std::string other_answers;
  std::atomic<bool> running{true};
  std::atomic<std::int64_t> lowest{100 * 1000};
  std::thread sampler([&] {
    while (running) {
      const std::int64_t b = host_->Balance("m-crowd");
      std::int64_t seen = lowest;
      while (b < seen && !lowest.compare_exchange_weak(seen, b)) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  std::vector<std::thread> clients;
  for (int i = 0; i < 200; ++i) {
    clients.emplace_back([&, i] {
      HttpReply r = host_->Redeem("m-crowd", simtest::kUsdCard, "10.00", "USD", 1000,
                                  "crowd-" + std::to_string(i));
      if (r.status == 201) {
        ++created;
      } else if (r.status == 422 && r.body.find("insufficient_points") != std::string::npos) {
        ++insufficient;
      } else {
        ++other;
        std::lock_guard<std::mutex> lock(other_mu);
        other_answers += std::to_string(r.status) + " " + r.body + r.error + "\n";
      }
    });
  }
  for (auto& t : clients) t.join();
  running = false;
  sampler.join();
  EXPECT_EQ(created.load(), 100);
  EXPECT_EQ(insufficient.load(), 100);
  EXPECT_EQ(other.load(), 0) << other_answers;
  EXPECT_GE(lowest.load(), 0);
  EXPECT_EQ(host_->Balance("m-crowd"), 0);
  testsupport::WaitUntil([&] { return test::SimStat(*sim_, "orders") >= orders + 100; },
                         std::chrono::seconds(10), std::chrono::milliseconds(50));
  EXPECT_EQ(test::SimStat(*sim_, "orders"), orders + 100);
}

}  // namespace
}  // namespace ascenda
