#include "ascenda/redemption/worker_pool.h"

#include <algorithm>
#include <utility>

namespace ascenda {

WorkerPool::WorkerPool(int threads, std::size_t max_queued)
    : threads_(std::max(1, threads)), max_queued_(std::max<std::size_t>(1, max_queued)) {}

WorkerPool::~WorkerPool() { Stop(); }

void WorkerPool::Start() {
  std::lock_guard<std::mutex> stop(stop_mu_);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (running_) return;
    running_ = true;
  }
  for (int i = 0; i < threads_; ++i) workers_.emplace_back([this] { Loop(); });
}

bool WorkerPool::Post(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!running_ || queue_.size() >= max_queued_) return false;
    queue_.push_back(std::move(task));
  }
  cv_.notify_one();
  return true;
}

void WorkerPool::Stop() {
  std::lock_guard<std::mutex> stop(stop_mu_);
  {
    std::lock_guard<std::mutex> lock(mu_);
    running_ = false;
  }
  cv_.notify_all();
  for (std::thread& t : workers_) t.join();
  workers_.clear();
}

void WorkerPool::Loop() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return !running_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopped and drained
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    try {
      task();
    } catch (...) {
      // A task must not throw; one that does is dropped, the worker goes on.
    }
  }
}

}  // namespace ascenda
