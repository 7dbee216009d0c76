// End to end, outcome side: the real loyalty-host loads the real plugin (.so)
// on SQLite or PostgreSQL; the real ascenda-sim sends signed webhooks to
// POST /webhooks/ascenda over HTTP. Covers the outcome a member sees
// (fulfilled with delivery data for the owner only, failed with the reason and
// the points back), webhooks that overtake the create answer or come late,
// twice or contradicting, polling when webhooks never come (manual clock),
// resend with its cooldown (manual clock), history paging, operators' listings
// and resync, and that delivery data is readable neither in the database file
// nor in any log line.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "ascenda/webhook/webhook_signature.h"
#include "ascenda_test_env.h"
#include "support/end_to_end_host.h"
#include "support/http_client.h"
#include "support/wait_until.h"

namespace ascenda {
namespace {

using simtest::SimHarness;
using testsupport::HttpCall;
using testsupport::HttpReply;
using JsonPtr = Poco::JSON::Object::Ptr;

using testsupport::kSimWebhookSecret;

std::string Quote(const std::string& s) { return testsupport::JsonQuote(s); }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Sets the sim's item status now (a webhook follows when webhooks are on).
void SetOutcome(SimHarness& sim, const std::string& reference, const std::string& status,
                const std::string& errors = "") {
  std::string body = "{\"status\":" + Quote(status) + ",\"when\":\"now\"";
  if (!errors.empty()) body += ",\"errors\":" + errors;
  HttpReply r = sim.Control("POST", "/control/orders/" + reference + "/outcome", body + "}");
  if (r.status != 200) throw std::runtime_error("outcome refused: " + r.body);
}

JsonPtr SimItemData(SimHarness& sim, const std::string& reference) {
  return sim.Reference(reference)
      ->getObject("order")
      ->getArray("order_items")
      ->getObject(0)
      ->getObject("data");
}

std::vector<JsonPtr> WebhookAttempts(SimHarness& sim) {
  auto body = simtest::Json(sim.Control("GET", "/control/webhooks/attempts"));
  auto data = body->has("data") ? body->getArray("data") : body->getArray("attempts");
  std::vector<JsonPtr> out;
  for (std::size_t i = 0; i < data->size(); ++i) out.push_back(data->getObject(i));
  return out;
}

// Every event the sim has made was delivered (answered 200) at least once.
bool EveryEventDelivered(SimHarness& sim) {
  auto events = simtest::Json(sim.Control("GET", "/control/webhooks/events"));
  auto list = events->has("data") ? events->getArray("data") : events->getArray("events");
  std::set<std::string> delivered;
  for (const JsonPtr& a : WebhookAttempts(sim)) {
    if (a->getValue<int>("status") == 200) delivered.insert(a->getValue<std::string>("event_id"));
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    if (delivered.count(list->getObject(i)->getValue<std::string>("id")) == 0) return false;
  }
  return true;
}

// No stored webhook event is left for the applier.
bool WebhooksApplied(const testsupport::EndToEndHost& host) {
  return testsupport::HostDbNumber(
             host.db(), "SELECT COUNT(*) FROM ascenda_webhook_events WHERE processed_at IS NULL") ==
         0;
}

class HostOutcomeTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    sim_ = SimHarness::Start({{"sim.webhook.enabled", "true"},
                              {"sim.webhook.secret", kSimWebhookSecret},
                              {"sim.webhook.backoff_ms", "100"}});
    testsupport::EndToEndOptions options;
    options.manual_clock = ManualClock();
    options.fast_defaults = false;
    options.db.connector = GetParam();
    options.host = {{"log.level", "debug"}};
    host_ = std::make_unique<testsupport::EndToEndHost>(*sim_, options);
    host_->Start();
    host_->SetWebhooks(true);
    host_->CreateMember("jane", 100'000);
    host_->CreateMember("joe", 100'000);
  }
  virtual bool ManualClock() const { return false; }

  std::unique_ptr<SimHarness> sim_;
  std::unique_ptr<testsupport::EndToEndHost> host_;
};

TEST_P(HostOutcomeTest, FulfilledByWebhookWithDeliveryForTheOwnerOnly) {
  JsonPtr r = host_->RedeemUsdCard("jane", "k-1");
  const std::string id = r->getValue<std::string>("id");
  const std::string ref = r->getValue<std::string>("reference_id");
  EXPECT_EQ(host_->Balance("jane"), 95'000);
  SetOutcome(*sim_, ref, "processing");
  SetOutcome(*sim_, ref, "fulfilled");
  JsonPtr done = host_->WaitForStatus(id, "jane", "fulfilled");
  ASSERT_TRUE(done && done->getValue<std::string>("status") == "fulfilled") << host_->Log();
  JsonPtr sim_data = SimItemData(*sim_, ref);
  ASSERT_TRUE(done->has("delivery")) << "no delivery in the owner's view";
  JsonPtr delivery = done->getObject("delivery");
  EXPECT_EQ(delivery->getValue<std::string>("code"), sim_data->getValue<std::string>("code"));
  EXPECT_EQ(delivery->getValue<std::string>("pin"), sim_data->getValue<std::string>("pin"));
  EXPECT_EQ(delivery->getValue<std::string>("expires_at"),
            sim_data->getValue<std::string>("expires_at"));
  EXPECT_EQ(done->getValue<std::string>("failure_reason"), "");
  EXPECT_EQ(host_->Balance("jane"), 95'000);
  // Another member: as if it did not exist.
  HttpReply other = host_->Get(id, "joe");
  EXPECT_EQ(other.status, 404);
  EXPECT_EQ(other.body.find(sim_data->getValue<std::string>("code")), std::string::npos);
  // Operators and listings never carry delivery data.
  for (const HttpReply& listing : {host_->Admin("GET", "/admin/redemptions?status=fulfilled"),
                                   HttpCall("GET", host_->Url("/api/members/jane/redemptions"), "",
                                            host_->MemberHeaders("jane")),
                                   host_->Admin("POST", "/admin/redemptions/" + id + "/resync")}) {
    ASSERT_EQ(listing.status, 200) << listing.body;
    EXPECT_EQ(listing.body.find("delivery"), std::string::npos) << listing.body;
    EXPECT_EQ(listing.body.find(sim_data->getValue<std::string>("code")), std::string::npos);
  }
  // Every delivery answered 200, well within Ascenda's 10 s.
  for (const JsonPtr& a : WebhookAttempts(*sim_)) {
    EXPECT_EQ(a->getValue<int>("status"), 200);
    EXPECT_LT(a->getValue<int>("duration_ms"), 1000);
  }
}

TEST_P(HostOutcomeTest, FailedRefundsWithTheReasonAndAContradictionNeedsAnOperator) {
  JsonPtr r = host_->RedeemUsdCard("jane", "k-fail");
  const std::string id = r->getValue<std::string>("id");
  const std::string ref = r->getValue<std::string>("reference_id");
  SetOutcome(*sim_, ref, "failed", R"([{"code":"GC4001","message":"Card supplier declined"}])");
  JsonPtr failed = host_->WaitForStatus(id, "jane", "failed");
  ASSERT_TRUE(failed && failed->getValue<std::string>("status") == "failed") << host_->Log();
  EXPECT_EQ(failed->getValue<std::string>("failure_reason"), "Card supplier declined");
  EXPECT_EQ(host_->Balance("jane"), 100'000);
  // Ascenda now says fulfilled: an operator must look; points stay as they are.
  SetOutcome(*sim_, ref, "fulfilled");
  JsonPtr flagged = host_->WaitForState(id, "needs_attention");
  ASSERT_TRUE(flagged) << host_->Log();
  EXPECT_EQ(host_->Balance("jane"), 100'000);
  EXPECT_FALSE(host_->Get(id, "jane").body.find("\"delivery\"") != std::string::npos);
}

TEST_P(HostOutcomeTest, DuplicateAndLateWebhooksChangeNothing) {
  ASSERT_EQ(
      sim_->Control("POST", "/control/webhook-rates", R"({"duplicate":1,"reorder":0})").status,
      200);
  JsonPtr r = host_->RedeemUsdCard("jane", "k-dup");
  const std::string id = r->getValue<std::string>("id");
  const std::string ref = r->getValue<std::string>("reference_id");
  SetOutcome(*sim_, ref, "processing");
  SetOutcome(*sim_, ref, "fulfilled");
  ASSERT_EQ(host_->WaitForStatus(id, "jane", "fulfilled")->getValue<std::string>("status"),
            "fulfilled");
  const std::string updated = host_->Get(id, "jane").body;
  // Late and replayed: a "processing" after "fulfilled", and every past event again.
  SetOutcome(*sim_, ref, "processing");
  auto events = simtest::Json(sim_->Control("GET", "/control/webhooks/events"));
  auto list = events->has("data") ? events->getArray("data") : events->getArray("events");
  for (std::size_t i = 0; i < list->size(); ++i) {
    sim_->Control("POST", "/control/webhooks/replay",
                  "{\"event_id\":" + Quote(list->getObject(i)->getValue<std::string>("id")) + "}");
  }
  std::size_t delivered = 0;
  testsupport::WaitUntil(
      [&] {
        delivered = 0;
        for (const JsonPtr& a : WebhookAttempts(*sim_)) {
          delivered += a->getValue<int>("status") == 200;
        }
        return delivered >= 2 * 3 + list->size();
      },
      std::chrono::seconds(10), std::chrono::milliseconds(25));
  EXPECT_GE(delivered, 2 * 3 + list->size());
  EXPECT_TRUE(testsupport::WaitUntil([&] { return WebhooksApplied(*host_); },
                                     std::chrono::seconds(10)));  // the applier finished
  EXPECT_EQ(host_->Get(id, "jane").body, updated);                // not even updated_at moved
  EXPECT_EQ(host_->Balance("jane"), 95'000);
}

TEST_P(HostOutcomeTest, WebhookBeforeTheCreateAnswer) {
  // The create commits at the sim, then its answer is held back 1.5 s.
  test::AddFault(*sim_, "create", "timeout_after_commit", 1, 1500);
  std::atomic<bool> done{false};
  JsonPtr created;
  std::thread redeem([&] {
    created = host_->RedeemUsdCard("jane", "k-early");
    done = true;
  });
  std::string ref;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  testsupport::WaitUntil(
      [&] {
        auto orders = simtest::Json(sim_->Control("GET", "/control/orders"))->getArray("data");
        if (orders->size() > 0) ref = orders->getObject(0)->getValue<std::string>("reference_id");
        return !ref.empty();
      },
      deadline);
  ASSERT_FALSE(ref.empty());
  SetOutcome(*sim_, ref, "fulfilled");  // its webhook lands while the create is in flight
  const bool answered = testsupport::WaitUntil(
      [&] {
        for (const JsonPtr& a : WebhookAttempts(*sim_)) {
          if (a->getValue<int>("status") == 200) return true;
        }
        return false;
      },
      deadline);
  EXPECT_TRUE(answered);
  EXPECT_FALSE(done.load());  // the create's answer is still held back
  redeem.join();
  ASSERT_TRUE(created);
  const std::string id = created->getValue<std::string>("id");
  JsonPtr after = host_->WaitForStatus(id, "jane", "fulfilled");
  ASSERT_EQ(after->getValue<std::string>("status"), "fulfilled") << host_->Log();
  EXPECT_TRUE(after->has("delivery"));
  EXPECT_EQ(test::SimStat(*sim_, "orders"), 1);
  EXPECT_EQ(sim_->Reference(ref)->getValue<int>("create_attempts"), 1);
  EXPECT_EQ(host_->Balance("jane"), 95'000);
}

TEST_P(HostOutcomeTest, WebhookAndResyncReportingAFailureAtOnceRefundOnce) {
  for (int round = 0; round < 8; ++round) {
    JsonPtr r = host_->RedeemUsdCard("joe", "k-race-" + std::to_string(round), "10.00");
    const std::string id = r->getValue<std::string>("id");
    const std::string ref = r->getValue<std::string>("reference_id");
    SetOutcome(*sim_, ref, "processing");
    ASSERT_TRUE(host_->WaitForState(id, "submitted"));
    std::thread webhook([&] { SetOutcome(*sim_, ref, round % 2 ? "failed" : "cancelled"); });
    std::thread poll([&] {
      HttpReply resync = host_->Admin("POST", "/admin/redemptions/" + id + "/resync");
      EXPECT_EQ(resync.status, 200) << resync.body;
    });
    webhook.join();
    poll.join();
    ASSERT_EQ(host_->WaitForStatus(id, "joe", "failed")->getValue<std::string>("status"), "failed");
  }
  EXPECT_TRUE(testsupport::WaitUntil(  // late webhooks delivered and applied
      [&] { return EveryEventDelivered(*sim_) && WebhooksApplied(*host_); },
      std::chrono::seconds(10), std::chrono::milliseconds(25)));
  EXPECT_EQ(host_->Balance("joe"), 100'000);  // every redemption refunded exactly once
}

TEST_P(HostOutcomeTest, HistoryIsPagedNewestFirstWithItsFields) {
  std::vector<std::string> ids;
  for (int i = 0; i < 7; ++i) {
    JsonPtr r = host_->RedeemUsdCard("jane", "k-h" + std::to_string(i), "10.00");
    ids.push_back(r->getValue<std::string>("id"));
    const std::string ref = r->getValue<std::string>("reference_id");
    if (i < 3) SetOutcome(*sim_, ref, "fulfilled");
    if (i == 3 || i == 4)
      SetOutcome(*sim_, ref, "failed", R"([{"code":"X","message":"Declined"}])");
    if (i < 5) host_->WaitForStatus(ids.back(), "jane", i < 3 ? "fulfilled" : "failed");
  }
  std::vector<std::string> seen;
  std::string last_created = "9999";
  for (int page = 1; page <= 3; ++page) {
    HttpReply reply = HttpCall(
        "GET", host_->Url("/api/members/jane/redemptions?page_size=3&page=" + std::to_string(page)),
        "", host_->MemberHeaders("jane"));
    ASSERT_EQ(reply.status, 200) << reply.body;
    JsonPtr body = simtest::Json(reply);
    EXPECT_EQ(body->getObject("meta")->getValue<int>("total_count"), 7);
    EXPECT_EQ(body->getObject("meta")->getValue<int>("total_pages"), 3);
    auto data = body->getArray("data");
    EXPECT_EQ(data->size(), page < 3 ? 3u : 1u);
    for (std::size_t i = 0; i < data->size(); ++i) {
      JsonPtr r = data->getObject(i);
      seen.push_back(r->getValue<std::string>("id"));
      EXPECT_LE(r->getValue<std::string>("created_at"), last_created);
      last_created = r->getValue<std::string>("created_at");
      EXPECT_EQ(r->getValue<std::string>("gift_card_name"), "Sim Test USD Gift Card");
      EXPECT_FALSE(r->getValue<std::string>("logo_url").empty());
      EXPECT_EQ(r->getValue<std::string>("denomination"), "10.00");
      EXPECT_EQ(r->getValue<std::string>("currency"), "USD");
      EXPECT_EQ(r->getValue<int>("points"), 1000);
      EXPECT_FALSE(r->getValue<std::string>("updated_at").empty());
      EXPECT_FALSE(r->has("delivery"));
      EXPECT_FALSE(r->has("state"));
    }
  }
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()),
            std::set<std::string>(ids.begin(), ids.end()));
  EXPECT_EQ(seen.front(), ids.back());  // newest first
  auto count = [&](const std::string& status) {
    HttpReply reply = HttpCall("GET", host_->Url("/api/members/jane/redemptions?status=" + status),
                               "", host_->MemberHeaders("jane"));
    return simtest::Json(reply)->getObject("meta")->getValue<int>("total_count");
  };
  EXPECT_EQ(count("fulfilled"), 3);
  EXPECT_EQ(count("failed"), 2);
  EXPECT_EQ(count("processing"), 2);
  const auto jane = host_->MemberHeaders("jane");
  HttpReply failed =
      HttpCall("GET", host_->Url("/api/members/jane/redemptions?status=failed"), "", jane);
  EXPECT_NE(failed.body.find("\"failure_reason\":\"Declined\""), std::string::npos);
  EXPECT_EQ(
      HttpCall("GET", host_->Url("/api/members/jane/redemptions?status=refunded"), "", jane).status,
      400);
  EXPECT_EQ(
      HttpCall("GET", host_->Url("/api/members/jane/redemptions?page_size=101"), "", jane).status,
      400);
  HttpReply none =
      HttpCall("GET", host_->Url("/api/members/joe/redemptions"), "", host_->MemberHeaders("joe"));
  EXPECT_EQ(simtest::Json(none)->getObject("meta")->getValue<int>("total_count"), 0);
}

TEST_P(HostOutcomeTest, OperatorsListByStateAndResyncWithoutAWebhook) {
  host_->SetWebhooks(false);
  JsonPtr a = host_->RedeemUsdCard("jane", "k-op-a");
  JsonPtr b = host_->RedeemUsdCard("jane", "k-op-b");
  const std::string id_a = a->getValue<std::string>("id");
  ASSERT_TRUE(host_->WaitForState(id_a, "submitted"));
  HttpReply submitted = host_->Admin("GET", "/admin/redemptions?status=submitted");
  ASSERT_EQ(submitted.status, 200);
  EXPECT_EQ(simtest::Json(submitted)->getObject("meta")->getValue<int>("total_count"), 2);
  EXPECT_NE(submitted.body.find("\"state\":\"submitted\""), std::string::npos);
  for (const std::string state : {"processing", "needs_attention", "fulfilled"}) {
    HttpReply r = host_->Admin("GET", "/admin/redemptions?status=" + state);
    ASSERT_EQ(r.status, 200) << state << r.body;
    EXPECT_EQ(simtest::Json(r)->getObject("meta")->getValue<int>("total_count"), 0) << state;
  }
  EXPECT_EQ(host_->Admin("GET", "/admin/redemptions?status=bogus").status, 400);
  EXPECT_EQ(HttpCall("GET", host_->Url("/admin/redemptions")).status, 401);
  // Ascenda fulfils it, no webhook comes; the operator resyncs now.
  SetOutcome(*sim_, a->getValue<std::string>("reference_id"), "fulfilled");
  HttpReply resync = host_->Admin("POST", "/admin/redemptions/" + id_a + "/resync");
  ASSERT_EQ(resync.status, 200) << resync.body;
  JsonPtr view = simtest::Json(resync);
  EXPECT_EQ(view->getValue<std::string>("state"), "fulfilled");
  EXPECT_FALSE(view->has("delivery"));
  EXPECT_TRUE(host_->Get(id_a, "jane").body.find("\"delivery\"") != std::string::npos);
  EXPECT_EQ(host_->Admin("POST", "/admin/redemptions/no-such-id/resync").status, 404);
  EXPECT_EQ(simtest::Json(host_->Admin("GET", "/admin/redemptions?status=submitted"))
                ->getObject("meta")
                ->getValue<int>("total_count"),
            1);
}

TEST_P(HostOutcomeTest, RefusedDeliveriesOverHttpStoreNothing) {
  const std::string url = host_->Url("/webhooks/ascenda");
  const std::string body =
      R"({"id":"ev-x","type":"order_item.updated","data":{"order":{)"
      R"("id":"o-1","reference_id":"r-1","order_items":[{"status":"fulfilled"}]}}})";
  const std::int64_t t = std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  auto post = [&](const std::string& b, const std::string& signature) {
    std::map<std::string, std::string> headers = {{"Content-Type", "application/json"}};
    if (!signature.empty()) headers["X-Ascenda-Signature"] = signature;
    return HttpCall("POST", url, b, headers);
  };
  EXPECT_EQ(post(body, "").status, 401);
  EXPECT_EQ(post(body, SignWebhook("whsec-wrong", t, body)).status, 401);
  EXPECT_EQ(post(body, SignWebhook(kSimWebhookSecret, t - 400, body)).status, 401);
  EXPECT_EQ(post("{\"id\":", SignWebhook(kSimWebhookSecret, t, "{\"id\":")).status, 400);
  const std::string big(300 * 1024, ' ');
  EXPECT_EQ(post(big, SignWebhook(kSimWebhookSecret, t, big)).status, 413);
  const std::string huge(1100 * 1024, ' ');  // past the host's own 1 MiB limit
  EXPECT_EQ(post(huge, "t=1,v1=00").status, 413);
  // A valid one for an unknown reference is kept and answered 200.
  HttpReply ok = post(body, SignWebhook(kSimWebhookSecret, t, body));
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(post(body, SignWebhook(kSimWebhookSecret, t, body)).body,
            R"({"received":true,"duplicate":true})");
}

INSTANTIATE_TEST_SUITE_P(Databases, HostOutcomeTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

// ---- With the host's manual clock ----

class HostOutcomeClockTest : public HostOutcomeTest {
 protected:
  bool ManualClock() const override { return true; }
};

TEST_P(HostOutcomeClockTest, WithoutWebhooksTheRedemptionCompletesByPolling) {
  host_->SetWebhooks(false);
  JsonPtr r = host_->RedeemUsdCard("jane", "k-poll");
  const std::string id = r->getValue<std::string>("id");
  ASSERT_TRUE(host_->WaitForState(id, "submitted"));
  SetOutcome(*sim_, r->getValue<std::string>("reference_id"), "fulfilled");
  // No webhook comes and poll.after_s (300 s) has not passed: still processing.
  host_->AdvanceAndReconcile(120);
  EXPECT_EQ(simtest::Json(host_->Get(id, "jane"))->getValue<std::string>("status"), "processing");
  host_->Advance(181);  // past poll.after_s: the reconciler's GET /orders/{id}
  JsonPtr done = host_->WaitForStatus(id, "jane", "fulfilled");
  ASSERT_EQ(done->getValue<std::string>("status"), "fulfilled") << host_->Log();
  EXPECT_TRUE(done->has("delivery"));
  EXPECT_TRUE(WebhookAttempts(*sim_).empty());
}

TEST_P(HostOutcomeClockTest, ResendOnlyWhenFulfilledAndOncePerCooldown) {
  JsonPtr r = host_->RedeemUsdCard("jane", "k-resend");
  const std::string id = r->getValue<std::string>("id");
  const std::string ref = r->getValue<std::string>("reference_id");
  auto resend = [&](const std::string& member) {
    return HttpCall("POST", host_->Url("/api/redemptions/" + id + "/resend-email"),
                    "{\"member_id\":" + Quote(member) + "}", host_->MemberHeaders(member));
  };
  HttpReply early = resend("jane");
  EXPECT_EQ(early.status, 422) << early.body;
  EXPECT_NE(early.body.find("not_fulfilled"), std::string::npos);
  SetOutcome(*sim_, ref, "fulfilled");
  ASSERT_EQ(host_->WaitForStatus(id, "jane", "fulfilled")->getValue<std::string>("status"),
            "fulfilled");
  EXPECT_EQ(resend("joe").status, 404);
  HttpReply first = resend("jane");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.body, "{\"id\":\"" + id + "\",\"resent\":true}");
  HttpReply again = resend("jane");
  EXPECT_EQ(again.status, 429);
  EXPECT_EQ(again.headers["retry-after"], "300");
  host_->Advance(299);
  HttpReply still = resend("jane");
  EXPECT_EQ(still.status, 429);
  EXPECT_EQ(still.headers["retry-after"], "1");
  host_->Advance(1);
  EXPECT_EQ(resend("jane").status, 200);
  EXPECT_EQ(sim_->Reference(ref)->getValue<int>("resend_count"), 2);
}

TEST_P(HostOutcomeClockTest, DeliveryDataIsInNeitherTheDatabaseFileNorTheLog) {
  JsonPtr r = host_->RedeemUsdCard("jane", "k-secret");
  const std::string id = r->getValue<std::string>("id");
  const std::string ref = r->getValue<std::string>("reference_id");
  SetOutcome(*sim_, ref, "processing");
  SetOutcome(*sim_, ref, "fulfilled");
  JsonPtr done = host_->WaitForStatus(id, "jane", "fulfilled");
  ASSERT_EQ(done->getValue<std::string>("status"), "fulfilled");
  const std::string code = SimItemData(*sim_, ref)->getValue<std::string>("code");
  const std::string pin = SimItemData(*sim_, ref)->getValue<std::string>("pin");
  ASSERT_GE(code.size(), 8u);
  ASSERT_GE(pin.size(), 4u);
  EXPECT_EQ(done->getObject("delivery")->getValue<std::string>("code"), code);
  const std::string log = host_->Log() + host_->ProcessOutput();
  EXPECT_NE(log.find(id), std::string::npos);  // the log was written, at debug level
  EXPECT_EQ(log.find(code), std::string::npos);
  EXPECT_EQ(log.find("\"pin\":\"" + pin), std::string::npos);
  EXPECT_EQ(log.find(kSimWebhookSecret), std::string::npos);
  if (GetParam() != "sqlite") return;
  for (const std::string& file : {host_->db().connection, host_->db().connection + "-wal"}) {
    const std::string bytes = ReadFile(file);
    EXPECT_EQ(bytes.find(code), std::string::npos) << file;
    EXPECT_EQ(bytes.find("\"pin\":\"" + pin), std::string::npos) << file;
  }
  const bool found = ReadFile(host_->db().connection).find(ref) != std::string::npos ||
                     ReadFile(host_->db().connection + "-wal").find(ref) != std::string::npos;
  EXPECT_TRUE(found);  // the files were read and hold the redemption
}

INSTANTIATE_TEST_SUITE_P(Databases, HostOutcomeClockTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ascenda
