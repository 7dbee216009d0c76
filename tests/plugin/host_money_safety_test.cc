// End to end (real host, real plugin .so, the simulator over TLS, SQLite and
// PostgreSQL): a member never loses or doubles points whatever Ascenda does.
//   - a lookup that ignores its reference_id filter and lists strangers'
//     orders (a cancelled one first) never hands the member a stranger's card
//     nor refunds them: the create is made again and the member's own order
//     is adopted;
//   - a rejection that follows a create which timed out after committing
//     (the order not yet visible to lookups) is no refund: the redemption
//     waits ascenda.submit.confirm_after_s, finds the order, ends fulfilled;
//   - a token endpoint failing (404, then 500) during a resubmission is
//     never the create's answer: nothing is refunded, no attempt counted;
//   - a parked redemption (five 503s that never committed) is created again
//     every ascenda.submit.parked_retry_s once Ascenda heals;
//   - a create answer trickled one byte a second is cut off at the call's
//     hard deadline, so no other create for the same reference_id (another
//     node's reconciler, on PostgreSQL) ever overlaps it.
// Each asserts the simulator's orders per reference_id and the balance.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "ascenda_test_env.h"
#include "support/end_to_end_host.h"
#include "support/host_db.h"
#include "support/postgres.h"
#include "support/wait_until.h"

namespace ascenda {
namespace {

using simtest::SimHarness;
using testsupport::EndToEndHost;
using testsupport::HttpReply;
using JsonPtr = Poco::JSON::Object::Ptr;

constexpr std::int64_t kStart = 5000;  // each member's points
constexpr std::int64_t kPrice = 1000;  // 10.00 USD at 0.01 per point

std::string Field(const HttpReply& r, const std::string& key) {
  return simtest::Json(r)->getValue<std::string>(key);
}

// The sim's record of a reference: {"create_attempts", "overlapping_creates", "order"}.
JsonPtr SimReference(SimHarness& sim, const std::string& ref) {
  return simtest::Json(sim.Control("GET", "/control/orders/" + ref));
}

std::string SimCode(SimHarness& sim, const std::string& ref) {
  JsonPtr order = SimReference(sim, ref)->getObject("order");
  if (!order) return "";
  auto items = order->getArray("order_items");
  return items->getObject(0)->getObject("data")->getValue<std::string>("code");
}

void AddFaultFor(SimHarness& sim, const std::string& op, const std::string& ref,
                 const std::string& fault, int count, int delay_ms = 0, bool commit = false) {
  std::string body = R"({"op":")" + op + R"(","fault":")" + fault + R"(","count":)" +
                     std::to_string(count) + R"(,"commit":)" + (commit ? "true" : "false");
  if (!ref.empty()) body += R"(,"reference_id":")" + ref + "\"";
  if (delay_ms > 0) body += R"(,"delay_ms":)" + std::to_string(delay_ms);
  body += "}";
  ASSERT_EQ(sim.Control("POST", "/control/faults", body).status, 201) << body;
}

class HostMoneySafetyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sim_ = SimHarness::Start({{"sim.lifecycle.pending_ms", "100"},
                              {"sim.lifecycle.processing_ms", "100"},
                              {"sim.outcome.rate.failed", "0"},
                              {"sim.outcome.rate.cancelled", "0"}});
  }
  void StartHost(std::map<std::string, std::string> settings) {
    testsupport::EndToEndOptions options;
    options.settings = std::move(settings);
    host_ = std::make_unique<EndToEndHost>(*sim_, options);
    host_->Start();
    host_->SetWebhooks(true);
  }
  // Redeems 10.00 USD for `member`; the reply (201).
  HttpReply Redeem(const std::string& member) {
    return host_->Redeem(member, simtest::kUsdCard, "10.00", "USD", kPrice, "k-" + member);
  }
  JsonPtr WaitFulfilled(const std::string& id, const std::string& member, int ms = 30000) {
    JsonPtr done = host_->WaitForStatus(id, member, "fulfilled", ms);
    EXPECT_TRUE(done && done->getValue<std::string>("status") == "fulfilled") << host_->Log();
    return done;
  }

  std::unique_ptr<SimHarness> sim_;
  std::unique_ptr<EndToEndHost> host_;
};

