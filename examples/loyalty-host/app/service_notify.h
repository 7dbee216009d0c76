// Service-manager notification (systemd's sd_notify protocol, without
// libsystemd): one datagram with newline-separated "KEY=value" assignments
// sent to the AF_UNIX socket named by $NOTIFY_SOCKET. A unit with
// Type=notify waits for "READY=1" before it counts the service as started.
//
// Under no service manager ($NOTIFY_SOCKET unset or empty) nothing is sent and
// the answer is OK, so the host runs the same with and without systemd.
// A socket name starting with '@' is an abstract socket (Linux). Thread-safe
// (no shared state).
#pragma once

#include <string>

#include "rewards/status.h"

namespace loyalty {

// Sends `state` (e.g. "READY=1\nSTATUS=serving") to `socket_path`; an empty
// path sends nothing. kUnavailable names the socket when sending fails.
rewards::Status NotifyServiceManager(const std::string& socket_path, const std::string& state);

// The same, to the socket named by $NOTIFY_SOCKET.
rewards::Status NotifyServiceManager(const std::string& state);

}  // namespace loyalty
