// CredentialStore: the passwords of members and operators, as scrypt records
// (password_hasher.h) in table credentials (kind, principal, ...).
//
// kind is "member" or "operator"; principal is the member id or operator name.
// Check() always spends one hash's time, also for an unknown principal, and
// stores a fresh hash when the record's parameters are older than the
// hasher's. Thread-safe; borrows the database, hasher and clock, which must
// outlive it.
#pragma once

#include <string>

#include "auth/password_hasher.h"
#include "db/host_database.h"
#include "rewards/clock.h"

namespace loyalty {

inline constexpr char kMemberKind[] = "member";
inline constexpr char kOperatorKind[] = "operator";

class CredentialStore {
 public:
  CredentialStore(HostDatabase& db, const PasswordHasher& hasher, const rewards::Clock& clock)
      : db_(db), hasher_(hasher), clock_(clock) {}

  // Hashes `password` (kInvalidArgument "weak_password" when too short) and
  // stores it for (kind, principal), replacing an older one.
  rewards::Status Set(const std::string& kind, const std::string& principal,
                      const std::string& password) noexcept;
  // Stores an already made record (hash outside the transaction: scrypt is
  // slow and a SQLite write transaction holds the one writer).
  rewards::Status Store(Poco::Data::Session& tx, const std::string& kind,
                        const std::string& principal, const PasswordRecord& record);
  const PasswordHasher& hasher() const { return hasher_; }
  // Whether `password` is (kind, principal)'s. False for an unknown principal.
  rewards::Result<bool> Check(const std::string& kind, const std::string& principal,
                              const std::string& password) noexcept;
  rewards::Result<bool> Exists(const std::string& kind, const std::string& principal) noexcept;

 private:
  HostDatabase& db_;
  const PasswordHasher& hasher_;
  const rewards::Clock& clock_;
};

}  // namespace loyalty
