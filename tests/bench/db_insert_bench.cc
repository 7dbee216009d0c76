// bench-db-insert: the machine's limit for a durable write — plain
// single-row inserts per second, each its own committed transaction, through
// the host's own HostDatabase (Poco::Data session pool; on SQLite the host's
// settings: WAL, default synchronous (FULL), busy timeout, BEGIN IMMEDIATE,
// writers of the process queued on one mutex; on PostgreSQL read committed
// with the server's durability settings).
// On SQLite each insert is its own BEGIN IMMEDIATE … COMMIT on a pooled
// session, the threads queued on one mutex — one fsync per row, as the host
// wrote before its group commit; --grouped=1 goes through
// HostDatabase::RunInTransaction instead, whose writer queue shares a COMMIT
// between the inserts waiting together (host_database.h).
//
//   bench-db-insert --connector=sqlite|postgresql [--connection=FILE|LIBPQ]
//                   [--threads=16] [--seconds=10] [--bytes=1500] [--grouped=0]
//
// SQLite without --connection: a new file in a temporary folder. PostgreSQL
// without --connection: a fresh database on TEST_PG_CONNECTION's cluster.
// Each thread inserts rows shaped like a stored webhook event (a text key, a
// few short columns and a `bytes`-long body) for `seconds`. Prints
//   inserts=N seconds=S inserts_per_s=R p50_ms=... p99_ms=...
#include <Poco/Data/Session.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bench_common.h"
#include "db/host_database.h"
#include "support/postgres.h"
#include "support/temp_dir.h"

namespace {

using Clock = std::chrono::steady_clock;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

}  // namespace

int main(int argc, char** argv) {
  const std::string connector = benchutil::TextFlag(argc, argv, "connector", "sqlite");
  std::string connection = benchutil::TextFlag(argc, argv, "connection", "");
  const int threads = static_cast<int>(benchutil::IntFlag(argc, argv, "threads", 16));
  const int seconds = static_cast<int>(benchutil::IntFlag(argc, argv, "seconds", 10));
  const std::size_t bytes = static_cast<std::size_t>(benchutil::IntFlag(argc, argv, "bytes", 1500));
  const bool grouped = benchutil::IntFlag(argc, argv, "grouped", 0) != 0;
  try {
    testsupport::TempDir dir;
    if (connection.empty()) {
      connection =
          connector == "sqlite" ? dir.File("var/insert.db") : testsupport::FreshPostgresDatabase();
    }
    auto opened = loyalty::HostDatabase::Open(connector, connection, threads);
    if (!opened.ok()) throw std::runtime_error(opened.status().message());
    loyalty::HostDatabase& db = *opened.value();
    const bool pg = connector == "postgresql";
    rewards::Status made = db.RunInTransaction([&](Poco::Data::Session& s) {
      s << std::string(
               "CREATE TABLE IF NOT EXISTS bench_inserts (id TEXT NOT NULL PRIMARY KEY, "
               "reference_id TEXT NOT NULL, item_status TEXT NOT NULL, body TEXT NOT "
               "NULL, received_at ") +
               (pg ? "BIGINT" : "INTEGER") + " NOT NULL)",
          now;
      return rewards::Status::Ok();
    });
    if (!made.ok()) throw std::runtime_error(made.message());

    const std::string body(bytes, 'x');
    std::atomic<bool> stop{false};
    std::atomic<long long> errors{0};
    std::vector<std::vector<double>> latencies(static_cast<std::size_t>(threads));
    std::vector<std::thread> workers;
    const std::string insert = pg ? "INSERT INTO bench_inserts VALUES ($1, $2, $3, $4, $5)"
                                  : "INSERT INTO bench_inserts VALUES (?, ?, ?, ?, ?)";
    std::mutex single_writer;  // SQLite, not grouped: one transaction at a time
    // One row in its own committed transaction, not shared with any other.
    auto insert_alone = [&](Poco::Data::Session& session, std::string& id, std::string& ref,
                            std::string& status, std::string& text, Poco::Int64& at) {
      std::lock_guard<std::mutex> lock(single_writer);
      session << "BEGIN IMMEDIATE", now;
      try {
        session << insert, use(id), use(ref), use(status), use(text), use(at), now;
        session << "COMMIT", now;
      } catch (...) {
        session << "ROLLBACK", now;
        throw;
      }
    };
    const bool alone = !pg && !grouped;
    const auto started = Clock::now();
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        for (long long n = 0; !stop; ++n) {
          std::string id = "ev-" + std::to_string(t) + "-" + std::to_string(n);
          std::string ref = "ref-" + id;
          std::string status = "processing";
          std::string text = body;
          Poco::Int64 at = n;
          const auto t0 = Clock::now();
          rewards::Status s;
          if (alone) {
            auto session = db.Session();
            if (session.ok()) {
              try {
                insert_alone(session.value(), id, ref, status, text, at);
              } catch (const Poco::Exception& e) {
                s = rewards::Internal(e.displayText());
              }
            } else {
              s = session.status();
            }
          } else {
            s = db.RunInTransaction([&](Poco::Data::Session& session) {
              session << insert, use(id), use(ref), use(status), use(text), use(at), now;
              return rewards::Status::Ok();
            });
          }
          if (s.ok()) {
            latencies[static_cast<std::size_t>(t)].push_back(
                std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
          } else {
            ++errors;
          }
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    stop = true;
    for (auto& w : workers) w.join();
    const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
    std::vector<double> all;
    for (const auto& v : latencies) all.insert(all.end(), v.begin(), v.end());
    std::printf(
        "connector=%s grouped=%d threads=%d inserts=%zu errors=%lld seconds=%.1f "
        "inserts_per_s=%.0f "
        "p50_ms=%.3f p99_ms=%.3f\n",
        connector.c_str(), alone ? 0 : 1, threads, all.size(), errors.load(), elapsed,
        static_cast<double>(all.size()) / elapsed, benchutil::Percentile(all, 0.5),
        benchutil::Percentile(all, 0.99));
    db.Close();
    return all.empty() ? 1 : 0;
  } catch (const std::exception& e) {
    std::cerr << "bench-db-insert failed: " << e.what() << "\n";
    return 1;
  }
}
