#include "app/operator_accounts.h"

#include "audit/audit_log.h"
#include "auth/credential_store.h"
#include "clock/host_clock.h"
#include "db/host_database.h"
#include "db/migrator.h"
#include "loyalty_host_sql/embedded_migrations.h"

namespace loyalty {

namespace {

bool ValidName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (unsigned char c : name) {
    if (c <= 0x20 || c == 0x7f) return false;
  }
  return true;
}

}  // namespace

rewards::Status AddOperatorAccount(const HostConfig& config, const std::string& name,
                                   const std::string& password) {
  if (!ValidName(name)) {
    return rewards::InvalidArgument("invalid_operator",
                                    "an operator name is 1..64 printable characters, no spaces");
  }
  SystemClock clock;
  const PasswordHasher hasher(ScryptParams{static_cast<std::uint64_t>(config.scrypt_n),
                                           static_cast<std::uint32_t>(config.scrypt_r),
                                           static_cast<std::uint32_t>(config.scrypt_p)});
  auto record = hasher.Hash(password);
  if (!record.ok()) return record.status();
  auto db = HostDatabase::Open(config.db_connector, config.db_connection, 2);
  if (!db.ok()) return db.status();
  Migrator migrator(*db.value(), [&clock] { return FormatTimestamp(clock.Now()); });
  rewards::Status migrated = migrator.Apply("host", sql::EmbeddedMigrations(db.value()->dialect()));
  if (!migrated.ok()) return migrated;
  CredentialStore credentials(*db.value(), hasher, clock);
  AuditLog audit(*db.value(), clock);
  rewards::Status s = db.value()->RunInTransaction([&](Poco::Data::Session& tx) {
    rewards::Status stored = credentials.Store(tx, kOperatorKind, name, record.value());
    if (!stored.ok()) return stored;
    return audit.Record(tx, "cli", "operator.add", name, "", "{\"name\":\"" + name + "\"}");
  });
  db.value()->Close();
  return s;
}

}  // namespace loyalty
