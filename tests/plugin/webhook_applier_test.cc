// Webhook events applied to their redemptions (receiver -> stored event ->
// applier -> RedemptionStore::Apply), on SQLite and PostgreSQL with the
// host's real ledger: one transition per event, forward only, the webhook
// that overtakes the create answer, unknown references kept and resolved
// later, contradicting outcomes parked for an operator without touching
// points, a webhook and a poll reporting a failure at the same instant
// refunding once, and delivery data sealed at rest and absent from the log.
#include "ascenda/webhook/webhook_applier.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "ascenda/redemption/observed_order.h"
#include "ascenda/webhook/webhook_receiver.h"
#include "ascenda_test_env.h"
#include "database_wrappers.h"
#include "outcome_test_env.h"

namespace ascenda {
namespace {

using test::EventSpec;

constexpr char kCode[] = "GIFT-CODE-5F3A9Q";
constexpr char kPin[] = "PIN-820417";

class WebhookApplierTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<test::OutcomeDb>(GetParam(), dir_, clock_, &log_);
    events_ = std::make_unique<WebhookEventStore>(db_->db(), clock_);
    applier_ = std::make_unique<WebhookApplier>(*events_, db_->store(), scheduler_, clock_, log_);
    applier_->Configure(db_->keys().Current(), policy_);
    receiver_ =
        std::make_unique<WebhookReceiver>(*events_, clock_, log_, [this] { applier_->Kick(); });
    receiver_->Configure({{test::kSecret}, std::chrono::seconds(300), db_->keys().Current()});
    db_->AddMember("m1", 10'000);
  }

  // A redemption whose create was answered with order `order_id` (pending).
  RedemptionRecord Submitted(const std::string& order_id = "order-1") {
    RedemptionRecord r = db_->Reserve("m1", 500);
    ObservedOrder o;
    o.order_id = order_id;
    o.item_status = "pending";
    auto a = db_->store().Apply(r.id, RedemptionEvent::CreateAccepted(o), policy_);
    EXPECT_TRUE(a.ok()) << a.status().ToString();
    EXPECT_EQ(a->record.facts.state, RedemptionState::kSubmitted);
    return a->record;
  }

  EventSpec Spec(const RedemptionRecord& r, const std::string& status,
                 const std::string& order_id = "order-1") {
    EventSpec s;
    s.event_id = test::NewEventId();
    s.order_id = order_id;
    s.reference_id = r.reference_id;
    s.item_status = status;
    if (status == "fulfilled") {
      s.code = kCode;
      s.pin = kPin;
      s.expires_at = "2028-01-31";
    }
    if (status == "failed") s.errors = {{"GC4001", "the supplier declined the order"}};
    return s;
  }

  // Delivers the event as Ascenda would (200 expected) and runs the queued
  // application, as the host's scheduler would right after.
  void Deliver(const EventSpec& spec) {
    rewards::HttpResponse r =
        receiver_->Handle(test::SignedRequest(test::EventBody(spec), test::UnixSeconds(clock_)));
    ASSERT_EQ(r.status, 200) << r.body;
    scheduler_.RunOnce();
  }

  RedemptionRecord Get(const std::string& id) {
    auto r = db_->store().Get(id);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r.value() : RedemptionRecord{};
  }

  std::int64_t Refunds(const std::string& id) {
    return db_->Count("SELECT COUNT(*) FROM ledger_entries WHERE idempotency_key = $1",
                      "ascenda:refund:" + id);
  }

  std::string Outcome(const std::string& event_id) {
    auto e = events_->Get(event_id);
    EXPECT_TRUE(e.ok());
    return e.ok() ? e->outcome : "";
  }

