// Opening a plugin .so and passing it through the version gate.
//
// OpenPluginLibrary: dlopen(RTLD_NOW | RTLD_LOCAL) — every symbol resolved
// now, none leaking into the next plugin — then the entry symbol, its
// descriptor, and rewards::CheckCompatible against this host's ABI and build
// fingerprint. Nothing of the plugin runs but its static initializers and the
// entry function. The library is never dlclose()d (plugin_entry.h: load once),
// not even when refused. Errors are kFailedPrecondition with error() one of
// dlopen_failed, missing_entry_symbol, null_descriptor, or CheckCompatible's
// codes (descriptor_too_small, abi_major_mismatch, abi_minor_newer,
// fingerprint_mismatch, descriptor_incomplete). Thread-compatible.
#pragma once

#include <string>
#include <vector>

#include "rewards/plugin_entry.h"

namespace loyalty {

struct PluginLibrary {
  std::string path;
  const rewards::PluginDescriptor* descriptor = nullptr;
};

rewards::Result<PluginLibrary> OpenPluginLibrary(const std::string& path);

// The plugin files in `dir`: names ending in ".so" (files or symlinks to
// files), sorted by name. kNotFound when `dir` is not a readable folder.
rewards::Result<std::vector<std::string>> ListPluginFiles(const std::string& dir);

}  // namespace loyalty
