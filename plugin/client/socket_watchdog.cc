#include "ascenda/client/socket_watchdog.h"

#include <sys/socket.h>

#include <algorithm>
#include <system_error>

namespace ascenda {

rewards::Result<std::unique_ptr<SocketWatchdog>> SocketWatchdog::Create() {
  std::unique_ptr<SocketWatchdog> watchdog(new SocketWatchdog());
  try {
    watchdog->thread_ = std::thread([w = watchdog.get()] { w->Run(); });
  } catch (const std::system_error& e) {
    return rewards::Status(rewards::StatusCode::kUnavailable, "thread_failed",
                           std::string("the call watchdog could not start: ") + e.what());
  }
  return watchdog;
}

SocketWatchdog::~SocketWatchdog() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

SocketWatchdog::Ticket SocketWatchdog::Arm(int fd, Deadline deadline) {
  Ticket ticket = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    ticket = next_++;
    watches_[ticket] = Watch{fd, deadline, false};
  }
  wake_.notify_all();
  return ticket;
}

bool SocketWatchdog::Disarm(Ticket ticket) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = watches_.find(ticket);
  if (it == watches_.end()) return false;
  const bool fired = it->second.fired;
  watches_.erase(it);
  return fired;
}

void SocketWatchdog::FireAll() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    const auto now = std::chrono::steady_clock::now();
    for (auto& [ticket, watch] : watches_) watch.deadline = std::min(watch.deadline, now);
  }
  wake_.notify_all();
}

std::int64_t SocketWatchdog::fired_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return fired_;
}

void SocketWatchdog::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    const auto now = std::chrono::steady_clock::now();
    Deadline earliest = Deadline::max();
    for (auto& [ticket, watch] : watches_) {
      if (watch.fired) continue;
      if (watch.deadline <= now) {
        // Under the lock: Disarm cannot return while we touch the fd.
        ::shutdown(watch.fd, SHUT_RDWR);
        watch.fired = true;
        ++fired_;
      } else if (watch.deadline < earliest) {
        earliest = watch.deadline;
      }
    }
    if (earliest == Deadline::max()) {
      wake_.wait(lock);
    } else {
      wake_.wait_until(lock, earliest);
    }
  }
}

}  // namespace ascenda
