// NotifySocket: a bound AF_UNIX datagram socket standing in for systemd's
// notification socket ($NOTIFY_SOCKET), to read what a service sends.
// A path starting with '@' is an abstract socket. Not thread-safe; one owner.
#pragma once

#include <string>

namespace testsupport {

class NotifySocket {
 public:
  explicit NotifySocket(const std::string& path);
  ~NotifySocket();
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;

  bool bound() const { return bound_; }
  const std::string& path() const { return path_; }
  // The next datagram, or "" when none came within `timeout_ms`.
  std::string Receive(int timeout_ms = 20000);

 private:
  std::string path_;
  int fd_ = -1;
  bool bound_ = false;
};

}  // namespace testsupport