TEST_F(HostMoneySafetyTest, LookupIgnoringItsFilterNeverAdoptsAStrangersOrder) {
  StartHost({});
  // Two strangers' orders: one fulfilled (with a code), then one cancelled.
  host_->CreateMember("stranger-ok", kStart);
  host_->CreateMember("stranger-cancelled", kStart);
  HttpReply ok = Redeem("stranger-ok");
  ASSERT_EQ(ok.status, 201) << ok.body;
  WaitFulfilled(Field(ok, "id"), "stranger-ok");
  sim_->Control("POST", "/control/outcome-rules",
                R"({"rules":"*/10.00=cancelled","replace":true})");
  HttpReply cancelled = Redeem("stranger-cancelled");
  ASSERT_EQ(cancelled.status, 201) << cancelled.body;
  ASSERT_TRUE(host_->WaitForStatus(Field(cancelled, "id"), "stranger-cancelled", "failed"));
  sim_->Control("POST", "/control/outcome-rules", R"({"rules":"","replace":true})");

  // The member's first create is dropped before commit; every lookup lists
  // the most recent orders (the cancelled stranger first) whatever its filter.
  host_->CreateMember("m", kStart);
  AddFaultFor(*sim_, "create", "", "close_before_commit", 1);
  AddFaultFor(*sim_, "list_orders", "", "ignore_filter", 50);
  HttpReply r = Redeem("m");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string ref = Field(r, "reference_id");
  JsonPtr done = WaitFulfilled(Field(r, "id"), "m");
  ASSERT_TRUE(done);
  ASSERT_TRUE(done->has("delivery")) << done->has("delivery");
  EXPECT_EQ(done->getObject("delivery")->getValue<std::string>("code"), SimCode(*sim_, ref));
  EXPECT_NE(SimCode(*sim_, ref), SimCode(*sim_, Field(ok, "reference_id")));
  EXPECT_EQ(testsupport::CreateAttempts(*sim_, ref), 2);  // created again, once
  EXPECT_EQ(host_->Balance("m"), kStart - kPrice);        // one debit, no refund
  EXPECT_EQ(host_->Balance("stranger-cancelled"), kStart);
  EXPECT_EQ(host_->Balance("stranger-ok"), kStart - kPrice);
}

