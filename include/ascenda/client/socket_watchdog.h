// SocketWatchdog: enforces one hard deadline per HTTP exchange by shutting
// the exchange's socket down when the deadline passes, so a call can never
// outlive it — whatever the peer does (a TLS handshake that stalls, an answer
// trickled one byte at a time, each byte inside the per-receive timeout).
//
//   Arm(fd, deadline) -> ticket     watch `fd` until `deadline`
//   Disarm(ticket)    -> fired?     stop watching; true when it already fired
//   FireAll()                       every watched socket's deadline is now
//
// When a deadline passes, the watchdog calls shutdown(fd, SHUT_RDWR): a recv
// or send blocked on it returns at once and the caller's exchange fails.
// REQUIRES: Disarm before the socket is closed (a closed fd number may be
// reused); Disarm is synchronised with firing, so after it returns the
// watchdog never touches `fd` again.
//
// Deadlines are on std::chrono::steady_clock: sockets live in real time,
// whatever clock the host lends the plugin.
//
// Create() starts the one watchdog thread; it answers an error instead when
// the thread cannot start. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "rewards/status.h"

namespace ascenda {

class SocketWatchdog {
 public:
  using Deadline = std::chrono::steady_clock::time_point;
  using Ticket = std::uint64_t;

  static rewards::Result<std::unique_ptr<SocketWatchdog>> Create();
  ~SocketWatchdog();
  SocketWatchdog(const SocketWatchdog&) = delete;
  SocketWatchdog& operator=(const SocketWatchdog&) = delete;

  Ticket Arm(int fd, Deadline deadline);
  bool Disarm(Ticket ticket);

  // Shuts every watched socket down now (the plugin is stopping: calls in
  // flight are abandoned to their lease; their outcome is indeterminate).
  void FireAll();

  // Sockets shut down so far.
  std::int64_t fired_count() const;

 private:
  struct Watch {
    int fd = -1;
    Deadline deadline;
    bool fired = false;
  };

  SocketWatchdog() = default;
  void Run();

  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::map<Ticket, Watch> watches_;  // guarded by mu_
  Ticket next_ = 1;                  // guarded by mu_
  bool stopping_ = false;            // guarded by mu_
  std::int64_t fired_ = 0;           // guarded by mu_
  std::thread thread_;
};

}  // namespace ascenda
