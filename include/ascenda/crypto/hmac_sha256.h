// HMAC-SHA256 (RFC 2104) over a message given in parts, on the SHA-256 that
// openssl_algorithms.h fetched once: OpenSSL 3's one-shot HMAC() looks the MAC
// and the digest up by name on every call, which cost about as much as
// hashing a webhook body.
//
//   HmacSha256(key, {part, ...}, out)  out = HMAC-SHA256(key, part || ...);
//                                      false only if OpenSSL fails.
//
// Thread-safe (each call has its own digest contexts).
#pragma once

#include <array>
#include <cstddef>
#include <initializer_list>
#include <string_view>

namespace ascenda {

constexpr std::size_t kSha256Bytes = 32;
using Sha256Digest = std::array<unsigned char, kSha256Bytes>;

bool HmacSha256(std::string_view key, std::initializer_list<std::string_view> message,
                Sha256Digest* out) noexcept;

}  // namespace ascenda
