#include "support/pg_cluster.h"

#include <cstdio>
#include <stdexcept>

#include "support/host_db.h"
#include "support/paths.h"
#include "support/postgres.h"

namespace testsupport {

namespace {

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

// Runs `script` under bash with pg-cluster.sh sourced; its stdout + stderr.
// Throws unless it exits 0.
std::string RunScript(const std::string& script) {
  const std::string command =
      "bash -c " +
      Quote("source " + Quote(SourceDir() + "/scripts/lib/pg-cluster.sh") + " && " + script) +
      " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run bash for pg-cluster.sh");
  std::string output;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
  if (pclose(pipe) != 0)
    throw std::runtime_error("pg-cluster.sh failed: " + script + "\n" + output);
  return output;
}

}  // namespace

std::unique_ptr<PgCluster> PgCluster::StartPrivate() {
  const std::string out =
      RunScript("pg_cluster_start --durable >/dev/null && echo \"$PG_CLUSTER_DIR\"");
  std::string dir = out.substr(0, out.find_last_not_of("\r\n") + 1);
  dir = dir.substr(dir.find_last_of('\n') + 1);
  return std::unique_ptr<PgCluster>(new PgCluster(dir, true));
}

std::unique_ptr<PgCluster> PgCluster::Attach(const std::string& dir) {
  return std::unique_ptr<PgCluster>(new PgCluster(dir, false));
}

PgCluster::~PgCluster() {
  if (!owned_) return;
  try {
    Run("pg_cluster_stop");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
  }
}

std::string PgCluster::connection() const {
  return "host=" + dir_ + " port=5432 user=postgres dbname=postgres";
}

std::string PgCluster::FreshDatabase() const { return FreshPostgresDatabase(connection()); }

void PgCluster::Run(const std::string& function) const {
  RunScript("PG_CLUSTER_DIR=" + Quote(dir_) + " && " + function);
}

void PgCluster::Down() { Run("pg_cluster_down"); }
void PgCluster::Up() { Run("pg_cluster_up"); }
void PgCluster::Restart(int seconds_down) {
  Run("pg_cluster_restart " + std::to_string(seconds_down));
}

int PgCluster::TerminateSessions(const std::string& database) const {
  return static_cast<int>(PostgresNumber(
      connection(),
      "SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
      "datname = '" +
          database + "' AND pid <> pg_backend_pid()) ended"));
}

}  // namespace testsupport
