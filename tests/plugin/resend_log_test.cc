// The confirmation-email resend rules (ResendLog) on SQLite and PostgreSQL:
// only the owner, only fulfilled, at most once per cooldown per redemption —
// also when many requests race — and every resend recorded with its outcome.
#include "ascenda/outcome/resend_log.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "outcome_test_env.h"

namespace ascenda {
namespace {

using rewards::StatusCode;
using std::chrono::seconds;

class ResendLogTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<test::OutcomeDb>(GetParam(), dir_, clock_);
    log_ = std::make_unique<ResendLog>(db_->db(), clock_);
    db_->AddMember("m1", 10'000);
    db_->AddMember("m2", 10'000);
  }

  RedemptionRecord WithItem(const std::string& status) {
    RedemptionRecord r = db_->Reserve("m1", 500);
    ObservedOrder o;
    o.order_id = "order-" + r.id;
    o.item_status = status;
    auto a = db_->store().Apply(r.id, RedemptionEvent::OrderObserved(o), RedemptionPolicy{});
    EXPECT_TRUE(a.ok()) << a.status().ToString();
    return a.ok() ? a->record : r;
  }

  testsupport::TempDir dir_;
  testsupport::ManualClock clock_;
  std::unique_ptr<test::OutcomeDb> db_;
  std::unique_ptr<ResendLog> log_;
};

TEST_P(ResendLogTest, OnlyTheOwnerOfAFulfilledRedemption) {
  RedemptionRecord fulfilled = WithItem("fulfilled");
  RedemptionRecord pending = WithItem("processing");
  RedemptionRecord failed = WithItem("failed");
  auto other = log_->Begin(fulfilled.id, "m2", seconds(300));
  EXPECT_EQ(other.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(other.status().error(), "unknown_redemption");
  EXPECT_EQ(log_->Begin("no-such-id", "m1", seconds(300)).status().code(), StatusCode::kNotFound);
  for (const RedemptionRecord* r : {&pending, &failed}) {
    auto refused = log_->Begin(r->id, "m1", seconds(300));
    EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
    EXPECT_EQ(refused.status().error(), "not_fulfilled");
  }
  auto ticket = log_->Begin(fulfilled.id, "m1", seconds(300));
  ASSERT_TRUE(ticket.ok()) << ticket.status().ToString();
  EXPECT_EQ(ticket->order_id, "order-" + fulfilled.id);
  EXPECT_EQ(db_->Count("SELECT COUNT(*) FROM ascenda_resends"), 1);
}

TEST_P(ResendLogTest, CooldownPerRedemptionWithRetryAfter) {
  RedemptionRecord a = WithItem("fulfilled");
  RedemptionRecord b = WithItem("fulfilled");
  auto first = log_->Begin(a.id, "m1", seconds(300));
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(log_->Finish(first->resend_id, ResendOutcome::kSent, "").ok());
  clock_.Advance(seconds(100));
  auto early = log_->Begin(a.id, "m1", seconds(300));
  EXPECT_EQ(early.status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(early.status().error(), "resend_cooldown");
  EXPECT_EQ(early.status().details().at("retry_after_s"), "200");
  EXPECT_TRUE(log_->Begin(b.id, "m1", seconds(300)).ok());  // another redemption: its own cooldown
  clock_.Advance(std::chrono::milliseconds(199'500));
  EXPECT_EQ(log_->Begin(a.id, "m1", seconds(300)).status().details().at("retry_after_s"), "1");
  clock_.Advance(std::chrono::milliseconds(500));
  EXPECT_TRUE(log_->Begin(a.id, "m1", seconds(300)).ok());
  auto entries = log_->List(a.id);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ(entries->at(0).outcome, "sent");
  EXPECT_EQ(entries->at(1).outcome, "pending");
}

TEST_P(ResendLogTest, AFailedResendIsRecordedAndDoesNotStartTheCooldown) {
  RedemptionRecord r = WithItem("fulfilled");
  auto first = log_->Begin(r.id, "m1", seconds(300));
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(log_->Finish(first->resend_id, ResendOutcome::kFailed, "http_503").ok());
  clock_.Advance(seconds(1));
  auto second = log_->Begin(r.id, "m1", seconds(300));
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE(log_->Finish(second->resend_id, ResendOutcome::kUnknown, "http_504").ok());
  EXPECT_EQ(log_->Begin(r.id, "m1", seconds(300)).status().code(),
            StatusCode::kResourceExhausted);  // 'unknown': the email may have gone out
  auto entries = log_->List(r.id);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ(entries->at(0).outcome, "failed");
  EXPECT_EQ(entries->at(0).error, "http_503");
  EXPECT_EQ(entries->at(1).outcome, "unknown");
}

TEST_P(ResendLogTest, RacingRequestsPassTheCooldownOnce) {
  for (int round = 0; round < 5; ++round) {
    RedemptionRecord r = WithItem("fulfilled");
    std::atomic<int> ok{0}, limited{0}, ready{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
      threads.emplace_back([&] {
        ++ready;
        while (ready < 8) std::this_thread::yield();
        auto t = log_->Begin(r.id, "m1", seconds(300));
        if (t.ok()) {
          ++ok;
        } else if (t.status().code() == StatusCode::kResourceExhausted) {
          ++limited;
        } else {
          ADD_FAILURE() << t.status().ToString();
        }
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok, 1) << "round " << round;
    EXPECT_EQ(limited, 7) << "round " << round;
  }
}

INSTANTIATE_TEST_SUITE_P(Databases, ResendLogTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ascenda
