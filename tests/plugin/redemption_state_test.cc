// The redemption states, pure: names, which states are terminal and what a
// member sees, the order of item statuses, and the policy's back-off. The
// transitions (Decide) are in redemption_transitions_test.cc.
#include "ascenda/redemption/redemption_state.h"

#include <gtest/gtest.h>

#include <string>

#include "ascenda/redemption/redemption_policy.h"

namespace ascenda {
namespace {

using S = RedemptionState;
using I = ItemStatus;
using std::chrono::milliseconds;

constexpr std::int64_t kCreated = 1'800'000'000'000;

TEST(RedemptionStateTest, NamesRoundTrip) {
  for (S s : AllStates()) EXPECT_EQ(ParseState(StateName(s)), s);
  EXPECT_EQ(ParseState("cancelled"), std::nullopt);
  EXPECT_EQ(AllStates().size(), 7u);
  for (I i : {I::kPending, I::kProcessing, I::kFulfilled, I::kCancelled, I::kFailed}) {
    EXPECT_EQ(ParseItemStatus(ItemStatusName(i)), i);
  }
  EXPECT_EQ(ParseItemStatus("on_hold"), std::nullopt);
  EXPECT_EQ(StateName(S::kNeedsAttention), std::string("needs_attention"));
}

TEST(RedemptionStateTest, TerminalStatesAndMemberStatus) {
  EXPECT_FALSE(IsTerminal(S::kReserved));
  EXPECT_FALSE(IsTerminal(S::kSubmitted));
  EXPECT_FALSE(IsTerminal(S::kUnknown));
  EXPECT_FALSE(IsTerminal(S::kProcessing));
  EXPECT_TRUE(IsTerminal(S::kFulfilled));
  EXPECT_TRUE(IsTerminal(S::kRefunded));
  EXPECT_TRUE(IsTerminal(S::kNeedsAttention));
  for (S s : {S::kReserved, S::kSubmitted, S::kUnknown, S::kProcessing, S::kNeedsAttention}) {
    EXPECT_EQ(MemberStatusOf(s), rewards::MemberStatus::kProcessing) << StateName(s);
  }
  EXPECT_EQ(MemberStatusOf(S::kFulfilled), rewards::MemberStatus::kFulfilled);
  EXPECT_EQ(MemberStatusOf(S::kRefunded), rewards::MemberStatus::kFailed);
  EXPECT_EQ(StatesForMemberStatus("failed"), std::vector<S>{S::kRefunded});
  EXPECT_EQ(StatesForMemberStatus("processing")->size(), 5u);
  EXPECT_EQ(StatesForMemberStatus("refunded"), std::nullopt);
}

TEST(RedemptionStateTest, ItemStatusesAreOrdered) {
  EXPECT_LT(ItemRank(I::kPending), ItemRank(I::kProcessing));
  for (I t : {I::kFulfilled, I::kCancelled, I::kFailed}) {
    EXPECT_LT(ItemRank(I::kProcessing), ItemRank(t));
    EXPECT_TRUE(IsTerminalItem(t));
  }
  EXPECT_FALSE(IsRefundItem(I::kFulfilled));
  EXPECT_TRUE(IsRefundItem(I::kCancelled));
  EXPECT_TRUE(IsRefundItem(I::kFailed));
}

TEST(RedemptionPolicyTest, CheckDelayDoublesUpToTheCap) {
  RedemptionPolicy p;
  p.max_check_interval = milliseconds(1000);
  EXPECT_EQ(CheckDelay(p, milliseconds(100), 0), milliseconds(100));
  EXPECT_EQ(CheckDelay(p, milliseconds(100), 1), milliseconds(200));
  EXPECT_EQ(CheckDelay(p, milliseconds(100), 3), milliseconds(800));
  EXPECT_EQ(CheckDelay(p, milliseconds(100), 4), milliseconds(1000));
  EXPECT_EQ(CheckDelay(p, milliseconds(100), 1'000'000), milliseconds(1000));
  EXPECT_EQ(GiveUpAtMs(p, kCreated), kCreated + 24LL * 3'600'000);
}

TEST(RedemptionPolicyTest, FromSettings) {
  AscendaSettings s;
  s.submit_max_attempts = 3;
  s.reconcile_interval_s = 10;
  s.poll_after_s = 60;
  s.reconcile_give_up_after_h = 2;
  RedemptionPolicy p = PolicyFromSettings(s);
  EXPECT_EQ(p.max_attempts, 3);
  EXPECT_EQ(p.retry_base, milliseconds(10'000));
  EXPECT_EQ(p.poll_after, milliseconds(60'000));
  EXPECT_EQ(p.give_up_after, std::chrono::hours(2));
  s.submit_max_attempts = 0;
  EXPECT_EQ(PolicyFromSettings(s).max_attempts, 5);
}

}  // namespace
}  // namespace ascenda
