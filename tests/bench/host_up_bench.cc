// bench-host-up: starts ascenda-sim (HTTPS, the given catalogue, faults off,
// items pending 200 ms / processing 200 ms) and the real loyalty-host with the
// plugin on it, waits until the catalogue is served, prints one line
//
//   host_url=http://127.0.0.1:PORT host_pid=PID sim_api=https://... sim_control=http://...
//
// and keeps both running until SIGTERM or SIGINT, then stops them. For
// scripts/bench jobs that drive the host with an outside tool (wrk).
//
//   bench-host-up --catalogue=FILE [--db=sqlite|postgresql] [--wrapper="/usr/bin/valgrind ..."]
//
// --db=postgresql makes a fresh database on TEST_PG_CONNECTION's cluster.
// --wrapper runs the host under that command (words split at spaces; the
// first an absolute path), e.g. callgrind for scripts/bench --instructions;
// host_pid is then the wrapper's process.
// Test certificates must exist (tests/setup/make-certs.sh BUILD/test-certs).
#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "bench_common.h"
#include "simulator/sim_harness.h"
#include "support/end_to_end_host.h"
#include "support/host_db.h"
#include "support/postgres.h"
#include "support/wait_until.h"

int main(int argc, char** argv) {
  const std::string catalogue = benchutil::TextFlag(argc, argv, "catalogue", "");
  const std::string db = benchutil::TextFlag(argc, argv, "db", "sqlite");
  const std::string wrapper = benchutil::TextFlag(argc, argv, "wrapper", "");
  try {
    simtest::Settings sim_settings = {{"sim.lifecycle.pending_ms", "200"},
                                      {"sim.lifecycle.processing_ms", "200"},
                                      {"sim.http.max_threads", "128"}};
    if (!catalogue.empty()) sim_settings["sim.catalogue"] = catalogue;
    auto sim = simtest::SimHarness::Start(sim_settings);
    testsupport::EndToEndOptions options;
    std::istringstream words(wrapper);
    for (std::string word; words >> word;) options.wrapper.push_back(word);
    if (db == "postgresql") {
      options.db = testsupport::HostDb{"postgresql", testsupport::FreshPostgresDatabase()};
    } else {
      setenv("REWARDS_TEST_DB", "sqlite", 1);
    }
    testsupport::EndToEndHost host(*sim, options);
    // Not host.Start(): under a wrapper (callgrind, heaptrack) the first sync
    // takes longer than its 15 s.
    host.StartProcess();
    host.WaitHealthy();
    if (!testsupport::WaitUntil(
            [&] {
              return testsupport::HttpCall("GET", host.Url("/api/gift-cards/" + simtest::kUsdCard))
                         .status == 200;
            },
            std::chrono::seconds(600), std::chrono::milliseconds(50))) {
      throw std::runtime_error("the catalogue did not sync:\n" + host.Log());
    }
    // And the work that follows a sync (storing it for a warm start, freeing
    // the fetched records) is over before anything is measured.
    if (!testsupport::WaitUntil(
            [&] {
              return host.Log().find("catalogue stored for a warm start") != std::string::npos;
            },
            std::chrono::seconds(600), std::chrono::milliseconds(50))) {
      throw std::runtime_error("the catalogue was not stored:\n" + host.Log());
    }
    std::printf("host_url=%s host_pid=%d sim_api=%s sim_control=%s\n", host.Url("").c_str(),
                host.pid(), sim->ApiUrl("").c_str(), sim->ControlUrl("").c_str());
    std::fflush(stdout);
    benchutil::WaitForStop();
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "bench-host-up failed: " << e.what() << "\n";
    return 1;
  }
}
