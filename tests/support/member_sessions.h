// Signing members in on a running loyalty-host, for end-to-end tests and
// benchmarks: every member route needs a session (POST /api/session), sent
// back as "Authorization: Bearer <token>".
//
// Test members are created with kMemberPassword unless a test says
// otherwise; FastAuthConfig() holds the host.* settings that keep sign-in
// cheap where many members are made (scrypt N=1024, no per-session rate
// limit) and sessions alive across manual-clock days (30-day TTL) — the
// sign-in tests themselves run with the defaults.
// MemberSessions caches one token per member; thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <string>

namespace testsupport {

inline constexpr char kMemberPassword[] = "member-password-for-tests";

// host.<key> -> value (without the "host." prefix).
std::map<std::string, std::string> FastAuthConfig();

// POST <base_url>/api/session; the token. Throws std::runtime_error unless 200.
std::string SignIn(const std::string& base_url, const std::string& member_id,
                   const std::string& password = kMemberPassword);

class MemberSessions {
 public:
  explicit MemberSessions(std::string base_url) : base_url_(std::move(base_url)) {}

  // The member's token, signing in (with kMemberPassword) the first time.
  std::string Token(const std::string& member_id);
  // Authorization (and Content-Type) headers for the member's requests.
  // Never throws: when the sign-in fails (say the host is down, as in the
  // crash tests) there is no Authorization, so the call itself fails the way
  // it would have (no answer, or 401) and a caller that retries signs in then.
  std::map<std::string, std::string> Headers(const std::string& member_id);

 private:
  const std::string base_url_;
  std::mutex mu_;
  std::map<std::string, std::string> tokens_;
};

}  // namespace testsupport
