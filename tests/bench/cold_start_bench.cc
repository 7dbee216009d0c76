// bench-cold-start: time from starting the loyalty-host process to the first
// 200 from GET /api/gift-cards (the plugin must have synced the whole
// catalogue), against the limit: downloading that same catalogue from the
// simulator directly, as the sync does (page_size 100, 4 requests in flight,
// HTTPS keep-alive, a token first), without parsing or pricing it.
//
//   bench-cold-start --catalogue=FILE [--rounds=3]
//
// Starts ascenda-sim once (HTTPS, the given catalogue, request log off). Each
// round, in turn:
//   A  a new host on a new SQLite file: start -> first page ("fresh", it also
//      applies the migrations); once it has stored the catalogue for a warm
//      start, SIGKILL and start again on the same file -> first page
//      ("restart", served from the stored catalogue, younger than the TTL);
//      then SIGKILL, the stored catalogue made older than the TTL (one hour
//      and a second), and start again -> first page ("stale_restart": the
//      stored one is not served, so this is a full sync, as every restart
//      was before the warm start);
//   B  the direct download of every page.
// Prints one line per round
//   round=R fresh_ms=... restart_ms=... stale_restart_ms=... direct_ms=... pages=P
//   restart_read_ms=... restart_restore_ms=... stale_first_answer_ms=...
// the first two as the restarted host logged them (reading the stored
// catalogue, restoring its built form; -1 when it was not served as built),
// the last the stale restart's first answer of any status (503 before its
// sync): the host's own start, with no catalogue to read.
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench_common.h"
#include "simulator/sim_harness.h"
#include "support/end_to_end_host.h"
#include "support/host_db.h"
#include "support/http_client.h"

namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

