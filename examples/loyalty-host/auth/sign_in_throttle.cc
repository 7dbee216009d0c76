#include "auth/sign_in_throttle.h"

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "auth/session_store.h"
#include "db/db_errors.h"

namespace loyalty {

namespace {

using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

constexpr Poco::Int64 Millis(std::chrono::minutes m) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(m).count();
}

}  // namespace

rewards::Result<std::int64_t> SignInThrottle::LockedFor(
    const std::vector<std::string>& scopes) noexcept {
  const Poco::Int64 now_ms = EpochMillis(clock_.Now());
  rewards::Result<Poco::Data::Session> session = db_.Session();
  if (!session.ok()) return session.status();
  try {
    Poco::Int64 longest = 0;
    for (const std::string& scope : scopes) {
      Poco::Int64 until = 0;
      Poco::Data::Statement select(session.value());
      select << "SELECT until_ms FROM sign_in_locks WHERE scope = $1", bind(scope), into(until);
      if (select.execute() > 0 && until > now_ms) longest = std::max(longest, until - now_ms);
    }
    return static_cast<std::int64_t>((longest + 999) / 1000);
  } catch (const Poco::Exception& e) {
    return DbFailureStatus(e, session.value());
  } catch (...) {
    return rewards::Internal("sign-in throttle: unknown failure");
  }
}

rewards::Status SignInThrottle::RecordFailure(const std::vector<std::string>& scopes) noexcept {
  const Poco::Int64 now_ms = EpochMillis(clock_.Now());
  const Poco::Int64 since = now_ms - Millis(kWindow);
  const Poco::Int64 until = now_ms + Millis(kLockFor);
  return db_.RunInTransaction([&](Poco::Data::Session& tx) -> rewards::Status {
    for (const std::string& scope : scopes) {
      tx << "DELETE FROM sign_in_failures WHERE scope = $1 AND failed_at_ms <= $2", bind(scope),
          bind(since), now;
      tx << "INSERT INTO sign_in_failures (scope, failed_at_ms) VALUES ($1, $2)", bind(scope),
          bind(now_ms), now;
      Poco::Int64 count = 0;
      tx << "SELECT COUNT(*) FROM sign_in_failures WHERE scope = $1", bind(scope), into(count), now;
      if (count < kMaxFailures) continue;
      tx << "INSERT INTO sign_in_locks (scope, until_ms) VALUES ($1, $2) "
            "ON CONFLICT (scope) DO UPDATE SET until_ms = excluded.until_ms",
          bind(scope), bind(until), now;
      tx << "DELETE FROM sign_in_failures WHERE scope = $1", bind(scope), now;
    }
    return rewards::Status::Ok();
  });
}

rewards::Status SignInThrottle::Clear(const std::string& scope) noexcept {
  return db_.RunInTransaction([&](Poco::Data::Session& tx) -> rewards::Status {
    tx << "DELETE FROM sign_in_failures WHERE scope = $1", bind(scope), now;
    return rewards::Status::Ok();
  });
}

}  // namespace loyalty
