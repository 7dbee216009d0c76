// docs/ascenda-api.md §6: create a gift card order — the order it returns and every
// validation, each of which must create nothing.
#include <Poco/JSON/Array.h>
#include <gtest/gtest.h>

#include "sim_harness.h"

namespace simtest {
namespace {

using Poco::JSON::Object;

const std::string kPath = "/fulfillment_orders/gift_cards";

class SimCreateOrderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { sim_ = SimHarness::Start().release(); }
  static void TearDownTestSuite() { delete sim_; }
  void SetUp() override { ASSERT_EQ(sim_->Control("POST", "/control/reset").status, 200); }

  HttpReply Post(const std::string& body, std::map<std::string, std::string> headers = {}) {
    return sim_->Api("POST", kPath, body, std::move(headers));
  }
  // The request was refused with `status`/`code` and no order exists for `ref`.
  void ExpectRejected(const HttpReply& reply, int status, const std::string& code,
                      const std::string& ref) {
    EXPECT_EQ(reply.status, status) << reply.body << reply.error;
    EXPECT_EQ(ErrorCode(reply), code) << reply.body;
    Object::Ptr view = sim_->Reference(ref);
    EXPECT_TRUE(view->isNull("order")) << "an order was created for " << ref;
    EXPECT_EQ(Json(sim_->Control("GET", "/control/stats").body)->getValue<int>("orders"), 0);
  }
  static SimHarness* sim_;
};
SimHarness* SimCreateOrderTest::sim_ = nullptr;

TEST_F(SimCreateOrderTest, CreatesOrderWithOnePendingItem) {
  HttpReply reply = sim_->Create("ref-ok-1");
  ASSERT_EQ(reply.status, 201) << reply.body << reply.error;
  Object::Ptr order = Json(reply)->getObject("data");
  EXPECT_EQ(order->getValue<std::string>("id").size(), 36u);
  EXPECT_EQ(order->getValue<std::string>("reference_id"), "ref-ok-1");
  EXPECT_EQ(order->getValue<std::string>("status"), "processing");
  std::string created_at = order->getValue<std::string>("created_at");
  EXPECT_EQ(created_at.size(), 20u);
  EXPECT_EQ(created_at.back(), 'Z');
  EXPECT_EQ(order->getValue<std::string>("updated_at"), created_at);
  ASSERT_EQ(order->getArray("order_items")->size(), 1u);
  Object::Ptr item = order->getArray("order_items")->getObject(0);
  EXPECT_EQ(item->getValue<std::string>("id").size(), 36u);
  EXPECT_EQ(item->getValue<std::string>("type"), "gift_card");
  EXPECT_EQ(item->getValue<std::string>("status"), "pending");
  EXPECT_EQ(item->getArray("errors")->size(), 0u);
  Object::Ptr data = item->getObject("data");
  EXPECT_EQ(data->getValue<std::string>("gift_card_id"), kUsdCard);
  EXPECT_EQ(data->getValue<std::string>("name"), "Sim Test USD Gift Card");
  EXPECT_EQ(data->getValue<std::string>("denomination"), "50.00");
  EXPECT_EQ(data->getValue<std::string>("currency"), "USD");
  for (const char* key : {"code", "pin", "url", "expires_at"}) {
    EXPECT_TRUE(data->has(key) && data->isNull(key)) << key;
  }
  EXPECT_EQ(sim_->Reference("ref-ok-1")->getValue<int>("create_attempts"), 1);
}

TEST_F(SimCreateOrderTest, JpyCardTakesZeroMinorDigits) {
  HttpReply reply = sim_->Create("ref-jpy", kJpyCard, "5000", "JPY");
  ASSERT_EQ(reply.status, 201) << reply.body;
  Object::Ptr data =
      Json(reply)->getObject("data")->getArray("order_items")->getObject(0)->getObject("data");
  EXPECT_EQ(data->getValue<std::string>("denomination"), "5000");
  EXPECT_EQ(data->getValue<std::string>("currency"), "JPY");
  HttpReply minor_digits = sim_->Create("ref-jpy-2", kJpyCard, "5000.00", "JPY");
  EXPECT_EQ(minor_digits.status, 404);
  EXPECT_EQ(ErrorCode(minor_digits), "NN1002");
}

TEST_F(SimCreateOrderTest, MissingVersionHeaderIsRejected) {
  ExpectRejected(Post(CreateBody("r", kUsdCard, "50.00", "USD"), {{"X-Ascenda-Version", ""}}), 400,
                 "NN1001", "r");
}

TEST_F(SimCreateOrderTest, VersionBelow13IsRejected) {
  ExpectRejected(Post(CreateBody("r", kUsdCard, "50.00", "USD"), {{"X-Ascenda-Version", "1.2"}}),
                 400, "NN1001", "r");
  ExpectRejected(Post(CreateBody("r", kUsdCard, "50.00", "USD"), {{"X-Ascenda-Version", "x"}}), 400,
                 "NN1001", "r");
  EXPECT_EQ(Post(CreateBody("r", kUsdCard, "50.00", "USD"), {{"X-Ascenda-Version", "1.4"}}).status,
            201);
}

TEST_F(SimCreateOrderTest, MissingOrBadBearerIs401) {
  ExpectRejected(Post(CreateBody("r", kUsdCard, "50.00", "USD"), {{"Authorization", ""}}), 401,
                 "NN1401", "r");
  ExpectRejected(
      Post(CreateBody("r", kUsdCard, "50.00", "USD"), {{"Authorization", "Bearer forged"}}), 401,
      "NN1401", "r");
  ExpectRejected(
      Post(CreateBody("r", kUsdCard, "50.00", "USD"), {{"Authorization", "Basic dGVzdDp0ZXN0"}}),
      401, "NN1401", "r");
}

TEST_F(SimCreateOrderTest, BodyMustBeJson) {
  ExpectRejected(Post(R"({"reference_id":"r",)"), 400, "NN1001", "r");
  ExpectRejected(Post("[1,2]"), 400, "NN1001", "r");
  ExpectRejected(Post(CreateBody("r", kUsdCard, "50.00", "USD"), {{"Content-Type", "text/plain"}}),
                 400, "NN1001", "r");
}

TEST_F(SimCreateOrderTest, ExactlyOneItem) {
  std::string item =
      R"({"id":")" + kUsdCard + R"(","denomination":"50.00","currency":"USD","quantity":1})";
  std::string two = CreateBody("r", kUsdCard, "50.00", "USD");
  two.replace(two.find(item), item.size(), item + "," + item);
  ExpectRejected(Post(two), 400, "NN1001", "r");
  std::string none = CreateBody("r", kUsdCard, "50.00", "USD");
  none.replace(none.find(item), item.size(), "");
  ExpectRejected(Post(none), 400, "NN1001", "r");
  std::string quantity = CreateBody("r", kUsdCard, "50.00", "USD");
  quantity.replace(quantity.find("\"quantity\":1"), 12, "\"quantity\":2");
  ExpectRejected(Post(quantity), 400, "NN1001", "r");
}

TEST_F(SimCreateOrderTest, UnknownCardIs404) {
  ExpectRejected(sim_->Create("r", "11111111-2222-4333-8444-555555555555"), 404, "NN1002", "r");
}

TEST_F(SimCreateOrderTest, UnknownDenominationIs404) {
  ExpectRejected(sim_->Create("r", kUsdCard, "51.00", "USD"), 404, "NN1002", "r");
  ExpectRejected(sim_->Create("r", kUsdCard, "50", "USD"), 404, "NN1002", "r");
}

TEST_F(SimCreateOrderTest, WrongCurrencyIs404) {
  ExpectRejected(sim_->Create("r", kUsdCard, "50.00", "SGD"), 404, "NN1002", "r");
}

TEST_F(SimCreateOrderTest, OutOfStockCardIs404) {
  ExpectRejected(sim_->Create("r", kOutOfStockCard, "50.00", "AUD"), 404, "NN1002", "r");
  ASSERT_EQ(sim_->Control("POST", "/control/stock",
                          R"({"gift_card_id":")" + kUsdCard + R"(","in_stock":false})")
                .status,
            200);
  ExpectRejected(sim_->Create("r"), 404, "NN1002", "r");
}

TEST_F(SimCreateOrderTest, RequiredUserFieldsMustBePresent) {
  std::string no_email = CreateBody("r", kUsdCard, "50.00", "USD");
  no_email.replace(no_email.find(R"("email":"jane@example.com",)"), 27, "");
  ExpectRejected(Post(no_email), 400, "NN1001", "r");
  std::string empty_last = CreateBody("r", kUsdCard, "50.00", "USD");
  empty_last.replace(empty_last.find(R"("Doe")"), 5, R"("")");
  ExpectRejected(Post(empty_last), 400, "NN1001", "r");
  // phone_number only for cards that list it.
  ExpectRejected(Post(CreateBody("r", kPhoneCard, "20.00", "SGD", "")), 400, "NN1001", "r");
  EXPECT_EQ(Post(CreateBody("r-usd", kUsdCard, "50.00", "USD", "")).status, 201);
  EXPECT_EQ(Post(CreateBody("r-phone", kPhoneCard, "20.00", "SGD")).status, 201);
}

TEST_F(SimCreateOrderTest, ReferenceAndTransactedAtAreRequired) {
  std::string body = CreateBody("r", kUsdCard, "50.00", "USD");
  std::string no_reference = body;
  no_reference.replace(no_reference.find(R"("reference_id":"r",)"), 19, "");
  ExpectRejected(Post(no_reference), 400, "NN1001", "r");
  std::string numeric_reference = body;
  numeric_reference.replace(numeric_reference.find(R"("r")"), 3, "17");
  ExpectRejected(Post(numeric_reference), 400, "AF2001", "17");
  std::string no_time = body;
  no_time.replace(no_time.find(R"("transacted_at":"2026-11-26T10:15:30Z",)"), 39, "");
  ExpectRejected(Post(no_time), 400, "NN1001", "r");
  std::string bad_time = body;
  bad_time.replace(bad_time.find("2026-11-26T10:15:30Z"), 20, "26/11/2026 10:15");
  ExpectRejected(Post(bad_time), 400, "NN1001", "r");
}

TEST_F(SimCreateOrderTest, MoneyMustBeAString) {
  std::string body = CreateBody("r", kUsdCard, "50.00", "USD");
  body.replace(body.find(R"("50.00")"), 7, "50.00");
  ExpectRejected(Post(body), 400, "AF2001", "r");
}

TEST_F(SimCreateOrderTest, DuplicateReferenceIs409AndCreatesNothing) {
  HttpReply first = sim_->Create("ref-dup");
  ASSERT_EQ(first.status, 201);
  std::string id = Json(first)->getObject("data")->getValue<std::string>("id");
  HttpReply second = sim_->Create("ref-dup", kJpyCard, "1000", "JPY");
  EXPECT_EQ(second.status, 409);
  EXPECT_EQ(ErrorCode(second), "NN1011");
  Object::Ptr view = sim_->Reference("ref-dup");
  EXPECT_EQ(view->getValue<int>("create_attempts"), 2);
  EXPECT_EQ(view->getObject("order")->getValue<std::string>("id"), id);
  Object::Ptr data =
      view->getObject("order")->getArray("order_items")->getObject(0)->getObject("data");
  EXPECT_EQ(data->getValue<std::string>("gift_card_id"), kUsdCard);
  EXPECT_EQ(Json(sim_->Control("GET", "/control/stats").body)->getValue<int>("orders"), 1);
}

}  // namespace
}  // namespace simtest
