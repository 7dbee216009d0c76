// End to end, redeem: the real loyalty-host + the real plugin (.so) + the
// real ascenda-sim over HTTPS. Each test asserts the member's balance and
// how many orders the simulator made for the redemption's reference_id.
// Here: success, replays and conflicts, refusals before anything is written,
// and the rejections that refund.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "ascenda_test_env.h"
#include "support/end_to_end_host.h"
#include "support/host_db.h"

namespace ascenda {
namespace {

using simtest::SimHarness;
using testsupport::HttpReply;

class HostRedeemTest : public ::testing::Test {
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

  static Poco::JSON::Object::Ptr Body(const HttpReply& r) { return simtest::Json(r); }
  static std::string Field(const HttpReply& r, const std::string& key) {
    return Body(r)->getValue<std::string>(key);
  }

  static SimHarness* sim_;
  static testsupport::EndToEndHost* host_;
};
SimHarness* HostRedeemTest::sim_ = nullptr;
testsupport::EndToEndHost* HostRedeemTest::host_ = nullptr;

TEST_F(HostRedeemTest, SuccessDebitsOnceAndIsFulfilled) {
  host_->CreateMember("m-success", 12000);
  HttpReply r = host_->Redeem("m-success", simtest::kUsdCard, "50.00", "USD", 5000, "k-1");
  ASSERT_EQ(r.status, 201) << r.body;
  const auto body = Body(r);
  EXPECT_EQ(body->getValue<std::string>("status"), "processing");
  EXPECT_EQ(body->getValue<std::string>("member_id"), "m-success");
  EXPECT_EQ(body->getValue<std::string>("gift_card_name"), "Sim Test USD Gift Card");
  EXPECT_EQ(body->getValue<std::int64_t>("points"), 5000);
  EXPECT_FALSE(body->has("state"));  // internal states never reach a member
  const std::string id = body->getValue<std::string>("id");
  const std::string ref = body->getValue<std::string>("reference_id");
  EXPECT_EQ(host_->Balance("m-success"), 7000);

  auto done = host_->WaitForStatus(id, "m-success", "fulfilled");
  ASSERT_TRUE(done);
  EXPECT_EQ(done->getValue<std::string>("status"), "fulfilled");
  EXPECT_EQ(done->getValue<std::string>("failure_reason"), "");
  EXPECT_EQ(testsupport::CreateAttempts(*sim_, ref), 1);
  EXPECT_TRUE(testsupport::OrderExists(*sim_, ref));
  EXPECT_EQ(host_->Balance("m-success"), 7000);
  // Another member does not see it, nor can they ask for the owner's view.
  host_->CreateMember("m-someone-else", 0);
  EXPECT_EQ(host_->Get(id, "m-someone-else").status, 404);
  EXPECT_EQ(
      testsupport::HttpCall("GET", host_->Url("/api/redemptions/" + id + "?member_id=m-success"),
                            "", host_->MemberHeaders("m-someone-else"))
          .status,
      403);
}

TEST_F(HostRedeemTest, SameKeyReplaysWithoutDebitAndOtherContentConflicts) {
  host_->CreateMember("m-replay", 12000);
  HttpReply first = host_->Redeem("m-replay", simtest::kUsdCard, "50.00", "USD", 5000, "k-1");
  ASSERT_EQ(first.status, 201) << first.body;
  HttpReply again = host_->Redeem("m-replay", simtest::kUsdCard, "50.00", "USD", 5000, "k-1");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Field(again, "id"), Field(first, "id"));
  HttpReply other = host_->Redeem("m-replay", simtest::kUsdCard, "25.00", "USD", 2500, "k-1");
  ASSERT_EQ(other.status, 409) << other.body;
  EXPECT_EQ(Field(other, "error"), "conflict");
  EXPECT_EQ(host_->Balance("m-replay"), 7000);
  const std::string ref = Field(first, "reference_id");
  ASSERT_TRUE(host_->WaitForStatus(Field(first, "id"), "m-replay", "fulfilled"));
  EXPECT_EQ(testsupport::CreateAttempts(*sim_, ref), 1);
  // A replay after the price changed still answers the first redemption.
  HttpReply late = host_->Redeem("m-replay", simtest::kUsdCard, "50.00", "USD", 5000, "k-1");
  EXPECT_EQ(late.status, 200);
  EXPECT_EQ(Field(late, "status"), "fulfilled");
}

TEST_F(HostRedeemTest, RefusalsWriteNothing) {
  host_->CreateMember("m-refused", 3000);
  host_->CreateMember("m-nophone", 100000, /*with_phone=*/false);
  const std::int64_t orders = test::SimStat(*sim_, "orders");

  HttpReply price = host_->Redeem("m-refused", simtest::kUsdCard, "25.00", "USD", 2400, "k-p");
  ASSERT_EQ(price.status, 422) << price.body;
  EXPECT_EQ(Field(price, "error"), "price_changed");
  EXPECT_EQ(Body(price)->getValue<std::int64_t>("points"), 2500);
  EXPECT_FALSE(Field(price, "message").empty());

  HttpReply poor = host_->Redeem("m-refused", simtest::kUsdCard, "50.00", "USD", 5000, "k-b");
  ASSERT_EQ(poor.status, 422) << poor.body;
  EXPECT_EQ(Field(poor, "error"), "insufficient_points");

  HttpReply gone =
      host_->Redeem("m-refused", simtest::kOutOfStockCard, "50.00", "AUD", 5000, "k-s");
  ASSERT_EQ(gone.status, 404) << gone.body;
  EXPECT_EQ(Field(gone, "error"), "card_unavailable");
  HttpReply denomination =
      host_->Redeem("m-refused", simtest::kUsdCard, "30.00", "USD", 3000, "k-d");
  ASSERT_EQ(denomination.status, 404) << denomination.body;
  EXPECT_EQ(Field(denomination, "error"), "card_unavailable");

  HttpReply phone = host_->Redeem("m-nophone", simtest::kPhoneCard, "10.00", "SGD", 1333, "k-f");
  ASSERT_EQ(phone.status, 400) << phone.body;
  EXPECT_EQ(Field(phone, "error"), "missing_member_field");
  EXPECT_NE(Field(phone, "message").find("phone_number"), std::string::npos);

  EXPECT_EQ(host_->Balance("m-refused"), 3000);
  EXPECT_EQ(host_->Balance("m-nophone"), 100000);
  EXPECT_EQ(test::SimStat(*sim_, "orders"), orders);
}

// A host may hand the plugin a profile whose text is not UTF-8 (a legacy
// database, a host that does not check): the create body would not be JSON,
// so the checkout is refused with the field named and nothing is written.
// (PostgreSQL cannot store such text, so this runs on SQLite only.)
TEST_F(HostRedeemTest, MemberFieldThatIsNotUtf8IsRefusedBeforeAnyDebit) {
  if (host_->db().connector != "sqlite") GTEST_SKIP() << "PostgreSQL refuses invalid UTF-8";
  host_->CreateMember("m-bytes", 100000);
  testsupport::HostDbNumber(
      host_->db(),
      "UPDATE members SET first_name = CAST(x'72C1A4' AS TEXT) WHERE id = 'm-bytes' RETURNING 1");
  const std::int64_t orders = test::SimStat(*sim_, "orders");

  HttpReply r = host_->Redeem("m-bytes", simtest::kUsdCard, "25.00", "USD", 2500, "k-utf8");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(Field(r, "error"), "invalid_member_field");
  EXPECT_NE(Field(r, "message").find("first_name"), std::string::npos) << r.body;
  // (Read from the database: the member's own JSON now carries those bytes.)
  EXPECT_EQ(
      testsupport::HostDbNumber(host_->db(), "SELECT balance FROM members WHERE id = 'm-bytes'"),
      100000);
  EXPECT_EQ(test::SimStat(*sim_, "orders"), orders);
}

// A rejection before any order exists refunds in the move to `refunded`.
void ExpectRefunded(testsupport::EndToEndHost& host, SimHarness& sim, const HttpReply& r,
                    const std::string& member, std::int64_t balance, const std::string& reason) {
  ASSERT_EQ(r.status, 201) << r.body;
  auto body = simtest::Json(r);
  const std::string id = body->getValue<std::string>("id");
  const std::string ref = body->getValue<std::string>("reference_id");
  auto failed = host.WaitForStatus(id, member, "failed", 5000);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->getValue<std::string>("status"), "failed");
  EXPECT_NE(failed->getValue<std::string>("failure_reason").find(reason), std::string::npos)
      << failed->getValue<std::string>("failure_reason");
  EXPECT_EQ(host.Balance(member), balance);
  EXPECT_EQ(testsupport::CreateAttempts(sim, ref), 1);
  EXPECT_FALSE(testsupport::OrderExists(sim, ref));
}

