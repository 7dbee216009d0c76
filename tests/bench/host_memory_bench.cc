// bench-host-memory: the loyalty-host's resident memory (VmRSS of the host
// process) with a large catalogue loaded, and how it moves over many
// redemptions — it must not grow with their number.
//
//   bench-host-memory --catalogue=FILE [--redemptions=100000] [--every=20000]
//                     [--threads=16] [--db=sqlite|postgresql]
//
// Starts ascenda-sim (HTTPS, the given catalogue, items pending 200 ms /
// processing 200 ms, all fulfilled, signed webhooks to the host, request log
// off) and the real loyalty-host + plugin, waits for the catalogue's first
// sync and two quiet seconds, and reads VmRSS ("loaded"). Then `threads`
// members redeem `redemptions` times in all over keep-alive connections,
// VmRSS read each `every` redemptions, and once more after the last
// outcomes arrived. Prints one line per reading
//   rss at=N kib=K
// and a summary
//   loaded_kib=... final_kib=... growth_kib=... growth_per_10k_kib=...
//   redemptions=... seconds=... per_s=...
// where growth_per_10k is the slope between the first and the last reading
// during the run (the first `every` include warm-up: caches, pools, threads).
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

std::int64_t Fulfilled(testsupport::EndToEndHost& host, const std::vector<std::string>& members) {
  std::int64_t total = 0;
  for (const std::string& m : members) {
    auto reply = testsupport::HttpCall(
        "GET", host.Url("/api/members/" + m + "/redemptions?status=fulfilled&page_size=1"), "",
        host.MemberHeaders(m));
    if (reply.status != 200) return -1;
    total += simtest::Json(reply)->getObject("meta")->getValue<std::int64_t>("total_count");
  }
  return total;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string catalogue = benchutil::TextFlag(argc, argv, "catalogue", "");
  const long long total = benchutil::IntFlag(argc, argv, "redemptions", 100000);
  const long long every = benchutil::IntFlag(argc, argv, "every", 20000);
  const int threads = static_cast<int>(benchutil::IntFlag(argc, argv, "threads", 16));
  const std::string db = benchutil::TextFlag(argc, argv, "db", "sqlite");
  try {
    simtest::Settings sim_settings = {
        {"sim.lifecycle.pending_ms", "200"}, {"sim.lifecycle.processing_ms", "200"},
        {"sim.http.max_threads", "128"},     {"sim.log.requests", "false"},
        {"sim.webhook.enabled", "true"},     {"sim.webhook.secret", "whsec-test-1"},
        {"sim.webhook.threads", "4"}};
    if (!catalogue.empty()) sim_settings["sim.catalogue"] = catalogue;
    auto sim = simtest::SimHarness::Start(sim_settings);
    testsupport::EndToEndOptions options;
    if (db == "postgresql") {
      options.db = testsupport::HostDb{"postgresql", testsupport::FreshPostgresDatabase()};
    } else {
      setenv("REWARDS_TEST_DB", "sqlite", 1);
    }
    testsupport::EndToEndHost host(*sim, options);
    host.Start();
    const pid_t pid = benchutil::ChildPid("loyalty-host");
    if (pid == 0) throw std::runtime_error("cannot find the host's pid");
    auto reply = sim->Control("POST", "/control/webhook-target",
                              "{\"url\":\"" + host.Url("/webhooks/ascenda") +
                                  "\",\"secret\":\"whsec-test-1\",\"enabled\":true}");
    if (reply.status != 200) throw std::runtime_error("webhook target refused: " + reply.body);
    std::vector<std::string> members;
    for (int i = 0; i < threads; ++i) {
      members.push_back("memory-" + std::to_string(i));
      host.CreateMember(members.back(), 1'000'000'000);
    }
    std::this_thread::sleep_for(std::chrono::seconds(2));
    const long long loaded = benchutil::RssKib(pid);
    std::printf("rss at=0 kib=%lld\n", loaded);
    std::fflush(stdout);

    std::atomic<long long> next{0}, done{0}, refused{0};
    std::vector<std::thread> clients;
    std::vector<std::string> tokens;
    for (const std::string& m : members) tokens.push_back(host.MemberToken(m));
    const auto started = Clock::now();
    for (int t = 0; t < threads; ++t) {
      clients.emplace_back([&, t] {
        Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(host.port()));
        session.setKeepAlive(true);
        session.setTimeout(Poco::Timespan(60, 0));
        for (long long n = next++; n < total; n = next++) {
          if (benchutil::PostRedemption(session, members[static_cast<std::size_t>(t)],
                                        "mem-" + std::to_string(n),
                                        tokens[static_cast<std::size_t>(t)]) != 201) {
            ++refused;
          }
          ++done;
        }
      });
    }
    std::vector<std::pair<long long, long long>> readings = {{0, loaded}};
    for (long long mark = every; mark <= total; mark += every) {
      while (done < mark) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      readings.emplace_back(mark, benchutil::RssKib(pid));
      std::printf("rss at=%lld kib=%lld\n", mark, readings.back().second);
      std::fflush(stdout);
    }
    for (auto& c : clients) c.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    const auto settle_end = Clock::now() + std::chrono::seconds(60);
    while (Fulfilled(host, members) < total - refused && Clock::now() < settle_end) {
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    const long long final_kib = benchutil::RssKib(pid);
    std::printf("rss at=settled kib=%lld\n", final_kib);
    const auto& first = readings.size() > 1 ? readings[1] : readings[0];
    const auto& last = readings.back();
    const double slope = last.first > first.first
                             ? static_cast<double>(last.second - first.second) /
                                   static_cast<double>(last.first - first.first) * 10000.0
                             : 0.0;
    std::printf(
        "loaded_kib=%lld final_kib=%lld growth_kib=%lld growth_per_10k_kib=%.0f redemptions=%lld "
        "refused=%lld seconds=%.1f per_s=%.0f\n",
        loaded, final_kib, final_kib - loaded, slope, total, refused.load(), seconds,
        static_cast<double>(total) / seconds);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "bench-host-memory failed: " << e.what() << "\n";
    return 1;
  }
}
