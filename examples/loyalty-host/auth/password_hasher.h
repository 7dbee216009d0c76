// PasswordHasher: salted, memory-hard password hashes (OpenSSL scrypt,
// EVP_PBE_scrypt) and their constant-time check.
//
// A PasswordRecord carries its own N, r, p and salt, so the parameters can be
// raised later: old rows still verify with what they were made with, and
// NeedsRehash() tells the caller to store a new hash at the next sign-in.
// Memory per hash is 128 * N * r bytes (32 MiB at the defaults). Immutable;
// thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "rewards/status.h"

namespace loyalty {

struct ScryptParams {
  std::uint64_t n = 32768;  // CPU/memory cost, a power of two
  std::uint32_t r = 8;      // block size
  std::uint32_t p = 1;      // parallelism
};

struct PasswordRecord {
  ScryptParams params;
  std::string salt;  // raw bytes (kSaltBytes)
  std::string hash;  // raw bytes (kHashBytes)
};

class PasswordHasher {
 public:
  static constexpr std::size_t kSaltBytes = 16;
  static constexpr std::size_t kHashBytes = 32;
  static constexpr std::size_t kMinPasswordLength = 12;
  static constexpr std::size_t kMaxPasswordLength = 1024;

  explicit PasswordHasher(ScryptParams params = {});

  // kInvalidArgument "weak_password" when shorter than kMinPasswordLength (or
  // longer than kMaxPasswordLength); kInternal when scrypt or RAND fails.
  rewards::Result<PasswordRecord> Hash(const std::string& password) const;
  // Hashes `password` with `record`'s parameters and salt and compares with
  // CRYPTO_memcmp. False for any failure.
  bool Verify(const std::string& password, const PasswordRecord& record) const;
  // Spends the time of a Verify without a record (an unknown user), so the
  // answer's timing does not say whether the name exists.
  void VerifyNobody(const std::string& password) const;
  bool NeedsRehash(const PasswordRecord& record) const;
  const ScryptParams& params() const { return params_; }

 private:
  ScryptParams params_;
  PasswordRecord nobody_;
};

// True when `params` is usable: N a power of two >= 1024, r and p >= 1, and
// 128 * N * r * p at most 1 GiB.
bool ValidScryptParams(const ScryptParams& params);

}  // namespace loyalty
