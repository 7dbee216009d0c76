// Decide under doubt: a rejection that follows an uncertain create attempt
// never refunds until a later lookup confirms that Ascenda holds no order,
// and a parked redemption keeps being created again (same reference_id).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>

#include "ascenda/redemption/redemption_transitions.h"

namespace ascenda {
namespace {

using S = RedemptionState;
using E = RedemptionEvent;

constexpr std::int64_t kCreated = 1'800'000'000'000;

RedemptionFacts Reserved() {
  RedemptionFacts f;
  f.state = S::kReserved;
  f.created_at_ms = kCreated;
  f.next_check_at_ms = kCreated;
  return f;
}

ObservedOrder Pending(const std::string& ref = "ref-1") {
  ObservedOrder o;
  o.order_id = "order-1";
  o.reference_id = ref;
  o.item_status = "pending";
  return o;
}

TEST(RedemptionUncertaintyTest, IndeterminateAttemptMakesTheRedemptionUncertain) {
  const RedemptionPolicy p;
  const Decision d = Decide(Reserved(), E::CreateIndeterminate(), p, kCreated);
  EXPECT_TRUE(d.after.uncertain);
  const Decision conflict = Decide(Reserved(), E::CreateConflict(), p, kCreated);
  EXPECT_TRUE(conflict.after.uncertain);
}

TEST(RedemptionUncertaintyTest, RejectionWithoutDoubtRefundsAtOnce) {
  const Decision d = Decide(Reserved(), E::CreateRejected("NN1002", "gone"), {}, kCreated);
  EXPECT_EQ(d.after.state, S::kRefunded);
  EXPECT_TRUE(d.refund);
}

TEST(RedemptionUncertaintyTest, RejectionAfterTimeoutWaitsThenLooksAgain) {
  RedemptionPolicy p;
  p.confirm_after = std::chrono::seconds(60);
  std::int64_t now = kCreated;
  RedemptionFacts f = Decide(Reserved(), E::CreateIndeterminate(), p, now).after;
  f = Decide(f, E::LookupAbsent(), p, now += 100).after;  // order not visible yet
  ASSERT_EQ(f.state, S::kUnknown);

  const Decision rejected = Decide(f, E::CreateRejected("NN1002", "gone"), p, now += 100);
  EXPECT_FALSE(rejected.refund);
  EXPECT_EQ(rejected.after.state, S::kUnknown);
  EXPECT_EQ(rejected.next_step, NextStep::kNone);
  EXPECT_EQ(rejected.after.rejected_at_ms, now);
  EXPECT_EQ(rejected.after.next_check_at_ms, now + 60'000);
  f = rejected.after;

  // Looked up too early (an operator's resync): still no refund, no create.
  const Decision early = Decide(f, E::LookupAbsent(), p, now + 1'000);
  EXPECT_FALSE(early.refund);
  EXPECT_EQ(early.after.state, S::kUnknown);
  EXPECT_EQ(early.next_step, NextStep::kNone);
  EXPECT_EQ(early.after.next_check_at_ms, now + 60'000);

  // Confirmed absent after the wait: the refund, exactly once.
  const Decision confirmed = Decide(f, E::LookupAbsent(), p, now + 60'000);
  EXPECT_TRUE(confirmed.refund);
  EXPECT_EQ(confirmed.after.state, S::kRefunded);
  EXPECT_EQ(confirmed.after.failure_code, "NN1002");
  EXPECT_FALSE(Decide(confirmed.after, E::LookupAbsent(), p, now + 70'000).refund);
}

TEST(RedemptionUncertaintyTest, OrderFoundAfterARejectionIsAdopted) {
  RedemptionPolicy p;
  RedemptionFacts f = Decide(Reserved(), E::CreateIndeterminate(), p, kCreated).after;
  f = Decide(f, E::CreateRejected("NN1002", "gone"), p, kCreated + 10).after;
  const Decision found = Decide(f, E::LookupFound(Pending()), p, kCreated + 60'010);
  EXPECT_FALSE(found.refund);
  EXPECT_EQ(found.after.state, S::kSubmitted);
  EXPECT_EQ(found.after.order_id, "order-1");
  EXPECT_FALSE(found.after.rejected_at_ms.has_value());
  EXPECT_TRUE(found.after.failure_code.empty());
  // A webhook before the confirming lookup does the same.
  const Decision hook = Decide(f, E::OrderObserved(Pending()), p, kCreated + 20);
  EXPECT_EQ(hook.after.state, S::kSubmitted);
  EXPECT_FALSE(hook.refund);
}

TEST(RedemptionUncertaintyTest, ParkedRejectionAlsoWaitsForConfirmation) {
  RedemptionPolicy p;
  p.max_attempts = 1;
  RedemptionFacts f = Decide(Reserved(), E::CreateIndeterminate(), p, kCreated).after;
  ASSERT_EQ(f.state, S::kProcessing);
  const std::int64_t later = kCreated + p.parked_retry.count();
  const Decision absent = Decide(f, E::LookupAbsent(), p, later);
  EXPECT_EQ(absent.next_step, NextStep::kResubmit);
  const Decision rejected = Decide(absent.after, E::CreateRejected("NN1002", "gone"), p, later);
  EXPECT_FALSE(rejected.refund);
  EXPECT_EQ(rejected.after.state, S::kUnknown);
  EXPECT_EQ(Decide(rejected.after, E::LookupAbsent(), p, later + 1).next_step,
            NextStep::kNone);  // never created again while a rejection is pending
}

TEST(RedemptionUncertaintyTest, ParkedCreateAcceptedIsAdopted) {
  RedemptionPolicy p;
  p.max_attempts = 1;
  RedemptionFacts f = Decide(Reserved(), E::CreateIndeterminate(), p, kCreated).after;
  const Decision d = Decide(f, E::CreateAccepted(Pending()), p, kCreated + 300'000);
  EXPECT_EQ(d.after.state, S::kSubmitted);
  EXPECT_EQ(d.after.order_id, "order-1");
}

}  // namespace
}  // namespace ascenda
