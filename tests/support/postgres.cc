#include "support/postgres.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>

namespace testsupport {

std::string FreshPostgresDatabase() {
  const char* base = std::getenv("TEST_PG_CONNECTION");
  if (base == nullptr || *base == '\0') {
    throw std::runtime_error(
        "TEST_PG_CONNECTION is not set: run the tests with scripts/test, which "
        "starts the test PostgreSQL cluster");
  }
  return FreshPostgresDatabase(std::string(base));
}

std::string FreshPostgresDatabase(const std::string& base) {
  static std::atomic<int> counter{0};
  const std::string name = "t_" + std::to_string(getpid()) + "_" +
                           std::to_string(counter.fetch_add(1)) + "_" +
                           std::to_string(std::rand() % 100000);
  PGconn* conn = PQconnectdb(base.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string why = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("cannot reach the test PostgreSQL cluster: " + why);
  }
  PGresult* res = PQexec(conn, ("CREATE DATABASE " + name).c_str());
  const bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  std::string why = ok ? "" : PQerrorMessage(conn);
  PQclear(res);
  PQfinish(conn);
  if (!ok) throw std::runtime_error("CREATE DATABASE failed: " + why);
  return base + " dbname=" + name;
}

}  // namespace testsupport
