// Sleeper: the waits of the redemption room (back-off between create
// attempts, a 429's Retry-After), behind an interface so tests can make them
// instant and record them, and so Stop() can cut every wait short.
//
//   SleepFor(d)  waits up to `d`; false when interrupted (stopping): the caller
//                stops what it was doing and leaves the row to the reconciler.
//   Interrupt()  wakes every current sleeper and makes later SleepFor answer
//                false at once, until Resume().
//
// InterruptibleSleeper waits on real (steady) time: these waits are short,
// in-process pauses of one redemption's submission, not schedules — a
// schedule that must follow the host clock goes through rewards::Scheduler.
//
// Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace ascenda {

class Sleeper {
 public:
  virtual ~Sleeper() = default;
  virtual bool SleepFor(std::chrono::milliseconds d) = 0;
  virtual void Interrupt() = 0;
  virtual void Resume() = 0;
};

class InterruptibleSleeper final : public Sleeper {
 public:
  bool SleepFor(std::chrono::milliseconds d) override;
  void Interrupt() override;
  void Resume() override;

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool interrupted_ = false;  // guarded by mu_
};

}  // namespace ascenda
