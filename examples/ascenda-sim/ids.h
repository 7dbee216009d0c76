// Random identifiers: RFC 4122 version-4 UUIDs and opaque tokens.
// Thread-safe (each thread has its own generator, seeded from the OS).
#pragma once

#include <string>

namespace ascenda_sim {

// "3f1c2c7e-2b7a-4d38-9a51-3f0c1b1f9a10" (lowercase, version 4, variant 1).
std::string NewUuid();

// `bytes` random bytes as lowercase hex.
std::string RandomHex(int bytes);

// True for the canonical 8-4-4-4-12 hex form (any version).
bool IsUuid(const std::string& text);

}  // namespace ascenda_sim
