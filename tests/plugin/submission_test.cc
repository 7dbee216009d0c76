// Submitter and Reconciler on their own: the real store on SQLite (with the host's ledger),
// Ascenda answered by a scripted transport, time on the manual clock, waits
// taken by advancing it. Each test drives one redemption the way the
// redemption service and the reconciler do and checks what was stored, what
// was sent, and the member's balance.
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "ascenda/redemption/reconciler.h"
#include "ascenda/redemption/redemption_store.h"
#include "ascenda/redemption/submitter.h"
#include "ascenda_test_env.h"
#include "database_wrappers.h"
#include "db/host_database.h"
#include "ledger/member_store.h"
#include "ledger/points_ledger.h"
#include "migrated_host_db.h"
#include "order_wire_text.h"
#include "support/manual_clock.h"
#include "support/manual_scheduler.h"
#include "support/scripted_transport.h"
#include "support/temp_dir.h"

namespace ascenda {
namespace {

using rewards::Status;
using rewards::StatusCode;
using std::chrono::milliseconds;
using std::chrono::seconds;

using test::CountingDatabase;

// Waits pass on the manual clock at once.
class ClockSleeper final : public Sleeper {
 public:
  explicit ClockSleeper(testsupport::ManualClock& clock) : clock_(clock) {}
  bool SleepFor(milliseconds d) override {
    clock_.Advance(d);
    return true;
  }
  void Interrupt() override {}
  void Resume() override {}

 private:
  testsupport::ManualClock& clock_;
};

using test::OrderListText;
using test::OrderText;

class SubmitterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = test::OpenMigratedHostDb("sqlite", dir_.File("submitter.db"), 4);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    ledger_ = std::make_unique<loyalty::HostPointsLedger>(clock_);
    members_ = std::make_unique<loyalty::MemberStore>(*db_, *ledger_, clock_);
    store_ = std::make_unique<RedemptionStore>(*db_, *ledger_, clock_);
    loyalty::NewMember m;
    m.profile = {"m1", "m1@example.com", "Jane", "Doe", "+6591234567"};
    m.points = 1000;
    ASSERT_TRUE(members_->Create(m).ok());

    AscendaSettings settings;
    settings.base_url = "https://ascenda.test";
    settings.client_id = "client";
    settings.client_secret = "secret";
    auto transport = std::make_unique<testsupport::ScriptedTransport>();
    transport_ = transport.get();
    client_ = std::make_shared<AscendaClient>(std::move(transport), settings, clock_, logger_);
    submitter_ =
        std::make_unique<Submitter>(*store_, clock_, logger_, sleeper_, [] { return 0.5; });
    submitter_->SetClient(client_);
    config_ = SubmitConfigFromSettings(settings);
    config_.policy.confirm_after = seconds(60);
    submitter_->SetConfig(config_);
  }

  RedemptionRecord Reserve(const std::string& key = "key-1", std::int64_t points = 500,
                           const std::string& lease_owner = "") {
    NewRedemption n;
    n.lease_owner = lease_owner;
    if (!lease_owner.empty()) n.lease = std::chrono::minutes(5);
    n.ids = NewRedemptionIds();
    n.request.member = {"m1", "m1@example.com", "Jane", "Doe", "+6591234567"};
    n.request.gift_card_id = "card-1";
    n.request.denomination = "50.00";
    n.request.currency = "USD";
    n.request.expected_points = points;
    n.request.idempotency_key = key;
    n.points = points;
    auto r = store_->Reserve(n);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->record : RedemptionRecord{};
  }
  DriveOutcome Drive(const RedemptionRecord& r, FirstStep first) {
    return submitter_->Drive(r, first, submitter_->LeaseEnd(std::chrono::hours(1)));
  }
  void AnswerToken() {
    transport_->Answer(201, R"({"access_token":"tok","expires_at":1900000000})");
  }
  std::int64_t Balance() {
    auto session = db_->Session();
    auto b = ledger_->Balance(session.value(), "m1");
    return b.ok() ? b.value() : -1;
  }
  // Requests sent to `path` (prefix match), the token request excluded.
  int Sent(const std::string& method, const std::string& path) const {
    int n = 0;
    for (const HttpRequest& r : transport_->requests()) {
      if (r.method == method && r.target.compare(0, path.size(), path) == 0) ++n;
    }
    return n;
  }