TEST_F(HostRedeemTest, OutOfStockAtAscendaRefunds) {
  host_->CreateMember("m-stock", 6000);
  ASSERT_EQ(sim_->Control("POST", "/control/stock",
                          R"({"gift_card_id":")" + simtest::kUrlCard + R"(","in_stock":false})")
                .status,
            200);
  HttpReply r = host_->Redeem("m-stock", simtest::kUrlCard, "20.00", "USD", 2000, "k-1");
  sim_->Control("POST", "/control/stock",
                R"({"gift_card_id":")" + simtest::kUrlCard + R"(","in_stock":true})");
  EXPECT_EQ(simtest::Json(r)->getValue<std::string>("status"), "failed");  // within wait_ms
  ExpectRefunded(*host_, *sim_, r, "m-stock", 6000, "out of stock");
}

TEST_F(HostRedeemTest, MemberInvalidRefunds) {
  host_->CreateMember("m-422", 6000);
  test::AddFault(*sim_, "create", "member_invalid");
  HttpReply r = host_->Redeem("m-422", simtest::kUsdCard, "10.00", "USD", 1000, "k-1");
  ExpectRefunded(*host_, *sim_, r, "m-422", 6000, "member's details");
}

TEST_F(HostRedeemTest, TenantNotFoundRefunds) {
  host_->CreateMember("m-404", 6000);
  test::AddFault(*sim_, "create", "tenant_not_found");
  HttpReply r = host_->Redeem("m-404", simtest::kUsdCard, "10.00", "USD", 1000, "k-1");
  ExpectRefunded(*host_, *sim_, r, "m-404", 6000, "not available");
}

TEST_F(HostRedeemTest, FailedItemFoundByPollingRefunds) {
  host_->CreateMember("m-failed", 6000);
  HttpReply r = host_->Redeem("m-failed", simtest::kUsdCard, "10.00", "USD", 1000, "k-1");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string ref = Field(r, "reference_id");
  ASSERT_EQ(sim_->Control("POST", "/control/orders/" + ref + "/outcome",
                          R"({"status":"failed","when":"now"})")
                .status,
            200);
  auto failed = host_->WaitForStatus(Field(r, "id"), "m-failed", "failed", 8000);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->getValue<std::string>("status"), "failed");
  EXPECT_EQ(host_->Balance("m-failed"), 6000);
  EXPECT_EQ(testsupport::CreateAttempts(*sim_, ref), 1);
  EXPECT_TRUE(testsupport::OrderExists(*sim_, ref));
}

}  // namespace
}  // namespace ascenda
