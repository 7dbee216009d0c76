// Where the tests find the source tree, the build tree, the certificates the
// `certs` fixture made, and the binaries under test. Values are fixed at build
// time (compile definitions from tests/support/CMakeLists.txt).
#pragma once

#include <string>

namespace testsupport {

std::string SourceDir();
std::string BuildDir();
// Holds ca.pem, server.pem/.key, wronghost.pem/.key, untrusted-ca.pem,
// untrusted.pem/.key (see tests/setup/make-certs.sh).
std::string CertDir();
// A built executable by name, e.g. BinaryPath("loyalty-host").
std::string BinaryPath(const std::string& name);
// The built Ascenda plugin .so, and the folder holding only it.
std::string PluginPath();
std::string PluginDir();

}  // namespace testsupport
