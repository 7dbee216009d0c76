// PgCluster: a PostgreSQL cluster a test or the chaos run may take down and
// bring back — never the shared test cluster (TEST_PG_CONNECTION), which
// other suites use at the same time. It drives scripts/lib/pg-cluster.sh
// (pg_cluster_start / _down / _up / _restart / _stop) through bash, so the
// tests and the scripts run the server the same way (as "nobody" under root).
//
// Not thread-safe; one owner. Down/Up/Restart block until pg_ctl is done.
#pragma once

#include <memory>
#include <string>

namespace testsupport {

class PgCluster {
 public:
  // initdb + start in a new temporary folder, durable (PostgreSQL's defaults:
  // a crash must not lose a commit already answered); the destructor stops it and
  // removes the folder. Throws std::runtime_error with the script's output.
  static std::unique_ptr<PgCluster> StartPrivate();
  // A cluster pg_cluster_start made elsewhere (its PG_CLUSTER_DIR); the
  // destructor leaves it running.
  static std::unique_ptr<PgCluster> Attach(const std::string& dir);
  ~PgCluster();
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

  const std::string& dir() const { return dir_; }
  // libpq string of the maintenance database "postgres".
  std::string connection() const;
  // A new, empty database on this cluster (FreshPostgresDatabase).
  std::string FreshDatabase() const;

  void Down();  // immediate stop, as a crash: every session is cut
  void Up();
  void Restart(int seconds_down);
  // pg_terminate_backend of every session on `database` but the caller's;
  // how many were ended.
  int TerminateSessions(const std::string& database) const;

 private:
  PgCluster(std::string dir, bool owned) : dir_(std::move(dir)), owned_(owned) {}
  void Run(const std::string& function) const;

  std::string dir_;
  bool owned_;
};

}  // namespace testsupport
