// SignInThrottle: kMaxFailures wrong passwords within kWindow lock a scope's
// sign-in for kLockFor. Scopes are strings such as "member:<id>" and
// "address:<ip>"; a sign-in is refused when any of its scopes is locked.
//
// Failures and locks live in the database (sign_in_failures, sign_in_locks),
// so every host node counts the same attempts, and time is the host clock's
// (a manual clock moves the lockout too). A lock, once set, clears that
// scope's counted failures, so its end starts a fresh count. Thread-safe;
// borrows the database and clock, which must outlive it.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "db/host_database.h"
#include "rewards/clock.h"

namespace loyalty {

class SignInThrottle {
 public:
  static constexpr int kMaxFailures = 5;
  static constexpr std::chrono::minutes kWindow{15};
  static constexpr std::chrono::minutes kLockFor{15};

  SignInThrottle(HostDatabase& db, const rewards::Clock& clock) : db_(db), clock_(clock) {}

  // Seconds until the longest lock on `scopes` ends (rounded up); 0 when none
  // is locked.
  rewards::Result<std::int64_t> LockedFor(const std::vector<std::string>& scopes) noexcept;
  // Counts one failure against each scope, locking those that reach the limit.
  rewards::Status RecordFailure(const std::vector<std::string>& scopes) noexcept;
  // Forgets `scope`'s failures (a successful sign-in of that member).
  rewards::Status Clear(const std::string& scope) noexcept;

 private:
  HostDatabase& db_;
  const rewards::Clock& clock_;
};

}  // namespace loyalty
