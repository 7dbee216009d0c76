// The redemption state machine's transitions, pure: every transition of
// Decide (table-driven), then the invariants checked over all states x events.
#include "ascenda/redemption/redemption_transitions.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "ascenda/redemption/redemption_policy.h"
#include "ascenda/redemption/redemption_state.h"

namespace ascenda {
namespace {

using S = RedemptionState;
using I = ItemStatus;
using std::chrono::milliseconds;

constexpr std::int64_t kCreated = 1'800'000'000'000;
constexpr std::int64_t kSoon = kCreated + 60'000;            // well before the deadline
constexpr std::int64_t kLate = kCreated + 25LL * 3'600'000;  // past 24 h

RedemptionFacts Facts(S state, std::optional<I> item = std::nullopt, std::string order = "",
                      int attempts = 0, bool refunded = false) {
  RedemptionFacts f;
  f.state = state;
  f.item_status = item;
  f.order_id = std::move(order);
  f.submit_attempts = attempts;
  f.uncertain = attempts > 0;  // only attempts without an answer are counted
  if (attempts > 0) f.last_attempt_at_ms = kCreated;
  f.created_at_ms = kCreated;
  f.refunded = refunded;
  if (!IsTerminal(state)) f.next_check_at_ms = kCreated;
  return f;
}

ObservedOrder Order(const std::string& status, const std::string& id = "order-1") {
  ObservedOrder o;
  o.order_id = id;
  o.item_status = status;
  if (status == "failed" || status == "cancelled") o.errors = {{"SUP01", "supplier declined"}};
  if (status == "fulfilled") o.delivery = rewards::DeliveryData{"CODE-1", "1234", {}, {}};
  return o;
}

struct Transition {
  const char* name;
  RedemptionFacts before;
  RedemptionEvent event;
  std::int64_t now;
  S state;
  std::optional<I> item;
  std::string order_id;
  int attempts;
  bool refund;
  bool changed;
  NextStep step;
  std::string failure_code;
};

std::vector<Transition> Transitions() {
  using E = RedemptionEvent;
  const auto none = std::nullopt;
  const NextStep no = NextStep::kNone;
  return {
      // Submission.
      {"reserved+accepted pending", Facts(S::kReserved), E::CreateAccepted(Order("pending")), kSoon,
       S::kSubmitted, I::kPending, "order-1", 0, false, true, no, ""},
      {"reserved+accepted fulfilled", Facts(S::kReserved), E::CreateAccepted(Order("fulfilled")),
       kSoon, S::kFulfilled, I::kFulfilled, "order-1", 0, false, true, no, ""},
      {"reserved+accepted failed", Facts(S::kReserved), E::CreateAccepted(Order("failed")), kSoon,
       S::kRefunded, I::kFailed, "order-1", 0, true, true, no, "SUP01"},
      {"reserved+rejected", Facts(S::kReserved), E::CreateRejected("NN1002", "out of stock"), kSoon,
       S::kRefunded, none, "", 0, true, true, no, "NN1002"},
      // After uncertain attempts a rejection waits for the absence to be confirmed.
      {"unknown+rejected", Facts(S::kUnknown, none, "", 2), E::CreateRejected("NN1001", "bad"),
       kSoon, S::kUnknown, none, "", 2, false, true, no, "NN1001"},
      {"submitted+rejected", Facts(S::kSubmitted, I::kPending, "order-1"),
       E::CreateRejected("NN1002", "x"), kSoon, S::kSubmitted, I::kPending, "order-1", 0, false,
       false, no, ""},
      {"processing+rejected", Facts(S::kProcessing, none, "", 5), E::CreateRejected("NN1002", "x"),
       kSoon, S::kUnknown, none, "", 5, false, true, no, "NN1002"},
      {"reserved+conflict", Facts(S::kReserved), E::CreateConflict(), kSoon, S::kUnknown, none, "",
       1, false, true, NextStep::kLookup, ""},
      {"reserved+indeterminate", Facts(S::kReserved), E::CreateIndeterminate(), kSoon, S::kUnknown,
       none, "", 1, false, true, NextStep::kLookup, ""},
      {"unknown+indeterminate at max", Facts(S::kUnknown, none, "", 4), E::CreateIndeterminate(),
       kSoon, S::kProcessing, none, "", 5, false, true, no, ""},
      {"submitted+indeterminate", Facts(S::kSubmitted, I::kPending, "order-1"),
       E::CreateIndeterminate(), kSoon, S::kSubmitted, I::kPending, "order-1", 0, false, false, no,
       ""},
      // Lookups by reference_id.
      {"reserved+found processing", Facts(S::kReserved), E::LookupFound(Order("processing")), kSoon,
       S::kSubmitted, I::kProcessing, "order-1", 0, false, true, no, ""},
      {"unknown+found fulfilled", Facts(S::kUnknown, none, "", 1),
       E::LookupFound(Order("fulfilled")), kSoon, S::kFulfilled, I::kFulfilled, "order-1", 1, false,
       true, no, ""},
      {"unknown+absent", Facts(S::kUnknown, none, "", 2), E::LookupAbsent(), kSoon, S::kUnknown,
       none, "", 2, false, true, NextStep::kResubmit, ""},
      {"reserved+absent", Facts(S::kReserved), E::LookupAbsent(), kSoon, S::kUnknown, none, "", 0,
       false, true, NextStep::kResubmit, ""},
      {"unknown+absent at max", Facts(S::kUnknown, none, "", 5), E::LookupAbsent(), kSoon,
       S::kProcessing, none, "", 5, false, true, no, ""},
      // Parked without an order: created again (same reference_id).
      {"processing+absent", Facts(S::kProcessing, none, "", 5), E::LookupAbsent(), kSoon,
       S::kProcessing, none, "", 5, false, true, no, ""},
      {"processing+absent after parked_retry", Facts(S::kProcessing, none, "", 5),
       E::LookupAbsent(), kCreated + 300'000, S::kProcessing, none, "", 5, false, true,
       NextStep::kResubmit, ""},
      {"processing+found pending", Facts(S::kProcessing, none, "", 5),
       E::LookupFound(Order("pending")), kSoon, S::kSubmitted, I::kPending, "order-1", 5, false,
       true, no, ""},
      // Order observed (webhook), forward only.
      {"submitted pending+processing", Facts(S::kSubmitted, I::kPending, "order-1"),
       E::OrderObserved(Order("processing")), kSoon, S::kSubmitted, I::kProcessing, "order-1", 0,
       false, true, no, ""},
      {"submitted processing+late pending", Facts(S::kSubmitted, I::kProcessing, "order-1"),
       E::OrderObserved(Order("pending")), kSoon, S::kSubmitted, I::kProcessing, "order-1", 0,
       false, false, no, ""},
      {"submitted+unknown status", Facts(S::kSubmitted, I::kPending, "order-1"),
       E::OrderObserved(Order("on_hold")), kSoon, S::kSubmitted, I::kPending, "order-1", 0, false,
       false, no, ""},
      {"reserved+webhook while creating", Facts(S::kReserved), E::OrderObserved(Order("pending")),
       kSoon, S::kSubmitted, I::kPending, "order-1", 0, false, true, no, ""},
      {"submitted+create answer after webhook", Facts(S::kSubmitted, I::kProcessing, "order-1"),
       E::CreateAccepted(Order("pending")), kSoon, S::kSubmitted, I::kProcessing, "order-1", 0,
       false, false, no, ""},
      {"fulfilled+late create answer", Facts(S::kFulfilled, I::kFulfilled, "order-1"),
       E::CreateAccepted(Order("pending")), kSoon, S::kFulfilled, I::kFulfilled, "order-1", 0,
       false, false, no, ""},
      {"submitted+cancelled", Facts(S::kSubmitted, I::kProcessing, "order-1"),
       E::OrderObserved(Order("cancelled")), kSoon, S::kRefunded, I::kCancelled, "order-1", 0, true,
       true, no, "SUP01"},
      {"refunded+duplicate failed", Facts(S::kRefunded, I::kFailed, "order-1", 0, true),
       E::OrderObserved(Order("failed")), kSoon, S::kRefunded, I::kFailed, "order-1", 0, false,
       false, no, ""},
      {"refunded failed+cancelled", Facts(S::kRefunded, I::kFailed, "order-1", 0, true),
       E::OrderObserved(Order("cancelled")), kSoon, S::kRefunded, I::kFailed, "order-1", 0, false,
       false, no, ""},
      // Contradictions and anomalies: needs_attention, no points change.
      {"fulfilled+failed", Facts(S::kFulfilled, I::kFulfilled, "order-1"),
       E::OrderObserved(Order("failed")), kSoon, S::kNeedsAttention, I::kFulfilled, "order-1", 0,
       false, true, no, "contradicting_outcome"},
      {"refunded+fulfilled", Facts(S::kRefunded, I::kFailed, "order-1", 0, true),
       E::OrderObserved(Order("fulfilled")), kSoon, S::kNeedsAttention, I::kFailed, "order-1", 0,
       false, true, no, "contradicting_outcome"},
      {"flagged+failed again", Facts(S::kNeedsAttention, I::kFulfilled, "order-1"),
       E::OrderObserved(Order("failed")), kSoon, S::kNeedsAttention, I::kFulfilled, "order-1", 0,
       false, false, no, ""},
      {"submitted+second order id", Facts(S::kSubmitted, I::kPending, "order-1"),
       E::OrderObserved(Order("pending", "order-2")), kSoon, S::kNeedsAttention, I::kPending,
       "order-1", 0, false, true, no, "order_mismatch"},
      {"rejected+order appears", Facts(S::kRefunded, none, "", 0, true),
       E::OrderObserved(Order("pending")), kSoon, S::kNeedsAttention, I::kPending, "order-1", 0,
       false, true, no, "order_after_refund"},
      {"order after refund then fails", Facts(S::kNeedsAttention, I::kPending, "order-1", 0, true),
       E::OrderObserved(Order("failed")), kSoon, S::kRefunded, I::kFailed, "order-1", 0, false,
       true, no, "SUP01"},
      {"order after refund then fulfilled",
       Facts(S::kNeedsAttention, I::kPending, "order-1", 0, true),
       E::OrderObserved(Order("fulfilled")), kSoon, S::kNeedsAttention, I::kFulfilled, "order-1", 0,
       false, true, no, "contradicting_outcome"},
      {"gave up then failed", Facts(S::kNeedsAttention, I::kPending, "order-1"),
       E::OrderObserved(Order("failed")), kLate, S::kRefunded, I::kFailed, "order-1", 0, true, true,
       no, "SUP01"},
      {"gave up then fulfilled", Facts(S::kNeedsAttention, I::kPending, "order-1"),
       E::OrderObserved(Order("fulfilled")), kLate, S::kFulfilled, I::kFulfilled, "order-1", 0,
       false, true, no, ""},
      // The give-up deadline.
      {"processing past deadline", Facts(S::kProcessing, none, "", 5), E::DeadlineCheck(), kLate,
       S::kNeedsAttention, none, "", 5, false, true, no, "gave_up"},
      {"processing before deadline", Facts(S::kProcessing, none, "", 5), E::DeadlineCheck(), kSoon,
       S::kProcessing, none, "", 5, false, false, no, ""},
      {"submitted past deadline", Facts(S::kSubmitted, I::kPending, "order-1"), E::DeadlineCheck(),
       kLate, S::kNeedsAttention, I::kPending, "order-1", 0, false, true, no, "gave_up"},
      {"unknown+absent past deadline", Facts(S::kUnknown, none, "", 2), E::LookupAbsent(), kLate,
       S::kNeedsAttention, none, "", 2, false, true, no, "gave_up"},
      {"submitted+found pending past deadline", Facts(S::kSubmitted, I::kPending, "order-1"),
       E::LookupFound(Order("pending")), kLate, S::kNeedsAttention, I::kPending, "order-1", 0,
       false, true, no, "gave_up"},
      {"fulfilled past deadline", Facts(S::kFulfilled, I::kFulfilled, "order-1"),
       E::DeadlineCheck(), kLate, S::kFulfilled, I::kFulfilled, "order-1", 0, false, false, no, ""},
  };
}

TEST(RedemptionTransitionTest, EveryTransition) {
  const RedemptionPolicy policy;
  for (const Transition& t : Transitions()) {
    SCOPED_TRACE(t.name);
    const Decision d = Decide(t.before, t.event, policy, t.now);
    EXPECT_EQ(StateName(d.after.state), std::string(StateName(t.state)));
    EXPECT_EQ(d.after.item_status, t.item);
    EXPECT_EQ(d.after.order_id, t.order_id);
    EXPECT_EQ(d.after.submit_attempts, t.attempts);
    EXPECT_EQ(d.refund, t.refund);
    EXPECT_EQ(d.changed, t.changed);
    EXPECT_EQ(d.next_step, t.step);
    if (!t.failure_code.empty()) {
      EXPECT_EQ(d.after.failure_code, t.failure_code);
    }
    if (!t.changed) {
      EXPECT_EQ(d.after, t.before);
    }
    EXPECT_EQ(d.after.next_check_at_ms.has_value(), !IsTerminal(d.after.state));
    if (d.refund) {
      EXPECT_TRUE(d.after.refunded);
    }
  }
}

TEST(RedemptionTransitionTest, RefundReasonComesFromItemErrors) {
  const Decision d = Decide(Facts(S::kSubmitted, I::kPending, "order-1"),
                            RedemptionEvent::OrderObserved(Order("failed")), {}, kSoon);
  EXPECT_EQ(d.after.failure_code, "SUP01");
  EXPECT_EQ(d.after.failure_reason, "supplier declined");
  ObservedOrder bare = Order("cancelled");
  bare.errors.clear();
  const Decision b = Decide(Facts(S::kSubmitted, I::kPending, "order-1"),
                            RedemptionEvent::OrderObserved(bare), {}, kSoon);
  EXPECT_EQ(b.after.failure_code, "cancelled");
  EXPECT_EQ(b.after.failure_reason, "the gift card order was cancelled");
}

TEST(RedemptionTransitionTest, FulfilledCarriesDeliveryOnce) {
  const Decision d = Decide(Facts(S::kSubmitted, I::kProcessing, "order-1"),
                            RedemptionEvent::OrderObserved(Order("fulfilled")), {}, kSoon);
  ASSERT_TRUE(d.delivery.has_value());
  EXPECT_EQ(d.delivery->code, "CODE-1");
  const Decision again =
      Decide(d.after, RedemptionEvent::OrderObserved(Order("fulfilled")), {}, kSoon);
  EXPECT_FALSE(again.changed);
  EXPECT_FALSE(again.delivery.has_value());
}

TEST(RedemptionTransitionTest, SubmittedIsPolledAfterPollAfterAndBacksOff) {
  RedemptionPolicy p;
  const Decision d =
      Decide(Facts(S::kReserved), RedemptionEvent::CreateAccepted(Order("pending")), p, kSoon);
  EXPECT_EQ(d.after.next_check_at_ms, kSoon + p.poll_after.count());
  const Decision polled = Decide(d.after, RedemptionEvent::LookupFound(Order("pending")), p, kSoon);
  EXPECT_TRUE(polled.changed);
  EXPECT_EQ(polled.after.reconcile_checks, 1);
  EXPECT_EQ(polled.after.next_check_at_ms, kSoon + 2 * p.poll_after.count());
}

TEST(RedemptionTransitionTest, ParkedIsCreatedAgainEveryParkedRetryUntilTheDeadline) {
  RedemptionPolicy p;
  p.give_up_after = std::chrono::hours(2);
  RedemptionFacts f = Facts(S::kProcessing, std::nullopt, "", p.max_attempts);
  std::int64_t now = kCreated;
  int creates = 0;
  for (int checks = 0; f.state == S::kProcessing; ++checks) {
    ASSERT_LT(checks, 200);
    now = *f.next_check_at_ms;
    const Decision d = Decide(f, RedemptionEvent::LookupAbsent(), p, now);
    ASSERT_TRUE(d.changed);
    EXPECT_FALSE(d.refund);
    // The next check never lands past the next create's time or the deadline.
    if (!IsTerminal(d.after.state)) {
      EXPECT_LE(*d.after.next_check_at_ms, *f.last_attempt_at_ms + p.parked_retry.count());
      EXPECT_LE(*d.after.next_check_at_ms, GiveUpAtMs(p, kCreated));
    }
    const bool due = now >= *f.last_attempt_at_ms + p.parked_retry.count();
    EXPECT_EQ(d.next_step,
              due && !IsTerminal(d.after.state) ? NextStep::kResubmit : NextStep::kNone)
        << "at +" << (now - kCreated) / 1000 << " s";
    f = d.after;
    if (d.next_step == NextStep::kResubmit) {  // the create again ends without an answer
      ++creates;
      f = Decide(f, RedemptionEvent::CreateIndeterminate(), p, now).after;
      EXPECT_EQ(f.state, S::kProcessing);
      EXPECT_EQ(f.last_attempt_at_ms, now);
    }
  }
  EXPECT_EQ(f.state, S::kNeedsAttention);
  EXPECT_EQ(f.failure_code, "gave_up");
  EXPECT_FALSE(f.refunded);
  EXPECT_EQ(now, GiveUpAtMs(p, kCreated));  // the last check lands on the deadline
  EXPECT_GE(creates, 2 * 3600 / 300 - 2);   // one create every parked_retry (300 s)
}

TEST(RedemptionTransitionTest, SubmissionGivesUpCreatingAfterMaxAttempts) {
  RedemptionPolicy p;
  p.max_attempts = 3;
  RedemptionFacts f = Facts(S::kReserved);
  int creates = 0;
  for (int round = 0; round < 10 && f.state != S::kProcessing; ++round) {
    ++creates;
    Decision d = Decide(f, RedemptionEvent::CreateIndeterminate(), p, kSoon);
    f = d.after;
    if (d.next_step != NextStep::kLookup) break;
    d = Decide(f, RedemptionEvent::LookupAbsent(), p, kSoon);
    f = d.after;
    if (d.next_step != NextStep::kResubmit) break;
  }
  EXPECT_EQ(creates, 3);
  EXPECT_EQ(f.state, S::kProcessing);
  EXPECT_FALSE(f.refunded);
}

// All states x a spread of facts x every event kind.
std::vector<RedemptionFacts> AllFacts() {
  std::vector<RedemptionFacts> out;
  const std::vector<std::optional<I>> items = {std::nullopt,  I::kPending,   I::kProcessing,
                                               I::kFulfilled, I::kCancelled, I::kFailed};
  for (S s : AllStates()) {
    for (const std::optional<I>& item : items) {
      for (bool refunded : {false, true}) {
        for (int attempts : {0, 4, 5}) {
          out.push_back(Facts(s, item, item ? "order-1" : "", attempts, refunded));
          out.push_back(Facts(s, item, "", attempts, refunded));
        }
      }
    }
  }
  return out;
}

std::vector<RedemptionEvent> AllEvents() {
  using E = RedemptionEvent;
  std::vector<E> out = {E::CreateRejected("NN1002", "gone"), E::CreateConflict(),
                        E::CreateIndeterminate(), E::LookupAbsent(), E::DeadlineCheck()};
  for (const char* status : {"pending", "processing", "fulfilled", "cancelled", "failed", "odd"}) {
    for (const char* id : {"order-1", "order-2"}) {
      out.push_back(E::CreateAccepted(Order(status, id)));
      out.push_back(E::LookupFound(Order(status, id)));
      out.push_back(E::OrderObserved(Order(status, id)));
    }
  }
  return out;
}

TEST(RedemptionInvariantTest, RefundOnlyOnKnownFailureOrRejectionAndOnlyOnce) {
  const RedemptionPolicy policy;
  for (const RedemptionFacts& before : AllFacts()) {
    for (const RedemptionEvent& e : AllEvents()) {
      for (std::int64_t now : {kSoon, kLate}) {
        const Decision d = Decide(before, e, policy, now);
        if (!d.refund) continue;
        SCOPED_TRACE(std::string(StateName(before.state)) + " + " + EventKindName(e.kind));
        EXPECT_FALSE(before.refunded);
        EXPECT_EQ(d.after.state, S::kRefunded);
        const bool rejection = e.kind == EventKind::kCreateRejected && before.order_id.empty();
        const std::optional<I> seen = ParseItemStatus(e.order.item_status);
        const bool known_failure =
            e.kind != EventKind::kCreateRejected && seen && IsRefundItem(*seen);
        EXPECT_TRUE(rejection || known_failure);
      }
    }
  }
}

TEST(RedemptionInvariantTest, ItemStatusOnlyMovesForwardAndTerminalsStick) {
  const RedemptionPolicy policy;
  for (const RedemptionFacts& before : AllFacts()) {
    for (const RedemptionEvent& e : AllEvents()) {
      const Decision d = Decide(before, e, policy, kSoon);
      SCOPED_TRACE(std::string(StateName(before.state)) + " + " + EventKindName(e.kind));
      if (before.item_status) {
        ASSERT_TRUE(d.after.item_status.has_value());
        EXPECT_GE(ItemRank(*d.after.item_status), ItemRank(*before.item_status));
        if (IsTerminalItem(*before.item_status)) {
          EXPECT_EQ(d.after.item_status, before.item_status);
        }
      }
      EXPECT_EQ(d.after.next_check_at_ms.has_value(), !IsTerminal(d.after.state));
      EXPECT_EQ(d.changed, d.after != before);
      EXPECT_EQ(d.after.created_at_ms, before.created_at_ms);
      if (d.changed && d.after.state == S::kFulfilled) {
        EXPECT_FALSE(d.after.refunded);  // never both the card and the points back
      }
    }
  }
}

TEST(RedemptionInvariantTest, UncertaintyNeverRefunds) {
  const RedemptionPolicy policy;
  for (const RedemptionFacts& before : AllFacts()) {
    for (const RedemptionEvent& e :
         {RedemptionEvent::CreateConflict(), RedemptionEvent::CreateIndeterminate(),
          RedemptionEvent::LookupAbsent(), RedemptionEvent::DeadlineCheck()}) {
      for (std::int64_t now : {kSoon, kLate}) {
        const Decision d = Decide(before, e, policy, now);
        EXPECT_FALSE(d.refund);
        EXPECT_EQ(d.after.state == S::kRefunded, before.state == S::kRefunded);
      }
    }
  }
}

TEST(RedemptionInvariantTest, RepeatedOrderEventChangesNothing) {
  const RedemptionPolicy policy;
  for (const RedemptionFacts& before : AllFacts()) {
    for (const RedemptionEvent& e : AllEvents()) {
      if (e.kind != EventKind::kOrderObserved && e.kind != EventKind::kCreateAccepted) continue;
      const Decision first = Decide(before, e, policy, kSoon);
      const Decision second = Decide(first.after, e, policy, kSoon);
      EXPECT_FALSE(second.changed) << StateName(before.state) << " + " << e.order.item_status;
      EXPECT_FALSE(second.refund);
    }
  }
}

TEST(RedemptionInvariantTest, CreateEventsNeverTouchARedemptionWithAnOrder) {
  const RedemptionPolicy policy;
  for (const RedemptionFacts& before : AllFacts()) {
    if (before.order_id.empty()) continue;
    for (const RedemptionEvent& e :
         {RedemptionEvent::CreateRejected("NN1002", "x"), RedemptionEvent::CreateConflict(),
          RedemptionEvent::CreateIndeterminate()}) {
      EXPECT_FALSE(Decide(before, e, policy, kSoon).changed);
    }
  }
}

}  // namespace
}  // namespace ascenda

