#include "app/service_notify.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <system_error>

namespace loyalty {

namespace {

// strerror's text, without its shared buffer (std::strerror is not thread-safe).
std::string ErrorText(int error) {
  return std::error_code(error, std::generic_category()).message();
}

rewards::Status Failed(const std::string& socket_path, const std::string& why) {
  return rewards::Status(rewards::StatusCode::kUnavailable, "notify_failed",
                         "service manager notification to " + socket_path + ": " + why);
}

}  // namespace

rewards::Status NotifyServiceManager(const std::string& socket_path, const std::string& state) {
  if (socket_path.empty()) return rewards::Status::Ok();
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (socket_path.size() >= sizeof(addr.sun_path)) return Failed(socket_path, "name too long");
  if (socket_path[0] != '/' && socket_path[0] != '@') {
    return Failed(socket_path, "not a socket path");
  }
  std::memcpy(addr.sun_path, socket_path.data(), socket_path.size());
  if (socket_path[0] == '@') addr.sun_path[0] = '\0';  // abstract namespace
  const socklen_t len =
      static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + socket_path.size());
  const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Failed(socket_path, ErrorText(errno));
  const ssize_t sent = ::sendto(fd, state.data(), state.size(), MSG_NOSIGNAL,
                                reinterpret_cast<const sockaddr*>(&addr), len);
  const int error = errno;
  ::close(fd);
  if (sent < 0) return Failed(socket_path, ErrorText(error));
  if (static_cast<std::size_t>(sent) != state.size()) return Failed(socket_path, "short send");
  return rewards::Status::Ok();
}

rewards::Status NotifyServiceManager(const std::string& state) {
  const char* socket_path = std::getenv("NOTIFY_SOCKET");
  return NotifyServiceManager(socket_path == nullptr ? "" : socket_path, state);
}

}  // namespace loyalty
