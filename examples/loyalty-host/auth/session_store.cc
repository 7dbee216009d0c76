#include "auth/session_store.h"

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "auth/crypto_util.h"
#include "clock/host_clock.h"
#include "db/db_errors.h"

namespace loyalty {

namespace {

using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

constexpr std::size_t kTokenBytes = 32;
constexpr std::size_t kTokenHexDigits = kTokenBytes * 2;

bool LooksLikeToken(const std::string& token) {
  if (token.size() != kTokenHexDigits) return false;
  for (char c : token) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

std::int64_t EpochMillis(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

rewards::Result<NewSession> SessionStore::Create(const std::string& kind,
                                                 const std::string& principal) noexcept {
  std::optional<std::string> raw = RandomBytes(kTokenBytes);
  if (!raw) return rewards::Internal("no random session token");
  NewSession out;
  out.token = ToHex(*raw);
  const auto at = clock_.Now();
  out.expires_at = at + ttl_;
  const std::string digest = Sha256Hex(out.token);
  const Poco::Int64 now_ms = EpochMillis(at);
  const Poco::Int64 expires_ms = EpochMillis(out.expires_at);
  const std::string stamp = FormatTimestamp(at);
  rewards::Status s = db_.RunInTransaction([&](Poco::Data::Session& tx) -> rewards::Status {
    tx << "DELETE FROM sessions WHERE expires_at_ms <= $1", bind(now_ms), now;
    tx << "INSERT INTO sessions (token_hash, kind, principal, created_at, expires_at_ms) "
          "VALUES ($1, $2, $3, $4, $5)",
        bind(digest), bind(kind), bind(principal), bind(stamp), bind(expires_ms), now;
    return rewards::Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

rewards::Result<std::optional<SessionInfo>> SessionStore::Find(const std::string& kind,
                                                               const std::string& token) noexcept {
  if (!LooksLikeToken(token)) return std::optional<SessionInfo>();
  const std::string digest = Sha256Hex(token);
  const Poco::Int64 now_ms = EpochMillis(clock_.Now());
  rewards::Result<Poco::Data::Session> session = db_.Session();
  if (!session.ok()) return session.status();
  try {
    std::string principal;
    Poco::Data::Statement select(session.value());
    select << "SELECT principal FROM sessions WHERE token_hash = $1 AND kind = $2 "
              "AND expires_at_ms > $3",
        bind(digest), bind(kind), bind(now_ms), into(principal);
    if (select.execute() == 0) return std::optional<SessionInfo>();
    return std::optional<SessionInfo>(SessionInfo{principal, digest});
  } catch (const Poco::Exception& e) {
    return DbFailureStatus(e, session.value());
  } catch (...) {
    return rewards::Internal("sessions: unknown failure");
  }
}

rewards::Status SessionStore::Revoke(const std::string& token) noexcept {
  if (!LooksLikeToken(token)) return rewards::Status::Ok();
  const std::string digest = Sha256Hex(token);
  return db_.RunInTransaction([&](Poco::Data::Session& tx) -> rewards::Status {
    tx << "DELETE FROM sessions WHERE token_hash = $1", bind(digest), now;
    return rewards::Status::Ok();
  });
}

rewards::Status SessionStore::RevokeAll(const std::string& kind,
                                        const std::string& principal) noexcept {
  return db_.RunInTransaction([&](Poco::Data::Session& tx) -> rewards::Status {
    tx << "DELETE FROM sessions WHERE kind = $1 AND principal = $2", bind(kind), bind(principal),
        now;
    return rewards::Status::Ok();
  });
}

}  // namespace loyalty
