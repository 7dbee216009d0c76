// bench-redeem-floor: the fair floor for job 2 (docs/PERFORMANCE.md) — the
// irreducible work of one redemption and nothing else, per redemption:
//   1. one durable transaction: debit the member's balance (only if it
//      covers the points), one ledger row, one redemption row (reference_id
//      unique);
//   2. one create-order over a kept-alive TLS connection to ascenda-sim
//      (the same sim settings as bench-redeem);
//   3. one durable update of the redemption row (submitted, the order id).
// No HTTP server in front, no idempotency lookups, no JSON beyond the create.
// The database is the host's own HostDatabase with the host's settings
// (SQLite file: WAL, default synchronous, the host's writer queue; or
// PostgreSQL on TEST_PG_CONNECTION's cluster, a fresh database).
//
//   bench-redeem-floor [--threads=16] [--seconds=10] [--db=sqlite|postgresql]
//
// Prints: redemptions=N seconds=S redemptions_per_s=R p50_ms=... p99_ms=...
#include <Poco/Data/Session.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench_common.h"
#include "db/host_database.h"
#include "simulator/sim_harness.h"
#include "support/postgres.h"
#include "support/temp_dir.h"

namespace {

using Clock = std::chrono::steady_clock;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

constexpr Poco::Int64 kPoints = 1000;  // USD 10.00

void MakeTables(loyalty::HostDatabase& db) {
  rewards::Status made = db.RunInTransaction([](Poco::Data::Session& s) {
    s << "CREATE TABLE floor_members (id TEXT PRIMARY KEY, balance BIGINT NOT NULL)", now;
    s << "CREATE TABLE floor_ledger (id TEXT PRIMARY KEY, member_id TEXT NOT NULL, "
         "delta BIGINT NOT NULL, idempotency_key TEXT NOT NULL UNIQUE)",
        now;
    s << "CREATE TABLE floor_redemptions (id TEXT PRIMARY KEY, reference_id TEXT NOT NULL "
         "UNIQUE, member_id TEXT NOT NULL, state TEXT NOT NULL, order_id TEXT, body TEXT NOT NULL)",
        now;
    return rewards::Status::Ok();
  });
  if (!made.ok()) throw std::runtime_error(made.ToString());
}

// Step 1: debit + ledger row + redemption row, one transaction.
rewards::Status Reserve(loyalty::HostDatabase& db, bool pg, const std::string& member,
                        const std::string& id) {
  return db.RunInTransaction([&](Poco::Data::Session& s) {
    std::string m = member, rid = id, key = "key-" + id, ref = "ref-" + id, state = "reserved";
    std::string body = "{\"card\":\"" + simtest::kUsdCard + "\",\"denomination\":\"10.00\"}";
    Poco::Int64 points = kPoints, delta = -kPoints;
    s << (pg ? "UPDATE floor_members SET balance = balance - $1 WHERE id = $2 AND balance >= $3"
             : "UPDATE floor_members SET balance = balance - ? WHERE id = ? AND balance >= ?"),
        use(points), use(m), use(points), now;
    s << (pg ? "INSERT INTO floor_ledger VALUES ($1, $2, $3, $4)"
             : "INSERT INTO floor_ledger VALUES (?, ?, ?, ?)"),
        use(rid), use(m), use(delta), use(key), now;
    s << (pg ? "INSERT INTO floor_redemptions VALUES ($1, $2, $3, $4, NULL, $5)"
             : "INSERT INTO floor_redemptions VALUES (?, ?, ?, ?, NULL, ?)"),
        use(rid), use(ref), use(m), use(state), use(body), now;
    return rewards::Status::Ok();
  });
}

// Step 3: the redemption row takes the order.
rewards::Status MarkSubmitted(loyalty::HostDatabase& db, bool pg, const std::string& id,
                              const std::string& order_id) {
  return db.RunInTransaction([&](Poco::Data::Session& s) {
    std::string rid = id, order = order_id, state = "submitted";
    s << (pg ? "UPDATE floor_redemptions SET state = $1, order_id = $2 WHERE id = $3"
             : "UPDATE floor_redemptions SET state = ?, order_id = ? WHERE id = ?"),
        use(state), use(order), use(rid), now;
    return rewards::Status::Ok();
  });
}

// Step 2: one create over the thread's keep-alive TLS session; the order id.
std::string Create(Poco::Net::HTTPSClientSession& session, const std::string& path,
                   const std::string& token, const std::string& reference_id) {
  const std::string body =
      "{\"reference_id\":\"" + reference_id +
      "\",\"transacted_at\":\"2026-11-26T10:15:30Z\",\"user\":{\"number\":\"u-1\",\"email\":"
      "\"bench@example.com\",\"first_name\":\"Bench\",\"last_name\":\"Mark\",\"phone_number\":"
      "\"+6591234567\"},\"gift_cards\":[{\"id\":\"" +
      simtest::kUsdCard + "\",\"denomination\":\"10.00\",\"currency\":\"USD\",\"quantity\":1}]}";
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, path,
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  request.setKeepAlive(true);
  request.setContentType("application/json");
  request.setContentLength(static_cast<std::streamsize>(body.size()));
  request.set("Accept", "application/json");
  request.set("X-Ascenda-Version", "1.3");
  request.set("Authorization", "Bearer " + token);
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  std::string answer;
  Poco::StreamCopier::copyToString(in, answer);
  if (response.getStatus() != 201) return "";
  std::size_t at = answer.find("\"id\":\"");
  if (at == std::string::npos) return "";
  at += 6;
  return answer.substr(at, answer.find('"', at) - at);
}

}  // namespace

