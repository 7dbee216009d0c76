// WorkerPool on its own: it runs what is posted, refuses work when stopped or
// full (the caller leaves it to the reconciler), runs what is queued before
// Stop() returns, survives a throwing task, and starts again after Stop().
#include "ascenda/redemption/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "support/wait_until.h"

namespace ascenda {
namespace {

using std::chrono::seconds;

// A gate tasks wait at until the test opens it.
class Gate {
 public:
  void Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    ++waiting_;
    cv_.wait(lock, [&] { return open_; });
  }
  void Open() {
    std::lock_guard<std::mutex> lock(mu_);
    open_ = true;
    cv_.notify_all();
  }
  int waiting() {
    std::lock_guard<std::mutex> lock(mu_);
    return waiting_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
  int waiting_ = 0;
};

TEST(WorkerPoolTest, RunsEveryPostedTask) {
  WorkerPool pool(2, 100);
  pool.Start();
  std::atomic<int> ran{0};
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(pool.Post([&] { ++ran; }));
  EXPECT_TRUE(testsupport::WaitUntil([&] { return ran == 20; }, seconds(5)));
  pool.Stop();
}

TEST(WorkerPoolTest, RefusesBeforeStartAndAfterStop) {
  WorkerPool pool(1, 10);
  EXPECT_FALSE(pool.Post([] {}));
  pool.Start();
  EXPECT_TRUE(pool.Post([] {}));
  pool.Stop();
  EXPECT_FALSE(pool.Post([] {}));
}

TEST(WorkerPoolTest, RefusesWhenMaxQueuedTasksWait) {
  WorkerPool pool(1, 2);
  pool.Start();
  Gate gate;
  std::atomic<int> ran{0};
  ASSERT_TRUE(pool.Post([&] {
    gate.Wait();
    ++ran;
  }));
  ASSERT_TRUE(testsupport::WaitUntil([&] { return gate.waiting() == 1; }, seconds(5)));
  EXPECT_TRUE(pool.Post([&] { ++ran; }));
  EXPECT_TRUE(pool.Post([&] { ++ran; }));
  EXPECT_FALSE(pool.Post([&] { ++ran; }));  // two wait already
  gate.Open();
  pool.Stop();
  EXPECT_EQ(ran, 3);
}

TEST(WorkerPoolTest, StopRunsWhatIsQueuedThenJoins) {
  WorkerPool pool(1, 10);
  pool.Start();
  Gate gate;
  std::atomic<int> ran{0};
  ASSERT_TRUE(pool.Post([&] { gate.Wait(); }));
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(pool.Post([&] { ++ran; }));
  ASSERT_TRUE(testsupport::WaitUntil([&] { return gate.waiting() == 1; }, seconds(5)));
  std::thread opener([&] { gate.Open(); });
  pool.Stop();
  opener.join();
  EXPECT_EQ(ran, 5);
}

TEST(WorkerPoolTest, ThrowingTaskIsDroppedAndTheWorkerCarriesOn) {
  WorkerPool pool(1, 10);
  pool.Start();
  std::atomic<int> ran{0};
  ASSERT_TRUE(pool.Post([] { throw std::runtime_error("boom"); }));
  ASSERT_TRUE(pool.Post([&] { ++ran; }));
  EXPECT_TRUE(testsupport::WaitUntil([&] { return ran == 1; }, seconds(5)));
  pool.Stop();
}

TEST(WorkerPoolTest, StartsAgainAfterStop) {
  WorkerPool pool(2, 10);
  pool.Start();
  pool.Stop();
  pool.Start();
  std::atomic<int> ran{0};
  ASSERT_TRUE(pool.Post([&] { ++ran; }));
  EXPECT_TRUE(testsupport::WaitUntil([&] { return ran == 1; }, seconds(5)));
  pool.Stop();
}

}  // namespace
}  // namespace ascenda
