// FreeTcpPort: a loopback TCP port nobody listens on right now (the kernel's
// choice), for servers a test starts. Another process could take it before
// the server binds; the kernel's ephemeral allocation makes that rare.
#pragma once

#include <cstdint>

namespace testsupport {

std::uint16_t FreeTcpPort();

}  // namespace testsupport