int main(int argc, char** argv) {
  const int threads = static_cast<int>(benchutil::IntFlag(argc, argv, "threads", 16));
  const int seconds = static_cast<int>(benchutil::IntFlag(argc, argv, "seconds", 10));
  const std::string db_kind = benchutil::TextFlag(argc, argv, "db", "sqlite");
  try {
    if (db_kind != "sqlite" && db_kind != "postgresql") throw std::runtime_error("--db=?");
    const bool pg = db_kind == "postgresql";
    auto sim = simtest::SimHarness::Start({{"sim.lifecycle.pending_ms", "200"},
                                           {"sim.lifecycle.processing_ms", "200"},
                                           {"sim.http.max_threads", "128"}});
    testsupport::TempDir dir;
    const std::string connection =
        pg ? testsupport::FreshPostgresDatabase() : dir.File("var/floor.db");
    auto opened = loyalty::HostDatabase::Open(db_kind, connection, 16);
    if (!opened.ok()) throw std::runtime_error(opened.status().ToString());
    loyalty::HostDatabase& db = *opened.value();
    MakeTables(db);
    for (int t = 0; t < threads; ++t) {
      rewards::Status added = db.RunInTransaction([&](Poco::Data::Session& s) {
        std::string id = "member-" + std::to_string(t);
        Poco::Int64 balance = 1'000'000'000'000;
        s << (pg ? "INSERT INTO floor_members VALUES ($1, $2)"
                 : "INSERT INTO floor_members VALUES (?, ?)"),
            use(id), use(balance), now;
        return rewards::Status::Ok();
      });
      if (!added.ok()) throw std::runtime_error(added.ToString());
    }
    const std::string token = sim->Token();
    const Poco::URI api(sim->ApiUrl("/fulfillment_orders/gift_cards"));
    Poco::Net::Context::Ptr context = new Poco::Net::Context(
        Poco::Net::Context::TLS_CLIENT_USE, "", "", sim->ca_file(),
        Poco::Net::Context::VERIFY_STRICT, 9, false, "ALL:!ADH:!LOW:!EXP:!MD5:@STRENGTH");
    const std::string run = std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                               std::chrono::system_clock::now().time_since_epoch())
                                               .count());
    std::atomic<bool> stop{false};
    std::atomic<long long> errors{0};
    std::vector<std::vector<double>> latencies(static_cast<std::size_t>(threads));
    std::vector<std::thread> workers;
    const auto started = Clock::now();
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        Poco::Net::HTTPSClientSession session(api.getHost(), api.getPort(), context);
        session.setKeepAlive(true);
        const std::string member = "member-" + std::to_string(t);
        for (long long n = 0; !stop; ++n) {
          const std::string id = run + "-" + std::to_string(t) + "-" + std::to_string(n);
          const auto t0 = Clock::now();
          bool ok = Reserve(db, pg, member, id).ok();
          if (ok) {
            std::string order;
            try {
              order = Create(session, api.getPathAndQuery(), token, "ref-" + id);
            } catch (const Poco::Exception&) {
              session.reset();
            }
            ok = !order.empty() && MarkSubmitted(db, pg, id, order).ok();
          }
          if (ok) {
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
        "db=%s threads=%d redemptions=%zu errors=%lld seconds=%.1f redemptions_per_s=%.1f "
        "p50_ms=%.3f p99_ms=%.3f\n",
        db_kind.c_str(), threads, all.size(), errors.load(), elapsed,
        static_cast<double>(all.size()) / elapsed, benchutil::Percentile(all, 0.5),
        benchutil::Percentile(all, 0.99));
    db.Close();
    return all.empty() ? 1 : 0;
  } catch (const std::exception& e) {
    std::cerr << "bench-redeem-floor failed: " << e.what() << "\n";
    return 1;
  }
}
