#include "support/host_db.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <libpq-fe.h>

#include <cstdlib>
#include <memory>
#include <stdexcept>

#include "support/postgres.h"

namespace testsupport {

std::string TestDbConnector() {
  const char* env = std::getenv("REWARDS_TEST_DB");
  const std::string db = env == nullptr || *env == '\0' ? "sqlite" : env;
  if (db != "sqlite" && db != "postgresql") {
    throw std::runtime_error("REWARDS_TEST_DB must be sqlite or postgresql, not " + db);
  }
  return db;
}

HostDb NewHostDb(const std::string& sqlite_file) {
  const std::string connector = TestDbConnector();
  if (connector == "sqlite") return HostDb{connector, sqlite_file};
  return HostDb{connector, FreshPostgresDatabase()};
}

std::int64_t HostDbNumber(const HostDb& db, const std::string& sql) {
  if (db.connector == "postgresql") return PostgresNumber(db.connection, sql);
  try {
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::Session session("SQLite", db.connection);
    std::int64_t n = 0;
    session << sql, Poco::Data::Keywords::into(n), Poco::Data::Keywords::now;
    return n;
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("SQLite query failed: " + e.displayText());
  }
}

std::vector<std::vector<std::string>> HostDbRows(const HostDb& db, const std::string& sql) {
  if (db.connector == "postgresql") return PostgresQuery(db.connection, sql);
  try {
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::Session session("SQLite", db.connection);
    Poco::Data::Statement statement(session);
    statement << sql;
    statement.execute();
    Poco::Data::RecordSet rows(statement);
    std::vector<std::vector<std::string>> out;
    for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
      std::vector<std::string> row;
      row.reserve(rows.columnCount());
      for (std::size_t c = 0; c < rows.columnCount(); ++c) {
        const Poco::Dynamic::Var value = rows.value(c);
        row.push_back(value.isEmpty() ? "" : value.convert<std::string>());
      }
      out.push_back(std::move(row));
    }
    return out;
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("SQLite query failed: " + e.displayText());
  }
}

std::string HostDbConfigLines(const HostDb& db) {
  return "host.db.connector = " + db.connector + "\nhost.db.connection = " + db.connection + "\n";
}

void CheckHostRunsOn(const HostDb& db, const std::string& host_log) {
  if (host_log.find("; database " + db.connector + ";") == std::string::npos) {
    throw std::runtime_error("the host does not say it runs on " + db.connector + ":\n" + host_log);
  }
  if (db.connector != "postgresql") return;
  const std::int64_t applied = PostgresNumber(
      db.connection, "SELECT COUNT(*) FROM schema_migrations WHERE plugin = 'ascenda'");
  if (applied < 1) {
    throw std::runtime_error("no plugin migrations in the test's PostgreSQL database");
  }
}

std::vector<std::vector<std::string>> PostgresQuery(const std::string& conninfo,
                                                    const std::string& sql) {
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(conninfo.c_str()), PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    throw std::runtime_error("cannot reach PostgreSQL: " + std::string(PQerrorMessage(conn.get())));
  }
  std::unique_ptr<PGresult, decltype(&PQclear)> res(PQexec(conn.get(), sql.c_str()), PQclear);
  const ExecStatusType status = PQresultStatus(res.get());
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    throw std::runtime_error("query failed: " + sql + ": " +
                             std::string(PQerrorMessage(conn.get())));
  }
  std::vector<std::vector<std::string>> rows;
  for (int r = 0; r < PQntuples(res.get()); ++r) {
    std::vector<std::string> row;
    for (int c = 0; c < PQnfields(res.get()); ++c) {
      row.push_back(PQgetisnull(res.get(), r, c) ? "" : PQgetvalue(res.get(), r, c));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::int64_t PostgresNumber(const std::string& conninfo, const std::string& sql) {
  const auto rows = PostgresQuery(conninfo, sql);
  if (rows.empty() || rows.front().empty() || rows.front().front().empty()) {
    throw std::runtime_error("no number from: " + sql);
  }
  return std::stoll(rows.front().front());
}

}  // namespace testsupport
