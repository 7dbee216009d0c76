// The test PostgreSQL cluster. The README's test command (scripts/test)
// starts a throwaway cluster and exports TEST_PG_CONNECTION, a libpq
// connection string to its maintenance database.
#pragma once

#include <string>

namespace testsupport {

// A libpq connection string to a new, empty database on the test cluster,
// created for the caller. Throws std::runtime_error (a test failure, never a
// skip) when TEST_PG_CONNECTION is unset or the cluster refuses.
std::string FreshPostgresDatabase();
// The same on the cluster of the libpq string `base` (its maintenance database).
std::string FreshPostgresDatabase(const std::string& base);

}  // namespace testsupport