TEST_F(HostMoneySafetyTest, RejectionAfterATimeoutWaitsForTheOrderToShowUp) {
  StartHost({{"ascenda.submit.confirm_after_s", "8"}});
  host_->SetWebhooks(false);  // else the order's webhook settles it before the second create
  // Committed orders stay out of lookups for 5 s (eventual visibility).
  ASSERT_EQ(sim_->Control("POST", "/control/visibility", R"({"delay_ms":5000})").status, 200);
  host_->CreateMember("m", kStart);
  AddFaultFor(*sim_, "create", "", "timeout_after_commit", 1, 3000);  // commits, answers late
  AddFaultFor(*sim_, "create", "", "status_404", 1);  // NN1002 before its duplicate check
  HttpReply r = Redeem("m");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string id = Field(r, "id");
  const std::string ref = Field(r, "reference_id");
  // Never refunded, not even for a moment, until the order is found.
  bool fulfilled = false;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(40);
  while (!fulfilled && std::chrono::steady_clock::now() < until) {
    ASSERT_EQ(host_->Balance("m"), kStart - kPrice) << host_->Log();
    HttpReply view = host_->Get(id, "m");
    ASSERT_EQ(view.status, 200) << view.body;
    const std::string status = Field(view, "status");
    ASSERT_NE(status, "failed") << host_->Log();
    fulfilled = status == "fulfilled";
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_TRUE(fulfilled) << host_->Log();
  EXPECT_EQ(host_->Balance("m"), kStart - kPrice);
  EXPECT_EQ(testsupport::CreateAttempts(*sim_, ref), 2);
  EXPECT_TRUE(testsupport::OrderExists(*sim_, ref));
  EXPECT_NE(host_->Log().find("confirming the absence"), std::string::npos) << host_->Log();
}

TEST_F(HostMoneySafetyTest, FailedTokenCallsDuringAResubmissionAreNeverTheAnswer) {
  StartHost({});
  host_->CreateMember("m", kStart);
  // The first create is dropped; the lookup finds the token expired, and the
  // token endpoint then answers 404, then 500, before it works again.
  AddFaultFor(*sim_, "create", "", "close_before_commit", 1);
  AddFaultFor(*sim_, "list_orders", "", "expired_token", 1);
  AddFaultFor(*sim_, "token", "", "status_404", 1);
  AddFaultFor(*sim_, "token", "", "status_500", 1);
  HttpReply r = Redeem("m");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string ref = Field(r, "reference_id");
  WaitFulfilled(Field(r, "id"), "m");
  EXPECT_EQ(testsupport::CreateAttempts(*sim_, ref), 2);  // the token failures sent nothing
  EXPECT_EQ(host_->Balance("m"), kStart - kPrice);        // never refunded
  EXPECT_NE(host_->Log().find("access token refused: NOT_FOUND NN1002"), std::string::npos)
      << host_->Log();
  EXPECT_NE(host_->Log().find("access token refused: UNKNOWN NN0001"), std::string::npos);
  EXPECT_EQ(host_->Log().find("-> refunded"), std::string::npos) << host_->Log();
}

TEST_F(HostMoneySafetyTest, ParkedRedemptionIsCreatedAgainOnceAscendaHeals) {
  StartHost({{"ascenda.submit.parked_retry_s", "2"}});
  host_->CreateMember("m", kStart);
  AddFaultFor(*sim_, "create", "", "status_503", 5);  // never committed
  HttpReply r = Redeem("m");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string ref = Field(r, "reference_id");
  EXPECT_EQ(Field(r, "status"), "processing");
  EXPECT_NE(host_->Log().find("unknown -> processing"), std::string::npos) << host_->Log();
  JsonPtr listed = host_->WaitForState(Field(r, "id"), "processing", 1000);
  ASSERT_TRUE(listed) << host_->Log();
  EXPECT_TRUE(listed->getValue<bool>("parked"));  // flagged for operators
  WaitFulfilled(Field(r, "id"), "m", 30000);
  EXPECT_EQ(testsupport::CreateAttempts(*sim_, ref), 6);  // five 503s, then the one that worked
  EXPECT_TRUE(testsupport::OrderExists(*sim_, ref));
  EXPECT_EQ(host_->Balance("m"), kStart - kPrice);
}

TEST_F(HostMoneySafetyTest, TrickledAnswerIsCutAtTheDeadlineAndNeverOverlapsAnotherCreate) {
  // Call budget 3 x 1 s + 2 x 3 s = 9 s; the member's node holds the row for
  // 3 s + 2 x 9 s = 21 s; the trickle would take 25 s (one byte a second,
  // each inside the 3 s receive timeout) before the sim even commits.
  const std::map<std::string, std::string> settings = {{"ascenda.timeout.connect_ms", "1000"},
                                                       {"ascenda.timeout.request_ms", "3000"}};
  std::unique_ptr<EndToEndHost> second;
  if (testsupport::TestDbConnector() == "postgresql") {
    testsupport::HostDb db{"postgresql", testsupport::FreshPostgresDatabase()};
    testsupport::EndToEndOptions options;
    options.settings = settings;
    options.db = db;
    host_ = std::make_unique<EndToEndHost>(*sim_, options);
    host_->Start();
    second = std::make_unique<EndToEndHost>(*sim_, options);  // a second node's reconciler
    second->Start();
    host_->SetWebhooks(true);
  } else {
    StartHost(settings);  // one node: its own reconciler is the other party
  }
  host_->CreateMember("m", kStart);
  AddFaultFor(*sim_, "create", "", "trickle", 1, 1000, /*commit=*/false);
  HttpReply r = Redeem("m");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string ref = Field(r, "reference_id");
  WaitFulfilled(Field(r, "id"), "m", 60000);
  JsonPtr seen = SimReference(*sim_, ref);
  EXPECT_EQ(seen->getValue<int>("overlapping_creates"), 0) << host_->Log();
  EXPECT_TRUE(testsupport::OrderExists(*sim_, ref));
  EXPECT_EQ(host_->Balance("m"), kStart - kPrice);
  EXPECT_NE(host_->Log().find("hard deadline"), std::string::npos) << host_->Log();
}

}  // namespace
}  // namespace ascenda
