#include "auth/password_hasher.h"

#include <openssl/evp.h>

#include "auth/crypto_util.h"

namespace loyalty {

namespace {

constexpr std::uint64_t kMaxScryptBytes = 1ULL << 30;

bool Derive(const std::string& password, const std::string& salt, const ScryptParams& p,
            std::string* out) {
  out->assign(PasswordHasher::kHashBytes, '\0');
  // scrypt needs 128 * r * (N + p) bytes and a little more; say so, or
  // OpenSSL's 32 MiB default refuses the defaults themselves.
  const std::uint64_t maxmem = 128ULL * p.r * (p.n + p.p + 2) + (1 << 20);
  return EVP_PBE_scrypt(password.data(), password.size(),
                        reinterpret_cast<const unsigned char*>(salt.data()), salt.size(), p.n, p.r,
                        p.p, maxmem, reinterpret_cast<unsigned char*>(&(*out)[0]),
                        out->size()) == 1;
}

}  // namespace

bool ValidScryptParams(const ScryptParams& p) {
  if (p.n < 1024 || (p.n & (p.n - 1)) != 0 || p.r < 1 || p.p < 1) return false;
  return 128ULL * p.n * p.r * p.p <= kMaxScryptBytes;
}

PasswordHasher::PasswordHasher(ScryptParams params) : params_(params) {
  nobody_.params = params_;
  nobody_.salt = std::string(kSaltBytes, 'x');
  nobody_.hash = std::string(kHashBytes, '\0');
}

rewards::Result<PasswordRecord> PasswordHasher::Hash(const std::string& password) const {
  if (password.size() < kMinPasswordLength || password.size() > kMaxPasswordLength) {
    return rewards::InvalidArgument(
        "weak_password", "a password must be " + std::to_string(kMinPasswordLength) + ".." +
                             std::to_string(kMaxPasswordLength) + " characters");
  }
  std::optional<std::string> salt = RandomBytes(kSaltBytes);
  if (!salt) return rewards::Internal("no random salt");
  PasswordRecord record;
  record.params = params_;
  record.salt = *salt;
  if (!Derive(password, record.salt, params_, &record.hash)) {
    return rewards::Internal("scrypt failed");
  }
  return record;
}

bool PasswordHasher::Verify(const std::string& password, const PasswordRecord& record) const {
  if (!ValidScryptParams(record.params) || password.size() > kMaxPasswordLength) return false;
  std::string derived;
  if (!Derive(password, record.salt, record.params, &derived)) return false;
  return ConstantTimeEquals(derived, record.hash);
}

void PasswordHasher::VerifyNobody(const std::string& password) const {
  (void)Verify(password, nobody_);
}

bool PasswordHasher::NeedsRehash(const PasswordRecord& record) const {
  return record.params.n != params_.n || record.params.r != params_.r ||
         record.params.p != params_.p;
}

}  // namespace loyalty
