// docs/ascenda-api.md §7: items move pending -> processing -> fulfilled | cancelled |
// failed; failures carry errors[]; fulfilment fills the card data it has.
#include <Poco/JSON/Array.h>
#include <gtest/gtest.h>

#include <chrono>

#include "sim_harness.h"

namespace simtest {
namespace {

using Poco::JSON::Object;

Object::Ptr Item(const Object::Ptr& order) { return order->getArray("order_items")->getObject(0); }

Object::Ptr OrderOf(SimHarness& sim, const std::string& reference_id) {
  return sim.Reference(reference_id)->getObject("order");
}

TEST(SimLifecycleTest, ItemProgressesOnTimers) {
  auto sim = SimHarness::Start(
      {{"sim.lifecycle.pending_ms", "150"}, {"sim.lifecycle.processing_ms", "250"}});
  auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(sim->Create("life-1").status, 201);
  EXPECT_EQ(ItemStatus(OrderOf(*sim, "life-1")), "pending");
  ASSERT_TRUE(sim->WaitForItemStatus("life-1", "processing", 3000));
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(150));
  EXPECT_EQ(OrderOf(*sim, "life-1")->getValue<std::string>("status"), "processing");
  ASSERT_TRUE(sim->WaitForItemStatus("life-1", "fulfilled", 3000));
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(400));
  Object::Ptr order = OrderOf(*sim, "life-1");
  EXPECT_EQ(order->getValue<std::string>("status"), "completed");
  Object::Ptr data = Item(order)->getObject("data");
  EXPECT_EQ(data->getValue<std::string>("code").substr(0, 4), "SIM-");
  EXPECT_EQ(data->getValue<std::string>("pin").size(), 6u);
  EXPECT_EQ(data->getValue<std::string>("expires_at").size(), 20u);
  EXPECT_TRUE(data->isNull("url"));
  EXPECT_EQ(Item(order)->getArray("errors")->size(), 0u);
  // The public API shows the same.
  HttpReply reply = sim->Api("GET", "/orders/" + order->getValue<std::string>("id"));
  EXPECT_EQ(ItemStatus(Json(reply)), "fulfilled");
}

TEST(SimLifecycleTest, EmailOnlyAndUrlCardsFillWhatTheyHave) {
  auto sim =
      SimHarness::Start({{"sim.lifecycle.pending_ms", "0"}, {"sim.lifecycle.processing_ms", "0"}});
  ASSERT_EQ(sim->Create("email", kEmailOnlyCard, "25.00", "EUR").status, 201);
  ASSERT_EQ(sim->Create("url", kUrlCard, "20.00", "USD").status, 201);
  ASSERT_TRUE(sim->WaitForItemStatus("email", "fulfilled"));
  ASSERT_TRUE(sim->WaitForItemStatus("url", "fulfilled"));
  Object::Ptr email = Item(OrderOf(*sim, "email"))->getObject("data");
  for (const char* key : {"code", "pin", "url", "expires_at"}) {
    EXPECT_TRUE(email->isNull(key)) << key;
  }
  Object::Ptr url = Item(OrderOf(*sim, "url"))->getObject("data");
  EXPECT_EQ(url->getValue<std::string>("url").rfind("https://", 0), 0u);
  EXPECT_TRUE(url->isNull("code"));
  EXPECT_TRUE(url->isNull("pin"));
}

TEST(SimLifecycleTest, OutcomeRulesPickByCardAndDenomination) {
  auto sim =
      SimHarness::Start({{"sim.lifecycle.pending_ms", "0"},
                         {"sim.lifecycle.processing_ms", "0"},
                         {"sim.outcome.rules", kUsdCard + "/25.00=failed,*/20.00=cancelled"}});
  ASSERT_EQ(sim->Create("rule-failed", kUsdCard, "25.00", "USD").status, 201);
  ASSERT_EQ(sim->Create("rule-fulfilled", kUsdCard, "50.00", "USD").status, 201);
  ASSERT_EQ(sim->Create("rule-cancelled", kUrlCard, "20.00", "USD").status, 201);
  ASSERT_TRUE(sim->WaitForItemStatus("rule-failed", "failed"));
  ASSERT_TRUE(sim->WaitForItemStatus("rule-fulfilled", "fulfilled"));
  ASSERT_TRUE(sim->WaitForItemStatus("rule-cancelled", "cancelled"));
  Object::Ptr failed = Item(OrderOf(*sim, "rule-failed"));
  ASSERT_EQ(failed->getArray("errors")->size(), 1u);
  EXPECT_EQ(failed->getArray("errors")->getObject(0)->getValue<std::string>("code"), "GC4001");
  EXPECT_TRUE(failed->getObject("data")->isNull("code"));
  Object::Ptr cancelled = Item(OrderOf(*sim, "rule-cancelled"));
  EXPECT_EQ(cancelled->getArray("errors")->getObject(0)->getValue<std::string>("code"), "GC4002");
  // Rules can be replaced at run time.
  ASSERT_EQ(sim->Control("POST", "/control/outcome-rules", R"({"rules":"*=failed"})").status, 200);
  ASSERT_EQ(sim->Create("rule-all", kUsdCard, "50.00", "USD").status, 201);
  EXPECT_TRUE(sim->WaitForItemStatus("rule-all", "failed"));
}

