#include "auth/sign_in.h"

namespace loyalty {

rewards::Status SignIn::Check(const std::string& kind, const std::string& principal,
                              const std::string& password, const std::string& ip) noexcept {
  const std::string own_scope = kind + ":" + principal;
  const std::vector<std::string> scopes = {own_scope, "address:" + ip};
  auto locked = throttle_.LockedFor(scopes);
  if (!locked.ok()) return locked.status();
  if (locked.value() > 0) {
    return rewards::Status(rewards::StatusCode::kResourceExhausted, "sign_in_locked",
                           "too many wrong passwords; sign-in is locked for a while",
                           {{"retry_after_s", std::to_string(locked.value())}});
  }
  auto right = credentials_.Check(kind, principal, password);
  if (!right.ok()) return right.status();
  if (!right.value()) {
    rewards::Status counted = throttle_.RecordFailure(scopes);
    if (!counted.ok()) return counted;
    return rewards::Status(rewards::StatusCode::kUnauthenticated, "invalid_credentials",
                           "unknown name or wrong password");
  }
  return throttle_.Clear(own_scope);
}

rewards::Result<NewSession> SignIn::Open(const std::string& kind, const std::string& principal,
                                         const std::string& password,
                                         const std::string& ip) noexcept {
  rewards::Status s = Check(kind, principal, password, ip);
  if (!s.ok()) return s;
  return sessions_.Create(kind, principal);
}

rewards::Status SignIn::ChangePassword(const std::string& kind, const std::string& principal,
                                       const std::string& current, const std::string& new_password,
                                       const std::string& ip) noexcept {
  rewards::Status s = Check(kind, principal, current, ip);
  if (!s.ok()) return s;
  s = credentials_.Set(kind, principal, new_password);
  if (!s.ok()) return s;
  return sessions_.RevokeAll(kind, principal);
}

}  // namespace loyalty
