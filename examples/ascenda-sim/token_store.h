// Access tokens of the client-credentials flow (docs/ascenda-api.md §2). A token is valid
// until the clock reaches its `expires_at` (absolute Unix seconds); the
// control API can expire tokens early.
//
// Thread-safe. The clock must outlive the store.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "sim_clock.h"

namespace ascenda_sim {

struct IssuedToken {
  std::string token_id;
  std::string token;
  int64_t expires_at_s = 0;
};

enum class TokenCheck { kValid, kUnknown, kExpired };

class TokenStore {
 public:
  TokenStore(const Clock& clock, int ttl_s) : clock_(clock), ttl_s_(ttl_s) {}
  TokenStore(const TokenStore&) = delete;
  TokenStore& operator=(const TokenStore&) = delete;

  IssuedToken Issue();
  TokenCheck Check(const std::string& token) const;
  // Makes `token` expired now; returns false if unknown.
  bool Expire(const std::string& token);
  // Expires every token; returns how many were still valid.
  int ExpireAll();
  void Clear();
  int issued_count() const;

 private:
  const Clock& clock_;
  const int ttl_s_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, int64_t> expiry_s_;  // token -> expires_at
  int issued_ = 0;
};

}  // namespace ascenda_sim
