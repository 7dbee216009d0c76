#include "migrated_host_db.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "ascenda_sql/embedded_migrations.h"
#include "db/migrator.h"
#include "loyalty_host_sql/embedded_migrations.h"

namespace ascenda::test {

rewards::Result<std::unique_ptr<loyalty::HostDatabase>> OpenMigratedHostDb(
    const std::string& connector, const std::string& connection, int pool_max, int plugin_up_to) {
  auto opened = loyalty::HostDatabase::Open(connector, connection, pool_max);
  if (!opened.ok()) return opened.status();
  std::unique_ptr<loyalty::HostDatabase> db = std::move(opened).value();
  loyalty::Migrator migrator(*db, [] { return std::string("2027-01-01T00:00:00Z"); });
  rewards::Status host = migrator.Apply("host", loyalty::sql::EmbeddedMigrations(db->dialect()));
  if (!host.ok()) return host;
  std::vector<rewards::Migration> steps = sql::EmbeddedMigrations(db->dialect());
  steps.erase(std::remove_if(steps.begin(), steps.end(),
                             [&](const rewards::Migration& m) { return m.version > plugin_up_to; }),
              steps.end());
  rewards::Status plugin = migrator.Apply("ascenda", steps);
  if (!plugin.ok()) return plugin;
  return db;
}

}  // namespace ascenda::test
