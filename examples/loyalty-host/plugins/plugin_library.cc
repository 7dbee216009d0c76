#include "plugins/plugin_library.h"

#include <dlfcn.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace loyalty {

namespace {

rewards::Status Refuse(const std::string& error, const std::string& message) {
  return rewards::Status(rewards::StatusCode::kFailedPrecondition, error, message);
}

}  // namespace

rewards::Result<PluginLibrary> OpenPluginLibrary(const std::string& path) {
  dlerror();
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    return Refuse("dlopen_failed", why ? why : "dlopen failed");
  }
  dlerror();
  void* sym = dlsym(handle, rewards::kPluginEntrySymbol);
  if (sym == nullptr) {
    return Refuse("missing_entry_symbol",
                  std::string("the library exports no ") + rewards::kPluginEntrySymbol);
  }
  const rewards::PluginDescriptor* desc = nullptr;
  try {
    desc = reinterpret_cast<rewards::PluginEntryFn>(sym)();
  } catch (...) {
    return Refuse("entry_threw", std::string(rewards::kPluginEntrySymbol) + " threw");
  }
  if (desc == nullptr) {
    return Refuse("null_descriptor",
                  std::string(rewards::kPluginEntrySymbol) + " returned no descriptor");
  }
  rewards::Status gate = rewards::CheckCompatible(*desc, rewards::kAbiMajor, rewards::kAbiMinor,
                                                  REWARDS_BUILD_FINGERPRINT);
  if (!gate.ok()) return gate;
  return PluginLibrary{path, desc};
}

rewards::Result<std::vector<std::string>> ListPluginFiles(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    return rewards::NotFound("plugins_dir_unreadable",
                             "cannot read plugin folder " + dir + ": " + ec.message());
  }
  std::vector<std::string> out;
  for (const fs::directory_entry& entry : it) {
    const fs::path& p = entry.path();
    if (p.extension() != ".so") continue;
    std::error_code file_ec;
    if (!fs::is_regular_file(p, file_ec)) continue;  // follows symlinks
    out.push_back(p.string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace loyalty
