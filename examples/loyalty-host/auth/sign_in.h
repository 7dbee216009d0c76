// SignIn: a password exchanged for a session, behind the lockout.
//
// For (kind, principal) from address `ip`: refused while the principal's or
// the address's scope is locked (kResourceExhausted "sign_in_locked" with
// details retry_after_s — the caller answers 429 + Retry-After; the password
// is not even checked); a wrong password or unknown principal counts a
// failure against both scopes (kUnauthenticated "invalid_credentials", the
// same for both, so it does not tell which); a right one clears the
// principal's failures and opens a session. ChangePassword checks `current`
// the same way, stores `new_password` and revokes every session of the
// principal. Thread-safe; borrows the stores, which must outlive it.
#pragma once

#include <string>

#include "auth/credential_store.h"
#include "auth/session_store.h"
#include "auth/sign_in_throttle.h"

namespace loyalty {

class SignIn {
 public:
  SignIn(CredentialStore& credentials, SessionStore& sessions, SignInThrottle& throttle)
      : credentials_(credentials), sessions_(sessions), throttle_(throttle) {}

  rewards::Result<NewSession> Open(const std::string& kind, const std::string& principal,
                                   const std::string& password, const std::string& ip) noexcept;
  rewards::Status ChangePassword(const std::string& kind, const std::string& principal,
                                 const std::string& current, const std::string& new_password,
                                 const std::string& ip) noexcept;
  SessionStore& sessions() { return sessions_; }

 private:
  // OK when `password` is principal's; the refusal otherwise (counted).
  rewards::Status Check(const std::string& kind, const std::string& principal,
                        const std::string& password, const std::string& ip) noexcept;

  CredentialStore& credentials_;
  SessionStore& sessions_;
  SignInThrottle& throttle_;
};

}  // namespace loyalty
