// The host master key's file: base64 of 32 random bytes, readable by the
// host's user only (host.secrets.key_file; older keys after a rotation in
// host.secrets.previous_key_files).
//
// ReadKeyFile refuses a file readable or writable by group or others, one
// that is not base64 of exactly 32 bytes, and a missing one — every message
// names `config_key` (the file's config key). CreateKeyFile makes a new key
// with mode 0600 (its folder is created), written whole before it appears
// under `path` (a node starting at the same moment never reads half of it);
// when another process created the file first, that one is read instead.
// Functions; thread-safe.
#pragma once

#include <string>

#include "rewards/status.h"

namespace loyalty {

bool KeyFileExists(const std::string& path);
// The raw 32-byte key.
rewards::Result<std::string> ReadKeyFile(const std::string& path, const std::string& config_key);
rewards::Result<std::string> CreateKeyFile(const std::string& path, const std::string& config_key);

}  // namespace loyalty
