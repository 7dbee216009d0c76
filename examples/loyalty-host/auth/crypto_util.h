// Small OpenSSL helpers the host's sign-in and secrets code share: random
// bytes, SHA-256, base64 and a constant-time comparison. Pure functions
// (RandomBytes reads the OpenSSL CSPRNG); thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace loyalty {

// `n` bytes from RAND_bytes; nullopt when the generator fails.
std::optional<std::string> RandomBytes(std::size_t n);
// The raw 32-byte SHA-256 digest of `text`, and its lower-case hex.
std::string Sha256(const std::string& text);
std::string Sha256Hex(const std::string& text);
std::string ToHex(const std::string& bytes);
// Base64 without line breaks; FromBase64 answers nullopt for text that is not.
std::string ToBase64(const std::string& bytes);
std::optional<std::string> FromBase64(const std::string& text);
// CRYPTO_memcmp over equal lengths (different lengths are simply unequal).
bool ConstantTimeEquals(const std::string& a, const std::string& b);

}  // namespace loyalty
