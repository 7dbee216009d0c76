// End to end, the console's operator calls (host-api ABI 1.2,
// RedemptionOperations): the real loyalty-host loads the real plugin (.so)
// on SQLite or PostgreSQL against the real ascenda-sim. Resolving a
// needs_attention redemption (fulfilled, or the points back — once, also
// under a second resolve or one racing a webhook), its audit entry, the
// operator's detail with the state history and never the card's code, and
// the server-side filters: redemptions by member and by reference, the
// catalogue by points.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "ascenda_test_env.h"
#include "support/end_to_end_host.h"
#include "support/http_client.h"

namespace ascenda {
namespace {

using simtest::SimHarness;
using testsupport::HttpCall;
using testsupport::HttpReply;
using JsonPtr = Poco::JSON::Object::Ptr;

std::string Quote(const std::string& s) { return testsupport::JsonQuote(s); }

void SetOutcome(SimHarness& sim, const std::string& reference, const std::string& status) {
  HttpReply r = sim.Control("POST", "/control/orders/" + reference + "/outcome",
                            "{\"status\":" + Quote(status) + ",\"when\":\"now\"}");
  if (r.status != 200) throw std::runtime_error("outcome refused: " + r.body);
}

JsonPtr SimItemData(SimHarness& sim, const std::string& reference) {
  return sim.Reference(reference)
      ->getObject("order")
      ->getArray("order_items")
      ->getObject(0)
      ->getObject("data");
}

std::string ResolveBody(const std::string& outcome, const std::string& note) {
  return "{\"outcome\":" + Quote(outcome) + ",\"note\":" + Quote(note) + "}";
}

std::int64_t TotalCount(const HttpReply& r) {
  return simtest::Json(r)->getObject("meta")->getValue<std::int64_t>("total_count");
}

class HostResolveTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    sim_ = SimHarness::Start({{"sim.webhook.enabled", "true"},
                              {"sim.webhook.secret", testsupport::kSimWebhookSecret},
                              {"sim.webhook.backoff_ms", "100"}});
    testsupport::EndToEndOptions options;
    options.manual_clock = ManualClock();
    options.fast_defaults = false;
    options.db.connector = GetParam();
    options.settings = {{"ascenda.reconcile.give_up_after_h", "1"}};
    host_ = std::make_unique<testsupport::EndToEndHost>(*sim_, options);
    host_->Start();
    host_->SetWebhooks(true);
    host_->CreateMember("jane", 100'000);
    host_->CreateMember("joe", 100'000);
  }
  virtual bool ManualClock() const { return false; }

  HttpReply Resolve(const std::string& id, const std::string& outcome, const std::string& note) {
    return host_->Admin("POST", "/admin/redemptions/" + id + "/resolve",
                        ResolveBody(outcome, note));
  }

  // A redemption Ascenda fulfilled and then reported failed: needs_attention,
  // the points still debited (never refunded on a guess). Its JSON.
  JsonPtr Contradicted(const std::string& member, const std::string& key) {
    JsonPtr r = host_->RedeemUsdCard(member, key, "10.00");
    const std::string id = r->getValue<std::string>("id");
    const std::string ref = r->getValue<std::string>("reference_id");
    SetOutcome(*sim_, ref, "fulfilled");
    EXPECT_TRUE(host_->WaitForStatus(id, member, "fulfilled")) << host_->Log();
    SetOutcome(*sim_, ref, "failed");
    EXPECT_TRUE(host_->WaitForState(id, "needs_attention")) << host_->Log();
    return r;
  }

  std::int64_t RefundEntries(const std::string& id) {
    return testsupport::HostDbNumber(
        host_->db(),
        "SELECT COUNT(*) FROM ledger_entries WHERE idempotency_key = 'ascenda:refund:" + id + "'");
  }

  std::unique_ptr<SimHarness> sim_;
  std::unique_ptr<testsupport::EndToEndHost> host_;
};

TEST_P(HostResolveTest, RefundedOnceWithANoteAndAudited) {
  JsonPtr r = Contradicted("jane", "k-resolve");
  const std::string id = r->getValue<std::string>("id");
  ASSERT_EQ(host_->Balance("jane"), 99'000);
  // Every problem first; nothing changes.
  for (const std::string& body :
       {std::string(R"({"outcome":"refunded"})"), ResolveBody("refunded", "   "),
        ResolveBody("refunded", std::string(501, 'x')), ResolveBody("lost", "checked"),
        std::string("{}")}) {
    HttpReply bad = host_->Admin("POST", "/admin/redemptions/" + id + "/resolve", body);
    EXPECT_EQ(bad.status, 400) << body << bad.body;
    EXPECT_NE(bad.body.find("invalid_resolution"), std::string::npos) << bad.body;
  }
  EXPECT_EQ(host_->Balance("jane"), 99'000);
  const std::string note = "Ascenda support: the card was never issued";
  HttpReply done = Resolve(id, "refunded", note);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(simtest::Json(done)->getValue<std::string>("state"), "refunded");
  EXPECT_EQ(simtest::Json(done)->getValue<std::string>("status"), "failed");
  EXPECT_EQ(host_->Balance("jane"), 100'000);
  // Once: a second resolve either way is refused and moves no points.
  HttpReply again = Resolve(id, "refunded", "again");
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_NE(again.body.find("not_needs_attention"), std::string::npos);
  EXPECT_EQ(Resolve(id, "fulfilled", "changed my mind").status, 409);
  EXPECT_EQ(host_->Balance("jane"), 100'000);
  EXPECT_EQ(RefundEntries(id), 1);
  EXPECT_EQ(Resolve("no-such-redemption", "refunded", "x").status, 404);
  // The audit log names the operator, the redemption, the choice and the note.
  JsonPtr entry =
      simtest::Json(host_->Admin("GET", "/admin/audit"))->getArray("data")->getObject(0);
  EXPECT_EQ(entry->getValue<std::string>("action"), "redemption.resolve");
  EXPECT_EQ(entry->getValue<std::string>("actor"), "token");
  EXPECT_EQ(entry->getValue<std::string>("target"), id);
  JsonPtr after = entry->getObject("after");
  ASSERT_TRUE(after) << entry->get("after").toString();
  EXPECT_EQ(after->getValue<std::string>("outcome"), "refunded");
  EXPECT_EQ(after->getValue<std::string>("note"), note);
  EXPECT_EQ(after->getValue<std::string>("state"), "refunded");
  // The member sees the failure and the points back.
  JsonPtr mine = simtest::Json(host_->Get(id, "jane"));
  EXPECT_EQ(mine->getValue<std::string>("status"), "failed");
  EXPECT_FALSE(mine->getValue<std::string>("failure_reason").empty());
}

TEST_P(HostResolveTest, ResolvedAsFulfilledKeepsThePointsSpent) {
  JsonPtr r = Contradicted("jane", "k-keep");
  const std::string id = r->getValue<std::string>("id");
  HttpReply done = Resolve(id, "fulfilled", "the member confirmed the card works");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(simtest::Json(done)->getValue<std::string>("state"), "fulfilled");
  EXPECT_EQ(host_->Balance("jane"), 99'000);
  EXPECT_EQ(RefundEntries(id), 0);
  EXPECT_EQ(Resolve(id, "refunded", "no").status, 409);
  EXPECT_EQ(host_->Balance("jane"), 99'000);
  // A fulfilled redemption that never needed attention cannot be resolved.
  JsonPtr fine = host_->RedeemUsdCard("joe", "k-fine", "10.00");
  SetOutcome(*sim_, fine->getValue<std::string>("reference_id"), "fulfilled");
  ASSERT_TRUE(host_->WaitForStatus(fine->getValue<std::string>("id"), "joe", "fulfilled"));
  EXPECT_EQ(Resolve(fine->getValue<std::string>("id"), "refunded", "x").status, 409);
  EXPECT_EQ(host_->Balance("joe"), 99'000);
}

TEST_P(HostResolveTest, TwoResolvesAtOnceRefundOnce) {
  for (int round = 0; round < 3; ++round) {
    JsonPtr r = Contradicted("joe", "k-twice-" + std::to_string(round));
    const std::string id = r->getValue<std::string>("id");
    const std::int64_t before = host_->Balance("joe");
    std::atomic<int> ok{0};
    std::atomic<int> refused{0};
    std::vector<std::thread> operators;
    for (int i = 0; i < 2; ++i) {
      operators.emplace_back([&, i] {
        HttpReply reply = Resolve(id, "refunded", "operator " + std::to_string(i));
        if (reply.status == 200) ++ok;
        if (reply.status == 409) ++refused;
      });
    }
    for (std::thread& t : operators) t.join();
    EXPECT_EQ(ok.load(), 1) << round;
    EXPECT_EQ(refused.load(), 1) << round;
    EXPECT_EQ(host_->Balance("joe"), before + 1'000) << round;
    EXPECT_EQ(RefundEntries(id), 1) << round;
  }
}

TEST_P(HostResolveTest, DetailShowsTheHistoryAndNeverTheCard) {
  JsonPtr r = Contradicted("jane", "k-detail");
  const std::string id = r->getValue<std::string>("id");
  const std::string ref = r->getValue<std::string>("reference_id");
  ASSERT_EQ(Resolve(id, "refunded", "refund after the contradiction").status, 200);
  JsonPtr data = SimItemData(*sim_, ref);
  HttpReply detail = host_->Admin("GET", "/admin/redemptions/" + id);
  ASSERT_EQ(detail.status, 200) << detail.body;
  SCOPED_TRACE(detail.body);
  JsonPtr d = simtest::Json(detail);
  EXPECT_EQ(d->getValue<std::string>("id"), id);
  EXPECT_EQ(d->getValue<std::string>("state"), "refunded");
  EXPECT_EQ(d->getValue<std::string>("order_id"),
            sim_->Reference(ref)->getObject("order")->getValue<std::string>("id"));
  EXPECT_EQ(d->getValue<std::string>("item_status"), "fulfilled");
  EXPECT_EQ(d->getValue<int>("submit_attempts"), 0);
  EXPECT_EQ(d->getValue<std::string>("failure_code"), "operator_refunded");
  EXPECT_TRUE(d->getValue<bool>("refunded"));
  Poco::JSON::Array::Ptr history = d->getArray("history");
  std::vector<std::string> states;
  for (std::size_t i = 0; i < history->size(); ++i) {
    states.push_back(history->getObject(i)->getValue<std::string>("to_state"));
  }
  EXPECT_EQ(states.front(), "reserved");
  EXPECT_EQ(states.back(), "refunded");
  EXPECT_NE(std::find(states.begin(), states.end(), "fulfilled"), states.end());
  EXPECT_NE(std::find(states.begin(), states.end(), "needs_attention"), states.end());
  JsonPtr last = history->getObject(history->size() - 1);
  EXPECT_EQ(last->getValue<std::string>("from_state"), "needs_attention");
  EXPECT_EQ(last->getValue<std::string>("event"), "operator_resolve");
  EXPECT_NE(last->getValue<std::string>("note").find("refund after the contradiction"),
            std::string::npos);
  // The card's code, PIN and URL are in no admin answer.
  const std::vector<HttpReply> admin = {detail, host_->Admin("GET", "/admin/redemptions"),
                                        host_->Admin("GET", "/admin/redemptions?member_id=jane"),
                                        host_->Admin("GET", "/admin/audit")};
  for (const HttpReply& a : admin) {
    ASSERT_EQ(a.status, 200) << a.body;
    EXPECT_EQ(a.body.find("\"delivery\""), std::string::npos) << a.body;
    for (const std::string field : {"code", "pin", "url"}) {
      if (!data->has(field) || data->isNull(field)) continue;
      const std::string secret = data->getValue<std::string>(field);
      ASSERT_GE(secret.size(), 4u) << field;
      EXPECT_EQ(a.body.find(secret), std::string::npos) << field << " in " << a.body;
    }
  }
  EXPECT_EQ(host_->Admin("GET", "/admin/redemptions/no-such-id").status, 404);
}

TEST_P(HostResolveTest, OperatorsSearchByMemberAndReference) {
  host_->SetWebhooks(false);
  JsonPtr a = host_->RedeemUsdCard("jane", "k-s-1", "10.00");
  JsonPtr b = host_->RedeemUsdCard("jane", "k-s-2", "10.00");
  JsonPtr c = host_->RedeemUsdCard("joe", "k-s-3", "10.00");
  EXPECT_EQ(TotalCount(host_->Admin("GET", "/admin/redemptions")), 3);
  HttpReply jane = host_->Admin("GET", "/admin/redemptions?member_id=jane");
  ASSERT_EQ(jane.status, 200) << jane.body;
  EXPECT_EQ(TotalCount(jane), 2);
  EXPECT_EQ(jane.body.find("\"member_id\":\"joe\""), std::string::npos);
  EXPECT_EQ(TotalCount(host_->Admin("GET", "/admin/redemptions?member_id=jane&page_size=1")), 2);
  EXPECT_EQ(TotalCount(host_->Admin("GET", "/admin/redemptions?member_id=nobody")), 0);
  const std::string ref = c->getValue<std::string>("reference_id");
  HttpReply by_ref = host_->Admin("GET", "/admin/redemptions?reference_id=" + ref);
  ASSERT_EQ(TotalCount(by_ref), 1);
  EXPECT_EQ(simtest::Json(by_ref)->getArray("data")->getObject(0)->getValue<std::string>("id"),
            c->getValue<std::string>("id"));
  // The redemption id finds it too; filters combine.
  EXPECT_EQ(TotalCount(host_->Admin(
                "GET", "/admin/redemptions?reference_id=" + a->getValue<std::string>("id"))),
            1);
  EXPECT_EQ(
      TotalCount(host_->Admin("GET", "/admin/redemptions?member_id=jane&reference_id=" + ref)), 0);
  ASSERT_TRUE(host_->WaitForState(b->getValue<std::string>("id"), "submitted"));
  ASSERT_TRUE(host_->WaitForState(a->getValue<std::string>("id"), "submitted"));
  EXPECT_EQ(TotalCount(host_->Admin("GET", "/admin/redemptions?member_id=jane&status=submitted")),
            2);
  EXPECT_EQ(TotalCount(host_->Admin("GET", "/admin/redemptions?member_id=jane&status=refunded")),
            0);
  EXPECT_EQ(host_->Admin("GET", "/admin/redemptions?member_id=a%20b").status, 400);
  EXPECT_EQ(host_->Admin("GET", "/admin/redemptions?member_id=jane&status=bogus").status, 400);
  EXPECT_EQ(HttpCall("GET", host_->Url("/admin/redemptions?member_id=jane")).status, 401);
}

TEST_P(HostResolveTest, TheCatalogueFiltersByPointsOnTheServer) {
  std::vector<std::int64_t> cheapest;  // per card of the whole catalogue, its lowest price
  for (int page = 1;; ++page) {
    HttpReply all =
        HttpCall("GET", host_->Url("/api/gift-cards?page_size=100&page=" + std::to_string(page)));
    ASSERT_EQ(all.status, 200) << all.body;
    JsonPtr body = simtest::Json(all);
    Poco::JSON::Array::Ptr cards = body->getArray("data");
    for (std::size_t i = 0; i < cards->size(); ++i) {
      Poco::JSON::Array::Ptr d = cards->getObject(i)->getArray("denominations");
      std::int64_t low = -1;
      for (std::size_t k = 0; k < d->size(); ++k) {
        const auto p = d->getObject(k)->getValue<std::int64_t>("points");
        if (low < 0 || p < low) low = p;
      }
      cheapest.push_back(low);
    }
    if (page >= body->getObject("meta")->getValue<int>("total_pages")) break;
  }
  ASSERT_GT(cheapest.size(), 2u);
  std::vector<std::int64_t> sorted = cheapest;
  std::sort(sorted.begin(), sorted.end());
  const std::int64_t limit = sorted[sorted.size() / 2];  // about half the cards
  std::int64_t expected = 0;
  for (std::int64_t low : cheapest) expected += low <= limit;
  ASSERT_LT(expected, static_cast<std::int64_t>(cheapest.size()));
  HttpReply some = HttpCall(
      "GET", host_->Url("/api/gift-cards?page_size=100&max_points=" + std::to_string(limit)));
  ASSERT_EQ(some.status, 200) << some.body;
  EXPECT_EQ(TotalCount(some), expected);
  EXPECT_EQ(TotalCount(HttpCall("GET", host_->Url("/api/gift-cards?max_points=0"))), 0);
  EXPECT_EQ(HttpCall("GET", host_->Url("/api/gift-cards?max_points=-1")).status, 400);
  EXPECT_EQ(HttpCall("GET", host_->Url("/api/gift-cards?affordable=maybe")).status, 400);
  // affordable=true: the signed-in member's balance is the limit.
  EXPECT_EQ(HttpCall("GET", host_->Url("/api/gift-cards?affordable=true")).status, 401);
  host_->CreateMember("pat", limit);
  HttpReply mine = HttpCall("GET", host_->Url("/api/gift-cards?page_size=100&affordable=true"), "",
                            host_->MemberHeaders("pat"));
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(TotalCount(mine), expected);
  host_->CreateMember("broke", 0);
  HttpReply none = HttpCall("GET", host_->Url("/api/gift-cards?page_size=100&affordable=true"), "",
                            host_->MemberHeaders("broke"));
  EXPECT_EQ(TotalCount(none), 0);
  // The same query string answered for two balances: two pages, two ETags, so
  // the poorer member's copy never revalidates as the richer one's; and a page
  // made for one member is no cache's to keep (one Cache-Control: no-store).
  EXPECT_NE(mine.headers["etag"], none.headers["etag"]);
  std::map<std::string, std::string> revalidate = host_->MemberHeaders("broke");
  revalidate["If-None-Match"] = mine.headers["etag"];
  EXPECT_EQ(
      HttpCall("GET", host_->Url("/api/gift-cards?page_size=100&affordable=true"), "", revalidate)
          .status,
      200);
  EXPECT_EQ(mine.headers["cache-control"], "no-store");
  // Both: the lower limit wins.
  EXPECT_EQ(TotalCount(HttpCall("GET", host_->Url("/api/gift-cards?affordable=true&max_points=0"),
                                "", host_->MemberHeaders("pat"))),
            0);
}

INSTANTIATE_TEST_SUITE_P(Databases, HostResolveTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

// ---- With the host's manual clock: a redemption the reconciler gave up on ----

class HostResolveClockTest : public HostResolveTest {
 protected:
  bool ManualClock() const override { return true; }

  // No webhook and no outcome at Ascenda: past give_up_after_h (1 h) the
  // reconciler gives up — needs_attention, the item still pending, points
  // debited. A later known outcome may still settle it. One clock advance
  // for all of them (the catalogue's TTL passes with it).
  std::vector<JsonPtr> GaveUp(const std::string& member, const std::string& key, int count) {
    std::vector<JsonPtr> out;
    for (int i = 0; i < count; ++i) {
      out.push_back(host_->RedeemUsdCard(member, key + "-" + std::to_string(i), "10.00"));
      EXPECT_TRUE(host_->WaitForState(out.back()->getValue<std::string>("id"), "submitted"))
          << host_->Log();
    }
    host_->Advance(3601);
    for (const JsonPtr& r : out) {
      EXPECT_TRUE(host_->WaitForState(r->getValue<std::string>("id"), "needs_attention"))
          << host_->Log();
    }
    return out;
  }
};

TEST_P(HostResolveClockTest, AResolveRacingAFailedWebhookRefundsOnce) {
  host_->SetWebhooks(false);
  const std::vector<JsonPtr> flagged = GaveUp("joe", "k-race", 3);
  ASSERT_EQ(host_->Balance("joe"), 97'000);
  host_->SetWebhooks(true);
  for (const JsonPtr& r : flagged) {
    const std::string id = r->getValue<std::string>("id");
    const std::string ref = r->getValue<std::string>("reference_id");
    int status = 0;
    std::thread webhook([&] { SetOutcome(*sim_, ref, "failed"); });
    std::thread resolve([&] { status = Resolve(id, "refunded", "Ascenda says failed").status; });
    webhook.join();
    resolve.join();
    EXPECT_TRUE(status == 200 || status == 409) << status;
    ASSERT_TRUE(host_->WaitForStatus(id, "joe", "failed")) << host_->Log();
    EXPECT_EQ(RefundEntries(id), 1);
  }
  // Whichever came second found it settled: each redemption refunded exactly once.
  EXPECT_EQ(host_->Balance("joe"), 100'000);
}

TEST_P(HostResolveClockTest, AWebhookAfterTheResolveChangesNothing) {
  host_->SetWebhooks(false);
  JsonPtr r = GaveUp("jane", "k-after", 1).front();
  const std::string id = r->getValue<std::string>("id");
  ASSERT_EQ(Resolve(id, "fulfilled", "the member has the card").status, 200);
  host_->SetWebhooks(true);
  SetOutcome(*sim_, r->getValue<std::string>("reference_id"), "failed");
  HttpReply resync = host_->Admin("POST", "/admin/redemptions/" + id + "/resync");
  ASSERT_EQ(resync.status, 200) << resync.body;
  EXPECT_EQ(simtest::Json(resync)->getValue<std::string>("state"), "fulfilled");
  EXPECT_EQ(host_->Balance("jane"), 99'000);
  EXPECT_EQ(RefundEntries(id), 0);
  // The history: reserved, submitted, needs_attention (gave up), fulfilled by the operator.
  JsonPtr d = simtest::Json(host_->Admin("GET", "/admin/redemptions/" + id));
  Poco::JSON::Array::Ptr history = d->getArray("history");
  ASSERT_GE(history->size(), 3u);
  JsonPtr gave_up = history->getObject(history->size() - 2);
  EXPECT_EQ(gave_up->getValue<std::string>("to_state"), "needs_attention");
  EXPECT_EQ(history->getObject(history->size() - 1)->getValue<std::string>("to_state"),
            "fulfilled");
}

INSTANTIATE_TEST_SUITE_P(Databases, HostResolveClockTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ascenda
