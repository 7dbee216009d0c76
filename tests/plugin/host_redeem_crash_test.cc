// End to end, redeem across a crash and across a day: the host is killed
// (SIGKILL) while its create is held by the simulator — before the order is
// committed and after — and restarted on the same database (the SQLite file,
// or the PostgreSQL database, as REWARDS_TEST_DB says): exactly one
// order and one debit, and the redemption completes. And on a manual host
// clock, a redemption without an outcome gives up after 24 h into
// needs_attention, without a refund.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "ascenda_test_env.h"
#include "support/end_to_end_host.h"
#include "support/wait_until.h"

namespace ascenda {
namespace {

using simtest::SimHarness;
using testsupport::HttpReply;

std::string Field(const HttpReply& r, const std::string& key) {
  return simtest::Json(r)->getValue<std::string>(key);
}

// Short timeouts and wait, so the dead node's lease (wait + 2 calls) lapses
// within seconds.
testsupport::EndToEndOptions CrashOptions() {
  testsupport::EndToEndOptions o;
  o.settings = {{"ascenda.submit.wait_ms", "300"},
                {"ascenda.timeout.connect_ms", "500"},
                {"ascenda.timeout.request_ms", "500"}};
  return o;
}

class HostRedeemCrashTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    sim_ = SimHarness::Start(
               {{"sim.lifecycle.pending_ms", "100"}, {"sim.lifecycle.processing_ms", "100"}})
               .release();
  }
  static void TearDownTestSuite() { delete sim_; }
  void SetUp() override { ASSERT_EQ(sim_->Control("DELETE", "/control/faults").status, 200); }

  // Redeems with the create held by `fault`, kills the host mid-create,
  // restarts it and expects the redemption to complete with one order.
  void CrashDuringCreate(const std::string& fault, int expected_create_attempts) {
    testsupport::EndToEndHost host(*sim_, CrashOptions());
    host.Start();
    host.CreateMember("m-crash", 5000);
    test::AddFault(*sim_, "create", fault, 1, 9000);
    HttpReply r = host.Redeem("m-crash", simtest::kUsdCard, "10.00", "USD", 1000, "k-1");
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(Field(r, "status"), "processing");
    const std::string id = Field(r, "id");
    const std::string ref = Field(r, "reference_id");
    ASSERT_EQ(testsupport::CreateAttempts(*sim_, ref), 1);  // held by the simulator now
    host.Kill();

    host.Start();
    EXPECT_EQ(host.Balance("m-crash"), 4000);
    auto done = host.WaitForStatus(id, "m-crash", "fulfilled", 25000);
    ASSERT_TRUE(done);
    EXPECT_EQ(done->getValue<std::string>("status"), "fulfilled") << host.Log();
    EXPECT_EQ(host.Balance("m-crash"), 4000);  // one debit, no refund
    EXPECT_TRUE(testsupport::OrderExists(*sim_, ref));
    EXPECT_EQ(test::SimStat(*sim_, "orders"), orders_before_ + 1);
    // The held create may still be answered NN1011 later; it makes no order.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_GE(testsupport::CreateAttempts(*sim_, ref), expected_create_attempts);
    EXPECT_LE(testsupport::CreateAttempts(*sim_, ref), 2);
  }

  static SimHarness* sim_;
  std::int64_t orders_before_ = 0;
};
SimHarness* HostRedeemCrashTest::sim_ = nullptr;

TEST_F(HostRedeemCrashTest, KilledBeforeTheOrderIsCommitted) {
  orders_before_ = test::SimStat(*sim_, "orders");
  // The held create commits 9 s later, after the restarted host looked the
  // reference up (absent) and created it again: that one is the order.
  CrashDuringCreate("delay", 2);
}

TEST_F(HostRedeemCrashTest, KilledAfterTheOrderIsCommitted) {
  orders_before_ = test::SimStat(*sim_, "orders");
  CrashDuringCreate("timeout_after_commit", 1);
}

// Items never progress in this simulator (the harness default), so the
// order stays pending for as long as the test likes.
TEST(HostRedeemDayTest, NoOutcomeWithinADayNeedsAttentionWithoutARefund) {
  std::unique_ptr<SimHarness> sim = SimHarness::Start();
  testsupport::EndToEndOptions options;
  options.manual_clock = true;
  testsupport::EndToEndHost host(*sim, options);
  host.Start();
  host.CreateMember("m-day", 5000);
  HttpReply r = host.Redeem("m-day", simtest::kUsdCard, "25.00", "USD", 2500, "k-1");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string id = Field(r, "id");
  const std::string ref = Field(r, "reference_id");
  auto advance = [&](int seconds) { host.AdvanceAndReconcile(seconds); };
  advance(23 * 3600);
  EXPECT_EQ(host.Log().find("redemption " + id + " submitted -> needs_attention"),
            std::string::npos);
  advance(2 * 3600);
  testsupport::WaitUntil(
      [&] {
        return host.Log().find("redemption " + id + " submitted -> needs_attention") !=
               std::string::npos;
      },
      std::chrono::seconds(10), std::chrono::milliseconds(50));
  EXPECT_NE(host.Log().find("redemption " + id + " submitted -> needs_attention"),
            std::string::npos)
      << host.Log();
  HttpReply view = host.Get(id, "m-day");
  ASSERT_EQ(view.status, 200);
  EXPECT_EQ(Field(view, "status"), "processing");  // a member never sees needs_attention
  EXPECT_EQ(host.Balance("m-day"), 2500);          // never a refund on a guess
  EXPECT_EQ(testsupport::CreateAttempts(*sim, ref), 1);
  EXPECT_TRUE(testsupport::OrderExists(*sim, ref));
}

}  // namespace
}  // namespace ascenda