  testsupport::TempDir dir_;
  testsupport::ManualClock clock_;
  test::CapturingLogger logger_;
  ClockSleeper sleeper_{clock_};
  std::unique_ptr<loyalty::HostDatabase> db_;
  std::unique_ptr<loyalty::HostPointsLedger> ledger_;
  std::unique_ptr<loyalty::MemberStore> members_;
  std::unique_ptr<RedemptionStore> store_;
  testsupport::ScriptedTransport* transport_ = nullptr;
  std::shared_ptr<AscendaClient> client_;
  std::unique_ptr<Submitter> submitter_;
  SubmitConfig config_;
};

TEST_F(SubmitterTest, StrangersOrdersInALookupAreIgnoredAndTheOrderIsCreatedAgain) {
  const RedemptionRecord r = Reserve();
  AnswerToken();
  transport_->Fail(Status(StatusCode::kDeadlineExceeded, "connection_lost", "dropped"));
  transport_->Answer(200,
                     OrderListText({OrderText("o-9", "ref-stranger-9", "cancelled", ""),
                                    OrderText("o-8", "ref-stranger-8", "fulfilled", "STRANGER")}));
  transport_->Answer(201,
                     R"({"data":)" + OrderText("o-1", r.reference_id, "fulfilled", "OURS") + "}");
  DriveOutcome out = Drive(r, FirstStep::kCreate);
  EXPECT_TRUE(out.settled) << out.handed_off;
  EXPECT_EQ(out.record.facts.state, RedemptionState::kFulfilled);
  EXPECT_EQ(out.record.facts.order_id, "o-1");
  EXPECT_EQ(Sent("POST", "/fulfillment_orders"), 2);
  EXPECT_EQ(Balance(), 500);  // one debit, no refund
}

