// WorkerPool: a small, bounded pool of threads that runs the submission of
// freshly reserved redemptions, so a member's request can wait for its
// order at most `submit.wait_ms` and then answer while the submission goes on.
//
// Executor is the seam RedemptionService is given (tests may run tasks
// inline). WorkerPool:
//   Start()   starts `threads` workers (again after Stop()).
//   Post(t)   queues t; false when stopped or when `max_queued` tasks wait
//             already (the caller then leaves the work to the reconciler).
//   Stop()    refuses new tasks, lets the workers run what is queued (tasks
//             are expected to notice the room is stopping and return at
//             once), joins them. Tasks must not throw (caught and dropped).
// Thread-safe. REQUIRES: Stop() is not called from a task; the pool is
// stopped before anything its tasks reference is destroyed (the destructor
// stops it too).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace ascenda {

class Executor {
 public:
  virtual ~Executor() = default;
  virtual bool Post(std::function<void()> task) = 0;
};

class WorkerPool final : public Executor {
 public:
  WorkerPool(int threads, std::size_t max_queued);
  ~WorkerPool() override;
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void Start();
  bool Post(std::function<void()> task) override;
  void Stop();

 private:
  void Loop();

  const int threads_;
  const std::size_t max_queued_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool running_ = false;                     // guarded by mu_
  std::deque<std::function<void()>> queue_;  // guarded by mu_
  std::vector<std::thread> workers_;         // started / joined under stop_mu_
  std::mutex stop_mu_;
};

}  // namespace ascenda
