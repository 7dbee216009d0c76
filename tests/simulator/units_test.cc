// The simulator's rooms without sockets: time-dependent logic is driven by a
// hand-set clock, never by sleeping.
#include <gtest/gtest.h>

#include "faults.h"
#include "json_text.h"
#include "outcome_policy.h"
#include "rate_limiter.h"
#include "token_store.h"
#include "webhook_sender.h"
#include "webhook_signature.h"
#include "wire_json.h"

namespace ascenda_sim {
namespace {

class ManualClock final : public Clock {
 public:
  int64_t WallMs() const override { return wall_ms; }
  int64_t SteadyMs() const override { return steady_ms; }
  void Advance(int64_t ms) {
    wall_ms += ms;
    steady_ms += ms;
  }
  int64_t wall_ms = 1'800'000'000'000;
  int64_t steady_ms = 1'000;
};

TEST(WebhookTargetsTest, CommaSeparatedReceiversAreTrimmedAndEmptiesDropped) {
  EXPECT_EQ(WebhookTargets(""), std::vector<std::string>{});
  EXPECT_EQ(WebhookTargets("http://a/h"), std::vector<std::string>{"http://a/h"});
  EXPECT_EQ(WebhookTargets(" http://a/h , ,https://b/h,"),
            (std::vector<std::string>{"http://a/h", "https://b/h"}));
}

TEST(RateLimiterTest, RefillsAtTheConfiguredRate) {
  ManualClock clock;
  RateLimiter limiter(clock, 2.0, 2);
  int retry_after = 0;
  EXPECT_TRUE(limiter.TryAcquire(&retry_after));
  EXPECT_TRUE(limiter.TryAcquire(&retry_after));
  EXPECT_FALSE(limiter.TryAcquire(&retry_after));
  EXPECT_EQ(retry_after, 1);
  clock.Advance(499);
  EXPECT_FALSE(limiter.TryAcquire(&retry_after));
  clock.Advance(1);
  EXPECT_TRUE(limiter.TryAcquire(&retry_after));
  EXPECT_EQ(limiter.rejected_count(), 2);
}

TEST(RateLimiterTest, RetryAfterRoundsUpToWholeSeconds) {
  ManualClock clock;
  RateLimiter limiter(clock, 0.25, 1);
  int retry_after = 0;
  EXPECT_TRUE(limiter.TryAcquire(&retry_after));
  EXPECT_FALSE(limiter.TryAcquire(&retry_after));
  EXPECT_EQ(retry_after, 4);
}

TEST(RateLimiterTest, ZeroRateIsOff) {
  ManualClock clock;
  RateLimiter limiter(clock, 0, 0);
  int retry_after = 0;
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limiter.TryAcquire(&retry_after));
}

TEST(TokenStoreTest, TokenExpiresAtExpiresAt) {
  ManualClock clock;
  TokenStore store(clock, 60);
  IssuedToken token = store.Issue();
  EXPECT_EQ(token.expires_at_s, clock.WallSeconds() + 60);
  clock.Advance(59'999);
  EXPECT_EQ(store.Check(token.token), TokenCheck::kValid);
  clock.Advance(1);
  EXPECT_EQ(store.Check(token.token), TokenCheck::kExpired);
  EXPECT_EQ(store.Check("other"), TokenCheck::kUnknown);
}

TEST(TokenStoreTest, ExpireAllCountsLiveTokens) {
  ManualClock clock;
  TokenStore store(clock, 60);
  IssuedToken a = store.Issue();
  store.Issue();
  EXPECT_EQ(store.ExpireAll(), 2);
  EXPECT_EQ(store.Check(a.token), TokenCheck::kExpired);
  EXPECT_EQ(store.ExpireAll(), 0);
}

TEST(OutcomePolicyTest, MostSpecificRuleWins) {
  std::vector<OutcomeRule> rules;
  ASSERT_EQ(ParseOutcomeRules("card-1=failed, card-1/10.00=cancelled,*/20.00=failed", rules), "");
  OutcomePolicy policy(rules, 0, 0, 1);
  EXPECT_EQ(policy.Choose("card-1", "10.00"), ItemStatus::kCancelled);
  EXPECT_EQ(policy.Choose("card-1", "20.00"), ItemStatus::kFailed);
  EXPECT_EQ(policy.Choose("card-2", "20.00"), ItemStatus::kFailed);
  EXPECT_EQ(policy.Choose("card-2", "10.00"), ItemStatus::kFulfilled);
}

TEST(OutcomePolicyTest, RejectsBadRules) {
  std::vector<OutcomeRule> rules;
  EXPECT_NE(ParseOutcomeRules("card-1", rules), "");
  EXPECT_NE(ParseOutcomeRules("card-1=processing", rules), "");
  EXPECT_NE(ParseOutcomeRules("=failed", rules), "");
}

TEST(OutcomePolicyTest, RatesSplitOutcomes) {
  OutcomePolicy policy({}, 0.5, 0.5, 42);
  int failed = 0, cancelled = 0;
  for (int i = 0; i < 1000; ++i) {
    ItemStatus s = policy.Choose("c", "1");
    failed += s == ItemStatus::kFailed;
    cancelled += s == ItemStatus::kCancelled;
  }
  EXPECT_EQ(failed + cancelled, 1000);
  EXPECT_GT(failed, 400);
  EXPECT_GT(cancelled, 400);
}

TEST(FaultInjectorTest, ScriptedFaultsMatchOpReferenceAndCount) {
  FaultInjector faults(FaultRates{}, 1);
  faults.Enqueue({ApiOp::kCreate, "ref-1", {FaultKind::kStatus500, false, 0}, 2});
  EXPECT_EQ(faults.Next(ApiOp::kGetOrder, "ref-1").kind, FaultKind::kNone);
  EXPECT_EQ(faults.Next(ApiOp::kCreate, "ref-2").kind, FaultKind::kNone);
  EXPECT_EQ(faults.Next(ApiOp::kCreate, "ref-1").kind, FaultKind::kStatus500);
  EXPECT_EQ(faults.Next(ApiOp::kCreate, "ref-1").kind, FaultKind::kStatus500);
  EXPECT_EQ(faults.Next(ApiOp::kCreate, "ref-1").kind, FaultKind::kNone);
  EXPECT_EQ(faults.injected_count(), 2);
}

TEST(FaultInjectorTest, NamesRoundTrip) {
  for (const char* name :
       {"delay", "timeout_after_commit", "close_before_commit", "close_after_commit", "status_500",
        "status_502", "status_503", "status_504", "status_429", "invalid_token", "expired_token",
        "member_invalid", "tenant_not_found"}) {
    auto kind = ParseFaultKind(name);
    ASSERT_TRUE(kind) << name;
    EXPECT_STREQ(FaultKindName(*kind), name);
  }
}

TEST(WebhookSignatureTest, MatchesRfc4231TestCase2) {
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(WebhookSignatureTest, HeaderSignsTimestampDotBody) {
  EXPECT_EQ(SignatureHeader(1700000000, "{}", "k", ""),
            "t=1700000000,v1=" + HmacSha256Hex("k", "1700000000.{}"));
  EXPECT_EQ(SignatureHeader(1, "b", "new", "old"),
            "t=1,v1=" + HmacSha256Hex("new", "1.b") + ",v1=" + HmacSha256Hex("old", "1.b"));
}

TEST(JsonTextTest, IsoDateTimes) {
  EXPECT_TRUE(IsIsoDateTime("2026-11-26T10:15:30Z"));
  EXPECT_TRUE(IsIsoDateTime("2026-11-26T18:15:30.250+08:00"));
  EXPECT_FALSE(IsIsoDateTime("2026-11-26T10:15:30"));
  EXPECT_FALSE(IsIsoDateTime("2026-13-26T10:15:30Z"));
  EXPECT_FALSE(IsIsoDateTime("26/11/2026"));
  EXPECT_EQ(IsoTime(1'800'000'000'000), "2027-01-15T08:00:00Z");
}

TEST(WireJsonTest, ErrorBodyHasTheContractShape) {
  EXPECT_EQ(
      ErrorBody(ApiError::DuplicateReference("dup \"x\"")),
      R"({"errors":[{"code":"NN1011","status":"409","title":"Reference ID already exists","detail":"dup \"x\""}]})");
  EXPECT_EQ(ListEnvelope("", 3, 25, 51),
            R"({"data":[],"meta":{"page":3,"page_size":25,"total_count":51,"total_pages":3}})");
}

}  // namespace
}  // namespace ascenda_sim
