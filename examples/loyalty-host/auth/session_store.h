// SessionStore: sign-in sessions in table sessions, shared by every host node
// on the database (a session made on one node is accepted by another).
//
// A token is 256 random bits (RAND_bytes), handed out once as 64 hex digits;
// only its SHA-256 is stored, so reading the database signs nobody in. A
// session belongs to one (kind, principal) and ends at its expiry (the host
// clock's wall time), at Revoke, or at RevokeAll (a password change).
// Thread-safe; borrows the database and clock, which must outlive it.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "db/host_database.h"
#include "rewards/clock.h"

namespace loyalty {

struct NewSession {
  std::string token;  // give to the client; never stored
  std::chrono::system_clock::time_point expires_at;
};

struct SessionInfo {
  std::string principal;
  std::string token_digest;  // hex SHA-256 of the token: a stable per-session key
};

class SessionStore {
 public:
  SessionStore(HostDatabase& db, const rewards::Clock& clock, std::chrono::seconds ttl)
      : db_(db), clock_(clock), ttl_(ttl) {}

  // Also deletes sessions that have expired.
  rewards::Result<NewSession> Create(const std::string& kind,
                                     const std::string& principal) noexcept;
  // The session `token` opens, if it is of `kind` and has not expired.
  rewards::Result<std::optional<SessionInfo>> Find(const std::string& kind,
                                                   const std::string& token) noexcept;
  rewards::Status Revoke(const std::string& token) noexcept;
  rewards::Status RevokeAll(const std::string& kind, const std::string& principal) noexcept;
  std::chrono::seconds ttl() const { return ttl_; }

 private:
  HostDatabase& db_;
  const rewards::Clock& clock_;
  const std::chrono::seconds ttl_;
};

// Milliseconds since the Unix epoch.
std::int64_t EpochMillis(std::chrono::system_clock::time_point t);

}  // namespace loyalty
