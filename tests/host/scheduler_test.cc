// The host scheduler on a manual clock: due tasks run when the clock is
// advanced, periodic tasks never overlap themselves, Drain cancels and waits.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "clock/host_clock.h"
#include "scheduler/plugin_scheduler.h"
#include "scheduler/task_scheduler.h"
#include "support/wait_until.h"

namespace {

using namespace std::chrono_literals;

bool Eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit = 10s) {
  return testsupport::WaitUntil(condition, limit, 1ms);
}

// A gate a task waits at until the test opens it.
class Gate {
 public:
  void Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return open_; });
  }
  void Open() {
    std::lock_guard<std::mutex> lock(mu_);
    open_ = true;
    cv_.notify_all();
  }
  void Close() {
    std::lock_guard<std::mutex> lock(mu_);
    open_ = false;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
};

class SchedulerTest : public ::testing::Test {
 protected:
  SchedulerTest() {
    clock_.SetAdvanceListener([this] { scheduler_.Wake(); });
  }
  loyalty::ManualClock clock_;
  loyalty::TaskScheduler scheduler_{clock_, 4};
};

TEST_F(SchedulerTest, DelayedTaskRunsOnlyOnceTheClockReachesIt) {
  loyalty::PluginScheduler plugin(scheduler_);
  std::atomic<int> runs{0};
  ASSERT_TRUE(plugin.ScheduleAfter(5s, "later", [&] { ++runs; }).ok());
  clock_.Advance(4s);
  EXPECT_EQ(plugin.PendingCount(), 1u);
  EXPECT_EQ(runs.load(), 0);
  clock_.Advance(1s);
  EXPECT_TRUE(Eventually([&] { return runs.load() == 1; }));
  EXPECT_TRUE(Eventually([&] { return plugin.PendingCount() == 0; }));
}

TEST_F(SchedulerTest, PeriodicTaskNeverOverlapsItself) {
  loyalty::PluginScheduler plugin(scheduler_);
  Gate gate;
  std::atomic<int> started{0}, active{0}, max_active{0};
  ASSERT_TRUE(plugin
                  .SchedulePeriodic(1s, "slow",
                                    [&] {
                                      ++started;
                                      const int now_active = ++active;
                                      if (now_active > max_active) max_active = now_active;
                                      gate.Wait();
                                      --active;
                                    })
                  .ok());
  clock_.Advance(1s);
  ASSERT_TRUE(Eventually([&] { return started.load() == 1; }));
  // While it runs, time passes many intervals: no second run starts.
  for (int i = 0; i < 10; ++i) clock_.Advance(1s);
  EXPECT_EQ(plugin.PendingCount(), 0u);
  EXPECT_EQ(started.load(), 1);
  gate.Open();
  // The next run is one interval after the previous run ended.
  ASSERT_TRUE(Eventually([&] { return plugin.PendingCount() == 1; }));
  EXPECT_EQ(started.load(), 1);
  clock_.Advance(1s);
  EXPECT_TRUE(Eventually([&] { return started.load() == 2; }));
  EXPECT_EQ(max_active.load(), 1);
  plugin.Drain();
}

TEST_F(SchedulerTest, DrainCancelsPendingAndWaitsForRunning) {
  loyalty::PluginScheduler plugin(scheduler_);
  loyalty::PluginScheduler other(scheduler_);
  Gate gate;
  std::atomic<bool> running{false}, finished{false};
  std::atomic<int> cancelled_runs{0}, other_runs{0};
  ASSERT_TRUE(plugin
                  .ScheduleAfter(1s, "blocking",
                                 [&] {
                                   running = true;
                                   gate.Wait();
                                   finished = true;
                                 })
                  .ok());
  ASSERT_TRUE(plugin.ScheduleAfter(100s, "pending", [&] { ++cancelled_runs; }).ok());
  clock_.Advance(1s);
  ASSERT_TRUE(Eventually([&] { return running.load(); }));
  std::atomic<bool> drained{false};
  std::thread drainer([&] {
    plugin.Drain();
    drained = true;
  });
  ASSERT_TRUE(Eventually([&] { return plugin.PendingCount() == 0; }));
  EXPECT_FALSE(drained.load());  // still waiting for the running task
  gate.Open();
  drainer.join();
  EXPECT_TRUE(finished.load());
  // After the drain the plugin may not schedule, and its cancelled task never
  // runs: a task of another owner due at the same time runs, it does not.
  auto refused = plugin.ScheduleAfter(1s, "late", [] {});
  EXPECT_EQ(refused.status().code(), rewards::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(other.ScheduleAfter(99s, "sentinel", [&] { ++other_runs; }).ok());
  clock_.Advance(200s);
  ASSERT_TRUE(Eventually([&] { return other_runs.load() == 1; }));
  EXPECT_EQ(cancelled_runs.load(), 0);
}

TEST_F(SchedulerTest, CancelStopsAPeriodicTask) {
  loyalty::PluginScheduler plugin(scheduler_);
  std::atomic<int> runs{0};
  auto id = plugin.SchedulePeriodic(1s, "tick", [&] { ++runs; });
  ASSERT_TRUE(id.ok());
  clock_.Advance(1s);
  ASSERT_TRUE(Eventually([&] { return runs.load() == 1 && plugin.PendingCount() == 1; }));
  plugin.Cancel(id.value());
  EXPECT_EQ(plugin.PendingCount(), 0u);
  std::atomic<int> sentinel{0};
  ASSERT_TRUE(plugin.ScheduleAfter(5s, "sentinel", [&] { ++sentinel; }).ok());
  clock_.Advance(5s);
  ASSERT_TRUE(Eventually([&] { return sentinel.load() == 1; }));
  EXPECT_EQ(runs.load(), 1);
}

TEST_F(SchedulerTest, ThrowingTaskDoesNotStopTheScheduler) {
  loyalty::PluginScheduler plugin(scheduler_);
  std::atomic<int> runs{0};
  ASSERT_TRUE(plugin.ScheduleAfter(1s, "throws", [] { throw std::runtime_error("boom"); }).ok());
  ASSERT_TRUE(plugin.ScheduleAfter(2s, "after", [&] { ++runs; }).ok());
  clock_.Advance(2s);
  EXPECT_TRUE(Eventually([&] { return runs.load() == 1; }));
}

TEST_F(SchedulerTest, BadArgumentsAreRefused) {
  loyalty::PluginScheduler plugin(scheduler_);
  EXPECT_EQ(plugin.SchedulePeriodic(0ms, "zero", [] {}).status().code(),
            rewards::StatusCode::kInvalidArgument);
  EXPECT_EQ(plugin.ScheduleAfter(-1ms, "negative", [] {}).status().code(),
            rewards::StatusCode::kInvalidArgument);
  EXPECT_EQ(plugin.ScheduleAfter(1ms, "empty", nullptr).status().code(),
            rewards::StatusCode::kInvalidArgument);
}

}  // namespace