// Start to the first 200; `first_answer` (if given) gets the time to the
// host's first answer of any status (its own start, the catalogue aside).
double StartToFirstPage(testsupport::EndToEndHost& host, double* first_answer = nullptr) {
  const auto t0 = Clock::now();
  host.StartProcess();
  for (;;) {
    const int status = testsupport::HttpCall("GET", host.Url("/api/gift-cards?page=1&page_size=25"),
                                             "", {}, "", 2000)
                           .status;
    if (status != 0 && first_answer != nullptr && *first_answer == 0) *first_answer = MsSince(t0);
    if (status == 200) break;
    if (MsSince(t0) > 120000) throw std::runtime_error("no catalogue page:\n" + host.Log());
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return MsSince(t0);
}

// The number after the last `label` in the host's log ("read in 12 ms"), or
// -1: what the warm start itself took, by the plugin's own account.
long LoggedMs(const std::string& log, const std::string& label) {
  const auto at = log.rfind(label);
  if (at == std::string::npos) return -1;
  return std::strtol(log.c_str() + at + label.size(), nullptr, 10);
}

void WaitForLog(testsupport::EndToEndHost& host, const std::string& line) {
  const auto t0 = Clock::now();
  while (host.Log().find(line) == std::string::npos) {
    if (MsSince(t0) > 120000)
      throw std::runtime_error("never logged '" + line + "':\n" + host.Log());
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::string Get(Poco::Net::HTTPSClientSession& s, const std::string& path, const std::string& token,
                int* status) {
  Poco::Net::HTTPRequest req(
      token.empty() ? Poco::Net::HTTPRequest::HTTP_POST : Poco::Net::HTTPRequest::HTTP_GET, path,
      Poco::Net::HTTPMessage::HTTP_1_1);
  req.setKeepAlive(true);
  req.set("Accept", "application/json");
  req.set("X-Ascenda-Version", "1.3");
  const std::string body =
      R"({"client_id":"test-client","client_secret":"test-secret","grant_type":"client_credentials"})";
  if (token.empty()) {
    req.setContentType("application/json");
    req.setContentLength(static_cast<std::streamsize>(body.size()));
    s.sendRequest(req) << body;
  } else {
    req.set("Authorization", "Bearer " + token);
    s.sendRequest(req);
  }
  Poco::Net::HTTPResponse resp;
  std::string out;
  Poco::StreamCopier::copyToString(s.receiveResponse(resp), out);
  *status = resp.getStatus();
  return out;
}

// Downloads every page; answers the number of pages.
int DirectDownload(const std::string& host, Poco::UInt16 port, const std::string& ca_file) {
  Poco::Net::Context::Ptr context = new Poco::Net::Context(
      Poco::Net::Context::TLS_CLIENT_USE, "", "", ca_file, Poco::Net::Context::VERIFY_RELAXED);
  Poco::Net::HTTPSClientSession first(host, port, context);
  int status = 0;
  const std::string token_body = Get(first, "/tokens", "", &status);
  const auto at = token_body.find("\"access_token\":\"");
  if (status != 201 || at == std::string::npos) throw std::runtime_error("no token");
  const std::string token = token_body.substr(at + 16, token_body.find('"', at + 16) - at - 16);
  const std::string page1 = Get(first, "/gift_cards?page=1&page_size=100", token, &status);
  const auto tp = page1.find("\"total_pages\":");
  if (status != 200 || tp == std::string::npos) throw std::runtime_error("no page 1");
  const int pages = std::stoi(page1.substr(tp + 14));
  std::atomic<int> next{2};
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&] {
      Poco::Net::HTTPSClientSession s(host, port, context);
      int st = 0;
      for (int p = next++; p <= pages; p = next++) {
        Get(s, "/gift_cards?page=" + std::to_string(p) + "&page_size=100", token, &st);
        if (st != 200) throw std::runtime_error("page failed");
      }
    });
  }
  for (auto& w : workers) w.join();
  return pages;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string catalogue = benchutil::TextFlag(argc, argv, "catalogue", "");
  const int rounds = static_cast<int>(benchutil::IntFlag(argc, argv, "rounds", 3));
  try {
    simtest::Settings sim_settings = {{"sim.log.requests", "false"},
                                      {"sim.http.max_threads", "128"}};
    if (!catalogue.empty()) sim_settings["sim.catalogue"] = catalogue;
    auto sim = simtest::SimHarness::Start(sim_settings);
    setenv("REWARDS_TEST_DB", "sqlite", 1);
    const std::string api = sim->ApiUrl("");
    const auto colon = api.rfind(':');
    const auto port = static_cast<Poco::UInt16>(std::stoi(api.substr(colon + 1)));
    for (int r = 1; r <= rounds; ++r) {
      double fresh = 0, restart = 0, stale = 0;
      long read_ms = -1, restore_ms = -1;
      double stale_answer = 0;
      {
        testsupport::EndToEndOptions options;
        testsupport::EndToEndHost host(*sim, options);
        fresh = StartToFirstPage(host);
        WaitForLog(host, "ascenda: catalogue stored for a warm start");
        host.Kill();
        restart = StartToFirstPage(host);
        const std::string log = host.Log();
        read_ms = LoggedMs(log, "read in ");
        restore_ms = LoggedMs(log, "restored in ");
        host.Kill();
        testsupport::HostDbNumber(host.db(),
                                  "UPDATE ascenda_catalogue_snapshot "
                                  "SET fetched_at = fetched_at - 3601000 RETURNING id");
        stale = StartToFirstPage(host, &stale_answer);
      }
      const auto t0 = Clock::now();
      const int pages = DirectDownload("localhost", port, sim->ca_file());
      const double direct = MsSince(t0);
      std::printf(
          "round=%d fresh_ms=%.0f restart_ms=%.1f stale_restart_ms=%.0f direct_ms=%.0f pages=%d "
          "restart_read_ms=%ld restart_restore_ms=%ld stale_first_answer_ms=%.1f\n",
          r, fresh, restart, stale, direct, pages, read_ms, restore_ms, stale_answer);
      std::fflush(stdout);
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "bench-cold-start failed: " << e.what() << "\n";
    return 1;
  }
}