namespace ascenda {
namespace {

TEST(RedemptionOperatorResolveTest, OnlyNeedsAttentionMovesAndTheRefundComesOnce) {
  const RedemptionPolicy policy;
  for (const RedemptionFacts& before : AllFacts()) {
    for (bool refund : {false, true}) {
      SCOPED_TRACE(std::string(StateName(before.state)) + (refund ? " refund" : " fulfilled") +
                   (before.refunded ? " (refunded before)" : ""));
      const Decision d = Decide(
          before, RedemptionEvent::OperatorResolve(refund, "by olga: checked"), policy, kSoon);
      if (before.state != S::kNeedsAttention) {
        EXPECT_FALSE(d.changed);
        EXPECT_FALSE(d.refund);
        EXPECT_EQ(d.after, before);
        continue;
      }
      EXPECT_TRUE(d.changed);
      EXPECT_EQ(d.after.state, refund ? S::kRefunded : S::kFulfilled);
      EXPECT_EQ(d.refund, refund && !before.refunded);
      EXPECT_EQ(d.after.refunded, refund || before.refunded);
      EXPECT_FALSE(d.after.next_check_at_ms.has_value());
      EXPECT_EQ(d.note, "by olga: checked");
      EXPECT_FALSE(d.delivery.has_value());
      // The same resolve again, or the other one: nothing (the row is settled).
      for (bool second : {false, true}) {
        const Decision again =
            Decide(d.after, RedemptionEvent::OperatorResolve(second, "again"), policy, kSoon);
        EXPECT_FALSE(again.changed);
        EXPECT_FALSE(again.refund);
      }
    }
  }
}

TEST(RedemptionOperatorResolveTest, AFailedOrderAfterAnOperatorRefundRefundsNothing) {
  const RedemptionPolicy policy;
  const Decision resolved = Decide(Facts(S::kNeedsAttention, I::kPending, "order-1"),
                                   RedemptionEvent::OperatorResolve(true, "refund"), policy, kSoon);
  ASSERT_TRUE(resolved.refund);
  for (const char* status : {"failed", "cancelled", "fulfilled"}) {
    const Decision late =
        Decide(resolved.after, RedemptionEvent::OrderObserved(Order(status)), policy, kSoon);
    EXPECT_FALSE(late.refund) << status;
  }
}

}  // namespace
}  // namespace ascenda
