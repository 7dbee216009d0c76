// X-Ascenda-Signature (docs/ascenda-api.md §9): "t=<unix seconds>,v1=<hex>" where hex is
// lowercase HMAC-SHA256(secret, "<t>." + body). During a secret rotation a
// second v1 entry is signed with the previous secret.
#pragma once

#include <cstdint>
#include <string>

namespace ascenda_sim {

// Lowercase hex HMAC-SHA256 of `message` under `key`.
std::string HmacSha256Hex(const std::string& key, const std::string& message);

// The header value; `previous_secret` adds a second v1 when non-empty.
std::string SignatureHeader(int64_t unix_s, const std::string& body, const std::string& secret,
                            const std::string& previous_secret);

}  // namespace ascenda_sim
