// bench-recovery: how long the reconciler takes to finish N parked
// redemptions once Ascenda heals, and how many Ascenda calls that costs per
// redemption.
//
//   bench-recovery [--redemptions=10000] [--threads=16] [--db=sqlite|postgresql]
//                  [--parallel=N]  (ascenda.reconcile.parallel; default: the plugin's)
//
// Starts ascenda-sim (HTTPS, items pending 200 ms / processing 200 ms, all
// fulfilled, signed webhooks to the host on 16 delivery threads — as many as
// the limit's clients, so the sim's sender does not hold back the outcomes and
// make the host poll for them — request log off) and the real
// loyalty-host + plugin with the tests' fast settings (reconcile every 1 s,
// poll after 1 s, back-off 20 ms). Then the sim is made sick: every create
// and every order lookup answers 503 without committing. `threads` members
// redeem N times in all; each redemption is debited, its create is in doubt
// and its lookup fails, so the submitter parks it for the reconciler (the
// member gets 201 "processing"). Then the sim heals (fault rates off) and the
// clock runs until every redemption is fulfilled. Prints
//   parked=N park_s=... recover_s=... calls=... calls_per_redemption=...
//   creates_per_redemption=...
// where calls are the sim's public API requests between heal and the last
// fulfilment (lookups, creates, polls, tokens). The reconciler's own pace
// (interval, batch size) bounds recover_s; see docs/PERFORMANCE.md.
#include <Poco/Net/HTTPClientSession.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench_common.h"
#include "plugin/ascenda_test_env.h"
#include "simulator/sim_harness.h"
#include "support/end_to_end_host.h"
#include "support/host_db.h"
#include "support/postgres.h"

namespace {

using Clock = std::chrono::steady_clock;

// The members' redemptions with a member status (processing, fulfilled, failed).
std::int64_t CountWithStatus(testsupport::EndToEndHost& host,
                             const std::vector<std::string>& members, const std::string& status) {
  std::int64_t total = 0;
  for (const std::string& m : members) {
    auto reply = testsupport::HttpCall(
        "GET", host.Url("/api/members/" + m + "/redemptions?status=" + status + "&page_size=1"), "",
        host.MemberHeaders(m));
    if (reply.status != 200) throw std::runtime_error("listing failed: " + reply.body);
    total += simtest::Json(reply)->getObject("meta")->getValue<std::int64_t>("total_count");
  }
  return total;
}

void Control(simtest::SimHarness& sim, const std::string& path, const std::string& body) {
  auto reply = sim.Control("POST", path, body);
  if (reply.status != 200) throw std::runtime_error(path + " refused: " + reply.body);
}

double Since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  const long long total = benchutil::IntFlag(argc, argv, "redemptions", 10000);
  const int threads = static_cast<int>(benchutil::IntFlag(argc, argv, "threads", 16));
  const std::string db = benchutil::TextFlag(argc, argv, "db", "sqlite");
  try {
    auto sim = simtest::SimHarness::Start({{"sim.lifecycle.pending_ms", "200"},
                                           {"sim.lifecycle.processing_ms", "200"},
                                           {"sim.http.max_threads", "128"},
                                           {"sim.log.requests", "false"},
                                           {"sim.faults.ops", "create,list_orders"},
                                           {"sim.faults.status_commit_rate", "0"},
                                           {"sim.webhook.enabled", "true"},
                                           {"sim.webhook.secret", "whsec-test-1"},
                                           {"sim.webhook.threads", "16"}});
    testsupport::EndToEndOptions options;
    const std::string parallel = benchutil::TextFlag(argc, argv, "parallel", "");
    if (!parallel.empty()) options.settings["ascenda.reconcile.parallel"] = parallel;
    if (db == "postgresql") {
      options.db = testsupport::HostDb{"postgresql", testsupport::FreshPostgresDatabase()};
    } else {
      setenv("REWARDS_TEST_DB", "sqlite", 1);
    }
    testsupport::EndToEndHost host(*sim, options);
    host.Start();
    Control(*sim, "/control/webhook-target",
            "{\"url\":\"" + host.Url("/webhooks/ascenda") +
                "\",\"secret\":\"whsec-test-1\",\"enabled\":true}");
    std::vector<std::string> members;
    for (int i = 0; i < threads; ++i) {
      members.push_back("recovery-" + std::to_string(i));
      host.CreateMember(members.back(), 1'000'000'000);
    }

    Control(*sim, "/control/fault-rates", R"({"rates":{"status_503":1.0}})");
    std::atomic<long long> next{0};
    std::atomic<long long> refused{0};
    std::vector<std::thread> clients;
    std::vector<std::string> tokens;
    for (const std::string& m : members) tokens.push_back(host.MemberToken(m));
    const auto park_started = Clock::now();
    for (int t = 0; t < threads; ++t) {
      clients.emplace_back([&, t] {
        Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(host.port()));
        session.setKeepAlive(true);
        session.setTimeout(Poco::Timespan(60, 0));
        for (long long n = next++; n < total; n = next++) {
          const int status = benchutil::PostRedemption(
              session, members[static_cast<std::size_t>(t)], "park-" + std::to_string(n),
              tokens[static_cast<std::size_t>(t)]);
          if (status != 201) ++refused;
        }
      });
    }
    for (auto& c : clients) c.join();
    const double park_s = Since(park_started);
    const std::int64_t fulfilled_before = CountWithStatus(host, members, "fulfilled");
    const std::int64_t parked = CountWithStatus(host, members, "processing");

    const std::int64_t requests_before = ascenda::test::SimStat(*sim, "requests");
    const std::int64_t creates_before = ascenda::test::SimStat(*sim, "create_attempts");
    const auto healed = Clock::now();
    Control(*sim, "/control/fault-rates", R"({"rates":{}})");
    std::int64_t fulfilled = 0, failed = 0;
    while (Since(healed) < 900) {
      fulfilled = CountWithStatus(host, members, "fulfilled");
      failed = CountWithStatus(host, members, "failed");
      if (fulfilled + failed >= total - refused) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    const double recover_s = Since(healed);
    const std::int64_t calls = ascenda::test::SimStat(*sim, "requests") - requests_before;
    const std::int64_t creates = ascenda::test::SimStat(*sim, "create_attempts") - creates_before;
    const double n = static_cast<double>(parked > 0 ? parked : 1);
    std::printf(
        "db=%s redemptions=%lld refused=%lld parked=%lld fulfilled_while_sick=%lld park_s=%.1f "
        "recover_s=%.1f fulfilled=%lld failed=%lld calls=%lld calls_per_redemption=%.2f "
        "creates_per_redemption=%.2f%s\n",
        db.c_str(), total, refused.load(), static_cast<long long>(parked),
        static_cast<long long>(fulfilled_before), park_s, recover_s,
        static_cast<long long>(fulfilled), static_cast<long long>(failed),
        static_cast<long long>(calls), static_cast<double>(calls) / n,
        static_cast<double>(creates) / n,
        fulfilled + failed >= total - refused ? "" : " (not all terminal)");
    return fulfilled + failed >= total - refused ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "bench-recovery failed: " << e.what() << "\n";
    return 1;
  }
}
