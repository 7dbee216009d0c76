#include "support/paths.h"

namespace testsupport {

std::string SourceDir() { return TEST_SOURCE_DIR; }
std::string BuildDir() { return TEST_BUILD_DIR; }
std::string CertDir() { return TEST_CERT_DIR; }
std::string BinaryPath(const std::string& name) {
  return std::string(TEST_BUILD_DIR) + "/bin/" + name;
}
std::string PluginPath() { return TEST_PLUGIN_PATH; }
std::string PluginDir() { return TEST_PLUGIN_DIR; }

}  // namespace testsupport
