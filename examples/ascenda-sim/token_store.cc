#include "token_store.h"

#include <algorithm>

#include "ids.h"

namespace ascenda_sim {

IssuedToken TokenStore::Issue() {
  IssuedToken token{NewUuid(), "sim_" + RandomHex(24), clock_.WallSeconds() + ttl_s_};
  std::lock_guard<std::mutex> lock(mu_);
  expiry_s_[token.token] = token.expires_at_s;
  ++issued_;
  return token;
}

TokenCheck TokenStore::Check(const std::string& token) const {
  int64_t now_s = clock_.WallSeconds();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = expiry_s_.find(token);
  if (it == expiry_s_.end()) return TokenCheck::kUnknown;
  return now_s >= it->second ? TokenCheck::kExpired : TokenCheck::kValid;
}

bool TokenStore::Expire(const std::string& token) {
  int64_t now_s = clock_.WallSeconds();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = expiry_s_.find(token);
  if (it == expiry_s_.end()) return false;
  it->second = std::min(it->second, now_s);
  return true;
}

int TokenStore::ExpireAll() {
  int64_t now_s = clock_.WallSeconds();
  std::lock_guard<std::mutex> lock(mu_);
  int count = 0;
  for (auto& entry : expiry_s_) {
    if (entry.second > now_s) {
      entry.second = now_s;
      ++count;
    }
  }
  return count;
}

void TokenStore::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  expiry_s_.clear();
}

int TokenStore::issued_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return issued_;
}

}  // namespace ascenda_sim