  testsupport::TempDir dir_;
  testsupport::ManualClock clock_;
  test::CapturingLogger log_;
  test::ManualScheduler scheduler_;
  RedemptionPolicy policy_;
  std::unique_ptr<test::OutcomeDb> db_;
  std::unique_ptr<WebhookEventStore> events_;
  std::unique_ptr<WebhookApplier> applier_;
  std::unique_ptr<WebhookReceiver> receiver_;
};

TEST_P(WebhookApplierTest, AnswerComesBeforeTheApplicationWhichRunsOnTheScheduler) {
  RedemptionRecord r = Submitted();
  const EventSpec spec = Spec(r, "fulfilled");
  rewards::HttpResponse reply =
      receiver_->Handle(test::SignedRequest(test::EventBody(spec), test::UnixSeconds(clock_)));
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(Get(r.id).facts.state, RedemptionState::kSubmitted);  // not applied yet
  EXPECT_EQ(scheduler_.RunOnce(), 1);
  const RedemptionRecord after = Get(r.id);
  EXPECT_EQ(after.facts.state, RedemptionState::kFulfilled);
  EXPECT_EQ(Outcome(spec.event_id), "applied");
  EXPECT_EQ(events_->CountUnprocessed().value(), 0);
  // Delivery data sealed beside a key id, opened for the owner.
  ASSERT_TRUE(after.delivery_ciphertext.has_value());
  EXPECT_EQ(after.delivery_key_id, db_->keys().Current()->current_key_id());
  EXPECT_EQ(after.delivery_ciphertext->find(kCode), std::string::npos);
  auto delivery = db_->store().OpenDelivery(after);
  ASSERT_TRUE(delivery.ok()) << delivery.status().ToString();
  ASSERT_TRUE(delivery.value().has_value());
  EXPECT_EQ(delivery.value()->code, kCode);
  EXPECT_EQ(delivery.value()->pin, kPin);
  EXPECT_EQ(delivery.value()->url, std::nullopt);
  EXPECT_EQ(delivery.value()->expires_at, "2028-01-31");
}

TEST_P(WebhookApplierTest, DuplicateEventMakesOneTransition) {
  RedemptionRecord r = Submitted();
  const EventSpec processing = Spec(r, "processing");
  Deliver(processing);
  const RedemptionRecord once = Get(r.id);
  EXPECT_EQ(once.facts.item_status, ItemStatus::kProcessing);
  EXPECT_EQ(once.version, r.version + 1);
  Deliver(processing);  // the same event again: stored once, nothing to apply
  EventSpec resent = processing;
  resent.event_id = test::NewEventId();  // the same news under a new event id
  Deliver(resent);
  EXPECT_EQ(Get(r.id).version, once.version);
  EXPECT_EQ(db_->Count("SELECT COUNT(*) FROM ascenda_webhook_events"), 2);
  EXPECT_EQ(Outcome(processing.event_id), "applied");
  EXPECT_EQ(Outcome(resent.event_id), "no_change");
}

// An event that changes nothing (the same news again, or a late one) is
// decided on the stored row and marked without a write transaction: under
// load those transactions took the one SQLite writer from the
// acknowledgements.
TEST_P(WebhookApplierTest, AnEventThatChangesNothingWritesNoRedemption) {
  RedemptionRecord r = Submitted();
  test::CountingDatabase counting(db_->db());
  RedemptionStore store(counting, db_->ledger(), clock_);
  WebhookApplier applier(*events_, store, scheduler_, clock_, log_);
  applier.Configure(db_->keys().Current(), policy_);
  WebhookReceiver receiver(*events_, clock_, log_, [&applier] { applier.Kick(); });
  receiver.Configure({{test::kSecret}, std::chrono::seconds(300), db_->keys().Current()});
  auto deliver = [&](const EventSpec& spec) {
    rewards::HttpResponse answer =
        receiver.Handle(test::SignedRequest(test::EventBody(spec), test::UnixSeconds(clock_)));
    ASSERT_EQ(answer.status, 200) << answer.body;
    scheduler_.RunOnce();
  };
  const EventSpec processing = Spec(r, "processing");
  deliver(processing);
  EXPECT_EQ(Outcome(processing.event_id), "applied");
  EXPECT_EQ(counting.transactions.load(), 1);  // the one change
  const RedemptionRecord once = Get(r.id);
  EventSpec again = processing;
  again.event_id = test::NewEventId();  // the same news under a new event id
  const EventSpec late = Spec(r, "pending");
  deliver(again);
  deliver(late);
  EXPECT_EQ(Outcome(again.event_id), "no_change");
  EXPECT_EQ(Outcome(late.event_id), "no_change");
  EXPECT_EQ(counting.transactions.load(), 1);
  EXPECT_EQ(Get(r.id).version, once.version);
  // A change still goes through the store's transaction.
  const EventSpec fulfilled = Spec(r, "fulfilled");
  deliver(fulfilled);
  EXPECT_EQ(Outcome(fulfilled.event_id), "applied");
  EXPECT_EQ(counting.transactions.load(), 2);
  EXPECT_EQ(Get(r.id).facts.state, RedemptionState::kFulfilled);
  EXPECT_EQ(db_->Balance("m1"), 9'500);
}

TEST_P(WebhookApplierTest, FulfilledThenLateProcessingStaysFulfilled) {
  RedemptionRecord r = Submitted();
  const EventSpec processing = Spec(r, "processing");
  Deliver(Spec(r, "fulfilled"));
  Deliver(processing);  // overtaken on the way
  Deliver(Spec(r, "pending"));
  const RedemptionRecord after = Get(r.id);
  EXPECT_EQ(after.facts.state, RedemptionState::kFulfilled);
  EXPECT_EQ(after.facts.item_status, ItemStatus::kFulfilled);
  EXPECT_EQ(Outcome(processing.event_id), "no_change");
  EXPECT_EQ(db_->Balance("m1"), 9'500);
}

TEST_P(WebhookApplierTest, WebhookBeforeTheCreateAnswerAdoptsTheOrder) {
  RedemptionRecord r = db_->Reserve("m1", 500);  // the create call is still in flight
  Deliver(Spec(r, "processing", "order-early"));
  RedemptionRecord after = Get(r.id);
  EXPECT_EQ(after.facts.state, RedemptionState::kSubmitted);
  EXPECT_EQ(after.facts.order_id, "order-early");
  // Then the create's answer arrives: the same order, an older status.
  ObservedOrder answer;
  answer.order_id = "order-early";
  answer.item_status = "pending";
  auto a = db_->store().Apply(r.id, RedemptionEvent::CreateAccepted(answer), policy_);
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(a->decision.changed);
  EXPECT_EQ(Get(r.id).facts.item_status, ItemStatus::kProcessing);
  Deliver(Spec(r, "fulfilled", "order-early"));
  EXPECT_EQ(Get(r.id).facts.state, RedemptionState::kFulfilled);
}

TEST_P(WebhookApplierTest, UnknownReferenceIsKeptAndAppliedOnceItIsKnown) {
  EventSpec spec;
  spec.event_id = test::NewEventId();
  spec.reference_id = "ref-not-yet-known";
  spec.item_status = "processing";
  Deliver(spec);  // answered 200 all the same
  auto stored = events_->Get(spec.event_id);
  ASSERT_TRUE(stored.ok());
  EXPECT_FALSE(stored->processed_at_ms.has_value());
  EXPECT_EQ(stored->attempts, 1);
  // A redemption with that reference appears (e.g. another node's, just written).
  NewRedemption n;
  n.ids = {"redemption-late", "ref-not-yet-known"};
  n.request.member = {"m1", "m1@example.com", "Jane", "Doe", ""};
  n.request.gift_card_id = "card-1";
  n.request.denomination = "50.00";
  n.request.currency = "USD";
  n.request.idempotency_key = "late-key";
  n.points = 500;
  ASSERT_TRUE(db_->store().Reserve(n).ok());
  EXPECT_EQ(applier_->RunOnce().claimed, 0);  // not due yet: back-off
  clock_.Advance(WebhookApplier::RetryDelay(0));
  ApplyCounts swept = applier_->RunOnce();  // the periodic sweep
  EXPECT_EQ(swept.applied, 1);
  EXPECT_EQ(Get("redemption-late").facts.state, RedemptionState::kSubmitted);
  EXPECT_EQ(Outcome(spec.event_id), "applied");
}

TEST_P(WebhookApplierTest, UnknownReferenceIsGivenUpAfterTheGiveUpTime) {
  EventSpec spec;
  spec.event_id = test::NewEventId();
  spec.reference_id = "ref-never-known";
  Deliver(spec);
  for (int i = 0; i < 8; ++i) {
    clock_.Advance(std::chrono::hours(4));
    (void)applier_->RunOnce();
  }
  EXPECT_EQ(Outcome(spec.event_id), "orphaned");
  EXPECT_EQ(log_.Count("matches no redemption"), 1);
}

TEST_P(WebhookApplierTest, ContradictingTerminalOutcomeNeedsAttentionAndLeavesPointsAlone) {
  RedemptionRecord r = Submitted();
  EXPECT_EQ(db_->Balance("m1"), 9'500);
  Deliver(Spec(r, "failed"));
  RedemptionRecord refunded = Get(r.id);
  EXPECT_EQ(refunded.facts.state, RedemptionState::kRefunded);
  EXPECT_EQ(refunded.facts.failure_reason, "the supplier declined the order");
  EXPECT_EQ(ToRedemption(refunded).failure_reason, "the supplier declined the order");
  EXPECT_EQ(db_->Balance("m1"), 10'000);
  Deliver(Spec(r, "fulfilled"));  // contradicts the refunded failure
  const RedemptionRecord after = Get(r.id);
  EXPECT_EQ(after.facts.state, RedemptionState::kNeedsAttention);
  EXPECT_EQ(after.facts.failure_code, "contradicting_outcome");
  EXPECT_EQ(db_->Balance("m1"), 10'000);
  EXPECT_EQ(Refunds(r.id), 1);
  EXPECT_FALSE(after.delivery_ciphertext.has_value());
}

TEST_P(WebhookApplierTest, WebhookAndPollReportingAFailureAtOnceRefundOnce) {
  const int kRounds = GetParam() == "sqlite" ? 30 : 40;
  for (int round = 0; round < kRounds; ++round) {
    RedemptionRecord r = Submitted("order-" + std::to_string(round));
    const EventSpec spec = Spec(r, round % 2 ? "failed" : "cancelled", r.facts.order_id);
    const std::string body = test::EventBody(spec);
    std::atomic<int> ready{0};
    auto wait_for_both = [&] {
      ++ready;
      while (ready < 2) std::this_thread::yield();
    };
    std::thread webhook([&] {
      wait_for_both();
      rewards::HttpResponse reply =
          receiver_->Handle(test::SignedRequest(body, test::UnixSeconds(clock_)));
      EXPECT_EQ(reply.status, 200);
      (void)applier_->RunOnce();
    });
    std::thread poll([&] {  // the reconciler's GET /orders/{id} finding the same failure
      wait_for_both();
      ObservedOrder seen;
      seen.order_id = spec.order_id;
      seen.item_status = spec.item_status;
      auto a = db_->store().Apply(r.id, RedemptionEvent::LookupFound(seen), policy_);
      EXPECT_TRUE(a.ok()) << a.status().ToString();
    });
    webhook.join();
    poll.join();
    scheduler_.RunOnce();
    ASSERT_EQ(Get(r.id).facts.state, RedemptionState::kRefunded) << "round " << round;
    ASSERT_EQ(Refunds(r.id), 1) << "round " << round;
  }
  EXPECT_EQ(db_->Balance("m1"), 10'000);
  EXPECT_EQ(events_->CountUnprocessed().value(), 0);
}

TEST_P(WebhookApplierTest, DeliveryDataIsNeitherInTheDatabaseFileNorInTheLog) {
  RedemptionRecord r = Submitted();
  Deliver(Spec(r, "processing"));
  Deliver(Spec(r, "fulfilled"));
  ASSERT_EQ(Get(r.id).facts.state, RedemptionState::kFulfilled);
  for (const std::string& line : log_.Lines()) {
    EXPECT_EQ(line.find(kCode), std::string::npos) << line;
    EXPECT_EQ(line.find(kPin), std::string::npos) << line;
  }
  if (GetParam() != "sqlite") return;
  db_->db().Close();  // checkpoint the WAL into the file
  for (const std::string& file : {db_->sqlite_file(), db_->sqlite_file() + "-wal"}) {
    std::ifstream in(file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(bytes.find(kCode), std::string::npos) << file;
    EXPECT_EQ(bytes.find(kPin), std::string::npos) << file;
    if (file == db_->sqlite_file()) {
      EXPECT_NE(bytes.find(r.reference_id), std::string::npos);  // the file was read
    }
  }
}

TEST_P(WebhookApplierTest, WithoutADataKeyTheOutcomeIsKeptAndTheDeliveryDropped) {
  RedemptionStore unsealed(db_->db(), db_->ledger(), clock_,
                           DeliverySealing{[] { return nullptr; }, &log_});
  RedemptionRecord r = Submitted();
  ObservedOrder fulfilled;
  fulfilled.order_id = "order-1";
  fulfilled.item_status = "fulfilled";
  fulfilled.delivery = rewards::DeliveryData{kCode, kPin, std::nullopt, std::nullopt};
  auto a = unsealed.Apply(r.id, RedemptionEvent::OrderObserved(fulfilled), policy_);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  const RedemptionRecord after = Get(r.id);
  EXPECT_EQ(after.facts.state, RedemptionState::kFulfilled);
  EXPECT_FALSE(after.delivery_ciphertext.has_value());
  EXPECT_EQ(log_.Count("no data key"), 1);
  for (const std::string& line : log_.Lines()) EXPECT_EQ(line.find(kCode), std::string::npos);
}

TEST_P(WebhookApplierTest, EventsLeftByACrashAreAppliedByTheSweep) {
  RedemptionRecord r = Submitted();
  const EventSpec spec = Spec(r, "fulfilled");
  ASSERT_EQ(receiver_->Handle(test::SignedRequest(test::EventBody(spec), test::UnixSeconds(clock_)))
                .status,
            200);
  // The process dies before the queued application runs; a new one starts.
  WebhookApplier restarted(*events_, db_->store(), scheduler_, clock_, log_);
  restarted.Configure(db_->keys().Current(), policy_);
  EXPECT_EQ(restarted.RunOnce().applied, 1);
  EXPECT_EQ(Get(r.id).facts.state, RedemptionState::kFulfilled);
  EXPECT_EQ(scheduler_.RunOnce(), 1);  // the original kick finds nothing left
  EXPECT_EQ(Outcome(spec.event_id), "applied");
}

INSTANTIATE_TEST_SUITE_P(Databases, WebhookApplierTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ascenda