TEST_F(SubmitterTest, RejectionAfterATimeoutIsRefundedOnlyOnceTheAbsenceIsConfirmed) {
  const RedemptionRecord r = Reserve();
  AnswerToken();
  transport_->Fail(Status(StatusCode::kDeadlineExceeded, "timeout", "no answer"));
  transport_->Answer(200, OrderListText({}));  // not visible yet
  transport_->Answer(404, R"({"errors":[{"code":"NN1002","title":"Resource not found"}]})");
  DriveOutcome out = Drive(r, FirstStep::kCreate);
  EXPECT_EQ(out.record.facts.state, RedemptionState::kUnknown);
  EXPECT_FALSE(out.record.facts.refunded);
  EXPECT_EQ(Balance(), 500);
  ASSERT_TRUE(out.record.facts.next_check_at_ms.has_value());
  EXPECT_EQ(*out.record.facts.rejected_at_ms + 60'000, *out.record.facts.next_check_at_ms);

  // The reconciler's look after confirm_after: still absent -> the refund.
  clock_.Advance(seconds(60));
  transport_->Answer(200, OrderListText({}));
  DriveOutcome confirmed = Drive(out.record, Submitter::FirstStepFor(out.record));
  EXPECT_EQ(confirmed.record.facts.state, RedemptionState::kRefunded);
  EXPECT_EQ(confirmed.record.facts.failure_code, "NN1002");
  EXPECT_EQ(Balance(), 1000);
  EXPECT_EQ(Sent("POST", "/fulfillment_orders"), 2);  // never a third create
}

TEST_F(SubmitterTest, RejectionAfterATimeoutAdoptsTheOrderThatShowsUp) {
  const RedemptionRecord r = Reserve();
  AnswerToken();
  transport_->Fail(Status(StatusCode::kDeadlineExceeded, "timeout", "no answer"));
  transport_->Answer(200, OrderListText({}));
  transport_->Answer(404, R"({"errors":[{"code":"NN1002","title":"Resource not found"}]})");
  DriveOutcome out = Drive(r, FirstStep::kCreate);
  clock_.Advance(seconds(60));
  transport_->Answer(200, OrderListText({OrderText("o-1", r.reference_id, "processing", "")}));
  DriveOutcome found = Drive(out.record, Submitter::FirstStepFor(out.record));
  EXPECT_EQ(found.record.facts.state, RedemptionState::kSubmitted);
  EXPECT_EQ(found.record.facts.order_id, "o-1");
  EXPECT_TRUE(found.record.facts.failure_code.empty());
  EXPECT_EQ(Balance(), 500);
}

TEST_F(SubmitterTest, TokenFailuresAreRetriedAndNeverCountedNorRefunded) {
  const RedemptionRecord r = Reserve();
  transport_->Answer(404, R"({"errors":[{"code":"NN1002","title":"Resource not found"}]})");
  transport_->Answer(500, R"({"errors":[{"code":"NN0001","title":"Unexpected error"}]})");
  AnswerToken();
  transport_->Answer(201, R"({"data":)" + OrderText("o-1", r.reference_id, "pending", "") + "}");
  DriveOutcome out = Drive(r, FirstStep::kCreate);
  EXPECT_EQ(out.record.facts.state, RedemptionState::kSubmitted);
  EXPECT_EQ(out.record.facts.submit_attempts, 0);
  EXPECT_FALSE(out.record.facts.uncertain);
  EXPECT_EQ(Sent("POST", "/fulfillment_orders"), 1);
  EXPECT_EQ(Balance(), 500);
}

TEST_F(SubmitterTest, CreateAnswerForAnotherReferenceIsInDoubtNotAdopted) {
  const RedemptionRecord r = Reserve();
  AnswerToken();
  transport_->Answer(201, R"({"data":)" + OrderText("o-x", "someone-else", "fulfilled", "X") + "}");
  transport_->Answer(200, OrderListText({OrderText("o-1", r.reference_id, "pending", "")}));
  DriveOutcome out = Drive(r, FirstStep::kCreate);
  EXPECT_EQ(out.record.facts.order_id, "o-1");
  EXPECT_EQ(out.record.facts.state, RedemptionState::kSubmitted);
  EXPECT_EQ(out.record.facts.submit_attempts, 1);
}

// A submission that Ascenda's answer settles gives its lease up in the
// transaction that stores the answer: after the create, one commit, not two.
TEST_F(SubmitterTest, ASettledSubmissionGivesItsLeaseUpWithItsAnswer) {
  CountingDatabase counting(*db_);
  RedemptionStore store(counting, *ledger_, clock_);
  Submitter submitter(store, clock_, logger_, sleeper_, [] { return 0.5; });
  submitter.SetClient(client_);
  submitter.SetConfig(config_);
  const RedemptionRecord r = Reserve("key-1", 500, "node-1:submit");
  ASSERT_EQ(r.lease_owner, "node-1:submit");
  AnswerToken();
  transport_->Answer(201, R"({"data":)" + OrderText("o-1", r.reference_id, "pending", "") + "}");
  const int before = counting.transactions.load();
  DriveOutcome out =
      submitter.Drive(r, FirstStep::kCreate, submitter.LeaseEnd(std::chrono::hours(1)));
  submitter.Finish(out, "node-1:submit");
  EXPECT_TRUE(out.settled) << out.handed_off;
  EXPECT_EQ(counting.transactions.load() - before, 1);
  auto stored = store.Get(r.id);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ(stored->facts.state, RedemptionState::kSubmitted);
  EXPECT_TRUE(stored->lease_owner.empty()) << stored->lease_owner;
  EXPECT_FALSE(stored->lease_until_ms.has_value());
  EXPECT_EQ(stored->version, out.record.version);  // what the submitter holds is what is stored
}

// A row whose lease another node took over meanwhile keeps that node's lease.
TEST_F(SubmitterTest, ASettledSubmissionLeavesALeaseItNoLongerHolds) {
  const RedemptionRecord r = Reserve("key-1", 500, "node-1:submit");
  RedemptionRecord stale = r;
  stale.lease_owner = "node-2:submit";  // as if node 2 held it: not node 1's to give up
  AnswerToken();
  transport_->Answer(201, R"({"data":)" + OrderText("o-1", r.reference_id, "pending", "") + "}");
  DriveOutcome out = Drive(stale, FirstStep::kCreate);
  submitter_->Finish(out, "node-2:submit");
  EXPECT_TRUE(out.settled) << out.handed_off;
  auto stored = store_->Get(r.id);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ(stored->facts.state, RedemptionState::kSubmitted);
  EXPECT_EQ(stored->lease_owner, "node-1:submit");
}

TEST_F(SubmitterTest, ACallIsNotStartedWhenItsDeadlineWouldOutliveTheLease) {
  const RedemptionRecord r = Reserve();
  // The lease ends before one call's hard deadline plus the margin.
  DriveOutcome out = submitter_->Drive(
      r, FirstStep::kCreate, submitter_->LeaseEnd(config_.call_bound + config_.lease_margin / 2));
  EXPECT_FALSE(out.handed_off.empty());
  EXPECT_EQ(transport_->sent(), 0u);
  EXPECT_EQ(Balance(), 500);
}

TEST_F(SubmitterTest, ReconcilerSkipsATickWhileThePreviousOneStillRuns) {
  const RedemptionRecord r = Reserve();  // no lease: due for the reconciler at once
  testsupport::ManualScheduler scheduler;
  Reconciler reconciler(*store_, *submitter_, scheduler, clock_, logger_, "node-1");
  transport_->Hold();  // Ascenda is slow: the first tick's call waits
  AnswerToken();
  transport_->Answer(200, OrderListText({OrderText("o-1", r.reference_id, "pending", "")}));
  std::atomic<int> first{-1};
  std::thread tick([&] { first = reconciler.RunOnce(); });
  while (transport_->sent() == 0) std::this_thread::yield();  // the first tick is inside a call
  EXPECT_EQ(reconciler.RunOnce(), 0);  // skipped at once, not queued behind the first
  EXPECT_EQ(first.load(), -1);
  transport_->Release();
  tick.join();
  EXPECT_EQ(first.load(), 1);
  EXPECT_EQ(store_->Get(r.id)->facts.state, RedemptionState::kSubmitted);
}

// A backlog bigger than any fixed per-tick share (e.g. after an Ascenda
// outage) is worked in one tick, not a slice of it per interval: with the
// default 30 s interval a slice of 256 rows per tick took 20 minutes for
// 10,000 parked redemptions.
TEST_F(SubmitterTest, OneTickWorksTheWholeBacklogItFinds) {
  constexpr int kRows = 300;
  for (int i = 0; i < kRows; ++i) {
    // No lease: due for the reconciler at once.
    ASSERT_FALSE(Reserve("backlog-" + std::to_string(i), 1).id.empty());
  }
  ASSERT_EQ(Balance(), 1000 - kRows);
  // One row at a time, so the script's answers come in order: for each row
  // the lookup finds nothing and the create is refused -> failed, refunded.
  AnswerToken();
  for (int i = 0; i < kRows; ++i) {
    transport_->Answer(200, OrderListText({}));
    transport_->Answer(422, R"({"errors":[{"code":"NN1001","title":"Invalid gift card"}]})");
  }
  testsupport::ManualScheduler scheduler;
  Reconciler reconciler(*store_, *submitter_, scheduler, clock_, logger_, "node-1");
  reconciler.SetParallel(1);
  EXPECT_EQ(reconciler.RunOnce(), kRows);
  EXPECT_EQ(Balance(), 1000);
  EXPECT_EQ(reconciler.RunOnce(), 0);  // nothing left open
}

}  // namespace
}  // namespace ascenda