TEST(SimLifecycleTest, OutcomeRatesChooseTheOutcome) {
  auto sim = SimHarness::Start({{"sim.lifecycle.pending_ms", "0"},
                                {"sim.lifecycle.processing_ms", "0"},
                                {"sim.outcome.rate.cancelled", "1"}});
  ASSERT_EQ(sim->Create("rate-1").status, 201);
  EXPECT_TRUE(sim->WaitForItemStatus("rate-1", "cancelled"));
}

class SimForcedOutcomeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { sim_ = SimHarness::Start().release(); }
  static void TearDownTestSuite() { delete sim_; }
  void SetUp() override { ASSERT_EQ(sim_->Control("POST", "/control/reset").status, 200); }
  HttpReply Force(const std::string& ref, const std::string& body) {
    return sim_->Control("POST", "/control/orders/" + ref + "/outcome", body);
  }
  static SimHarness* sim_;
};
SimHarness* SimForcedOutcomeTest::sim_ = nullptr;

TEST_F(SimForcedOutcomeTest, ItemsWaitWhenDelaysAreNegative) {
  ASSERT_EQ(sim_->Create("hold").status, 201);
  EXPECT_FALSE(sim_->WaitForItemStatus("hold", "processing", 300));
}

TEST_F(SimForcedOutcomeTest, ForcedFailureCarriesErrors) {
  ASSERT_EQ(sim_->Create("force-1").status, 201);
  HttpReply reply = Force("force-1", R"({"status":"failed"})");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(ItemStatus(Json(reply)), "failed");
  Object::Ptr item = Item(OrderOf(*sim_, "force-1"));
  EXPECT_EQ(item->getValue<std::string>("status"), "failed");
  ASSERT_EQ(item->getArray("errors")->size(), 1u);
  EXPECT_EQ(item->getArray("errors")->getObject(0)->getValue<std::string>("code"), "GC4001");
}

TEST_F(SimForcedOutcomeTest, ForcedOutcomeTakesCustomErrors) {
  std::string id = Json(sim_->Create("force-2"))->getObject("data")->getValue<std::string>("id");
  ASSERT_EQ(Force(id, R"({"status":"cancelled","errors":[{"code":"X1","message":"no"}]})").status,
            200);
  Object::Ptr item = Item(OrderOf(*sim_, "force-2"));
  EXPECT_EQ(item->getValue<std::string>("status"), "cancelled");
  EXPECT_EQ(item->getArray("errors")->getObject(0)->getValue<std::string>("code"), "X1");
  EXPECT_EQ(item->getArray("errors")->getObject(0)->getValue<std::string>("message"), "no");
}

TEST_F(SimForcedOutcomeTest, ForcedStepsShowInThePublicApi) {
  std::string id = Json(sim_->Create("force-3"))->getObject("data")->getValue<std::string>("id");
  ASSERT_EQ(Force("force-3", R"({"status":"processing"})").status, 200);
  EXPECT_EQ(ItemStatus(Json(sim_->Api("GET", "/orders/" + id))), "processing");
  ASSERT_EQ(Force("force-3", R"({"status":"fulfilled"})").status, 200);
  EXPECT_EQ(ItemStatus(Json(sim_->Api("GET", "/orders/" + id))), "fulfilled");
}

TEST_F(SimForcedOutcomeTest, BadForceRequestsAreRefused) {
  ASSERT_EQ(sim_->Create("force-4").status, 201);
  EXPECT_EQ(Force("force-4", R"({"status":"done"})").status, 400);
  EXPECT_EQ(Force("no-such-order", R"({"status":"failed"})").status, 404);
  EXPECT_EQ(Force("force-4", R"({"status":"failed","item":3})").status, 404);
}

TEST(SimPlannedOutcomeTest, PlannedOutcomeAppliesWhenTheTimerFires) {
  auto sim = SimHarness::Start(
      {{"sim.lifecycle.pending_ms", "200"}, {"sim.lifecycle.processing_ms", "100"}});
  ASSERT_EQ(sim->Create("plan-1").status, 201);
  ASSERT_EQ(sim->Control("POST", "/control/orders/plan-1/outcome",
                         R"({"status":"failed","when":"terminal"})")
                .status,
            200);
  EXPECT_EQ(ItemStatus(OrderOf(*sim, "plan-1")), "pending");
  EXPECT_TRUE(sim->WaitForItemStatus("plan-1", "failed", 3000));
}

}  // namespace
}  // namespace simtest
