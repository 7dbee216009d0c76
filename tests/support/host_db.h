// The database an end-to-end suite runs the real loyalty-host on. CTest
// registers each such suite twice (tests/CMakeLists.txt, BOTH_DATABASES):
// `<name>_sqlite` and `<name>_postgresql`, with REWARDS_TEST_DB set to the
// connector; the shared host-starting helpers read it through here, so the
// tests themselves stay the same on both.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace testsupport {

// REWARDS_TEST_DB: "sqlite" (also when unset) or "postgresql". Anything else
// throws std::runtime_error.
std::string TestDbConnector();

// A host database: host.db.connector and host.db.connection values.
struct HostDb {
  std::string connector;
  std::string connection;  // SQLite: the file; PostgreSQL: a libpq string
};

// For TestDbConnector(): the SQLite file `sqlite_file`, or a fresh database
// on the test cluster (FreshPostgresDatabase). A host restarted on the same
// HostDb finds its data again.
HostDb NewHostDb(const std::string& sqlite_file);

// The two host config lines for `db`.
std::string HostDbConfigLines(const HostDb& db);

// Throws std::runtime_error unless a started host whose log is `host_log`
// runs on `db`: its "host ready" line names the dialect, and on PostgreSQL
// the plugin's migrations are rows in that very database — a PostgreSQL run
// cannot silently fall back to SQLite.
void CheckHostRunsOn(const HostDb& db, const std::string& host_log);

// The first column of the first row of `sql` (a COUNT, say) on `db`, read
// beside the running host: SQLite through its file, PostgreSQL through libpq.
// Throws std::runtime_error on failure.
std::int64_t HostDbNumber(const HostDb& db, const std::string& sql);
// Every row of `sql` on `db`, each column as text (NULL as ""), read the same way.
std::vector<std::vector<std::string>> HostDbRows(const HostDb& db, const std::string& sql);

// Runs `sql` on the PostgreSQL database `conninfo`; every row's columns as
// text (NULL as ""). Throws std::runtime_error on failure.
std::vector<std::vector<std::string>> PostgresQuery(const std::string& conninfo,
                                                    const std::string& sql);
// The first column of the first row of `sql` as a number.
std::int64_t PostgresNumber(const std::string& conninfo, const std::string& sql);

}  // namespace testsupport
