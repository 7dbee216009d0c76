#include "auth/credential_store.h"

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

}  // namespace

rewards::Status CredentialStore::Set(const std::string& kind, const std::string& principal,
                                     const std::string& password) noexcept {
  auto record = hasher_.Hash(password);
  if (!record.ok()) return record.status();
  return db_.RunInTransaction(
      [&](Poco::Data::Session& tx) { return Store(tx, kind, principal, record.value()); });
}

rewards::Status CredentialStore::Store(Poco::Data::Session& tx, const std::string& kind,
                                       const std::string& principal, const PasswordRecord& r) {
  const Poco::Int64 n = static_cast<Poco::Int64>(r.params.n);
  const int rr = static_cast<int>(r.params.r);
  const int p = static_cast<int>(r.params.p);
  const std::string salt = ToBase64(r.salt);
  const std::string hash = ToBase64(r.hash);
  const std::string stamp = FormatTimestamp(clock_.Now());
  tx << "DELETE FROM credentials WHERE kind = $1 AND principal = $2", bind(kind), bind(principal),
      now;
  tx << "INSERT INTO credentials (kind, principal, scrypt_n, scrypt_r, scrypt_p, salt, hash, "
        "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      bind(kind), bind(principal), bind(n), bind(rr), bind(p), bind(salt), bind(hash), bind(stamp),
      now;
  return rewards::Status::Ok();
}

rewards::Result<bool> CredentialStore::Check(const std::string& kind, const std::string& principal,
                                             const std::string& password) noexcept {
  PasswordRecord record;
  bool found = false;
  {
    rewards::Result<Poco::Data::Session> session = db_.Session();
    if (!session.ok()) return session.status();
    try {
      Poco::Int64 n = 0;
      int r = 0, p = 0;
      std::string salt, hash;
      Poco::Data::Statement select(session.value());
      select << "SELECT scrypt_n, scrypt_r, scrypt_p, salt, hash FROM credentials "
                "WHERE kind = $1 AND principal = $2",
          bind(kind), bind(principal), into(n), into(r), into(p), into(salt), into(hash);
      found = select.execute() > 0;
      if (found) {
        record.params = {static_cast<std::uint64_t>(n), static_cast<std::uint32_t>(r),
                         static_cast<std::uint32_t>(p)};
        auto raw_salt = FromBase64(salt);
        auto raw_hash = FromBase64(hash);
        found = raw_salt && raw_hash;
        if (found) {
          record.salt = *raw_salt;
          record.hash = *raw_hash;
        }
      }
    } catch (const Poco::Exception& e) {
      return DbFailureStatus(e, session.value());
    } catch (...) {
      return rewards::Internal("credentials: unknown failure");
    }
  }
  if (!found) {
    hasher_.VerifyNobody(password);
    return false;
  }
  if (!hasher_.Verify(password, record)) return false;
  if (hasher_.NeedsRehash(record)) (void)Set(kind, principal, password);
  return true;
}

rewards::Result<bool> CredentialStore::Exists(const std::string& kind,
                                              const std::string& principal) noexcept {
  rewards::Result<Poco::Data::Session> session = db_.Session();
  if (!session.ok()) return session.status();
  try {
    Poco::Int64 count = 0;
    session.value() << "SELECT COUNT(*) FROM credentials WHERE kind = $1 AND principal = $2",
        bind(kind), bind(principal), into(count), now;
    return count > 0;
  } catch (const Poco::Exception& e) {
    return DbFailureStatus(e, session.value());
  } catch (...) {
    return rewards::Internal("credentials: unknown failure");
  }
}

}  // namespace loyalty
