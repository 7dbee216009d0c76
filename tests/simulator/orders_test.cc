// docs/ascenda-api.md §7 and §8: orders by reference_id, order by id, resend email.
#include <Poco/JSON/Array.h>
#include <gtest/gtest.h>

#include "sim_harness.h"

namespace simtest {
namespace {

using Poco::JSON::Object;

class SimOrdersTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { sim_ = SimHarness::Start().release(); }
  static void TearDownTestSuite() { delete sim_; }
  void SetUp() override { ASSERT_EQ(sim_->Control("POST", "/control/reset").status, 200); }

  std::string CreateId(const std::string& reference_id) {
    HttpReply reply = sim_->Create(reference_id);
    EXPECT_EQ(reply.status, 201) << reply.body << reply.error;
    return Json(reply)->getObject("data")->getValue<std::string>("id");
  }
  void Force(const std::string& order_id, const std::string& status) {
    ASSERT_EQ(sim_->Control("POST", "/control/orders/" + order_id + "/outcome",
                            R"({"status":")" + status + R"("})")
                  .status,
              200);
  }
  static SimHarness* sim_;
};
SimHarness* SimOrdersTest::sim_ = nullptr;

TEST_F(SimOrdersTest, FindsOrderByReferenceId) {
  std::string id = CreateId("ref-a");
  CreateId("ref-b");
  HttpReply reply = sim_->Api("GET", "/orders?reference_id=ref-a");
  ASSERT_EQ(reply.status, 200);
  Object::Ptr body = Json(reply);
  ASSERT_EQ(body->getArray("data")->size(), 1u);
  EXPECT_EQ(body->getArray("data")->getObject(0)->getValue<std::string>("id"), id);
  EXPECT_EQ(body->getArray("data")->getObject(0)->getValue<std::string>("reference_id"), "ref-a");
  EXPECT_EQ(body->getObject("meta")->getValue<int>("total_count"), 1);
  EXPECT_EQ(body->getObject("meta")->getValue<int>("total_pages"), 1);
}

TEST_F(SimOrdersTest, UnknownReferenceGivesAnEmptyList) {
  CreateId("ref-a");
  HttpReply reply = sim_->Api("GET", "/orders?reference_id=ref-never");
  ASSERT_EQ(reply.status, 200);
  Object::Ptr body = Json(reply);
  EXPECT_EQ(body->getArray("data")->size(), 0u);
  EXPECT_EQ(body->getObject("meta")->getValue<int>("total_count"), 0);
}

TEST_F(SimOrdersTest, ListsAllOrdersInPages) {
  std::string a = CreateId("ref-1"), b = CreateId("ref-2"), c = CreateId("ref-3");
  Object::Ptr page1 = Json(sim_->Api("GET", "/orders?page_size=2"));
  ASSERT_EQ(page1->getArray("data")->size(), 2u);
  EXPECT_EQ(page1->getArray("data")->getObject(0)->getValue<std::string>("id"), a);
  EXPECT_EQ(page1->getArray("data")->getObject(1)->getValue<std::string>("id"), b);
  EXPECT_EQ(page1->getObject("meta")->getValue<int>("total_count"), 3);
  EXPECT_EQ(page1->getObject("meta")->getValue<int>("total_pages"), 2);
  Object::Ptr page2 = Json(sim_->Api("GET", "/orders?page_size=2&page=2"));
  ASSERT_EQ(page2->getArray("data")->size(), 1u);
  EXPECT_EQ(page2->getArray("data")->getObject(0)->getValue<std::string>("id"), c);
  EXPECT_EQ(sim_->Api("GET", "/orders?page_size=101").status, 400);
}

TEST_F(SimOrdersTest, GetsOrderById) {
  std::string id = CreateId("ref-get");
  HttpReply reply = sim_->Api("GET", "/orders/" + id);
  ASSERT_EQ(reply.status, 200);
  Object::Ptr order = Json(reply)->getObject("data");
  EXPECT_EQ(order->getValue<std::string>("id"), id);
  EXPECT_EQ(order->getValue<std::string>("reference_id"), "ref-get");
  EXPECT_EQ(ItemStatus(order), "pending");
}

TEST_F(SimOrdersTest, UnknownOrderIs404) {
  HttpReply reply = sim_->Api("GET", "/orders/6f1c2c7e-2b7a-4d38-9a51-3f0c1b1f9a10");
  EXPECT_EQ(reply.status, 404);
  EXPECT_EQ(ErrorCode(reply), "NN1002");
}

TEST_F(SimOrdersTest, OrderEndpointsNeedVersion13AndToken) {
  std::string id = CreateId("ref-v");
  HttpReply old = sim_->Api("GET", "/orders/" + id, "", {{"X-Ascenda-Version", "1.2"}});
  EXPECT_EQ(old.status, 400);
  EXPECT_EQ(ErrorCode(old), "NN1001");
  EXPECT_EQ(sim_->Api("GET", "/orders?reference_id=ref-v", "", {{"Authorization", ""}}).status,
            401);
}

TEST_F(SimOrdersTest, ResendOfFulfilledOrderIs202) {
  std::string id = CreateId("ref-resend");
  Force(id, "fulfilled");
  HttpReply reply = sim_->Api("POST", "/orders/" + id + "/resend_email");
  EXPECT_EQ(reply.status, 202);
  EXPECT_EQ(reply.body, "{}");
  EXPECT_EQ(sim_->Reference("ref-resend")->getValue<int>("resend_count"), 1);
}

TEST_F(SimOrdersTest, ResendOfUnknownOrderIs404) {
  HttpReply reply = sim_->Api("POST", "/orders/6f1c2c7e-2b7a-4d38-9a51-3f0c1b1f9a10/resend_email");
  EXPECT_EQ(reply.status, 404);
  EXPECT_EQ(ErrorCode(reply), "NN1002");
}

TEST_F(SimOrdersTest, ResendOfUnfulfilledOrderIs422) {
  std::string id = CreateId("ref-pending");
  HttpReply pending = sim_->Api("POST", "/orders/" + id + "/resend_email");
  EXPECT_EQ(pending.status, 422);
  EXPECT_EQ(ErrorCode(pending), "NN1302");
  Force(id, "failed");
  EXPECT_EQ(sim_->Api("POST", "/orders/" + id + "/resend_email").status, 422);
  EXPECT_EQ(sim_->Reference("ref-pending")->getValue<int>("resend_count"), 0);
}

TEST_F(SimOrdersTest, UnknownEndpointIs404) {
  EXPECT_EQ(sim_->Api("GET", "/fulfillment_orders/gift_cards").status, 404);
  EXPECT_EQ(sim_->Api("DELETE", "/orders/x").status, 404);
}

}  // namespace
}  // namespace simtest
