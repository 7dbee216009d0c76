// bench-redeem: redemptions per second end to end — loyalty-host + the real
// plugin (.so) + ascenda-sim over HTTPS, on SQLite or on PostgreSQL with one
// or several host nodes sharing the database.
//
//   bench-redeem [--threads=16] [--seconds=10] [--settle_s=20]
//                [--db=sqlite|postgresql] [--nodes=1] [--scrape_ms=0]
//
// --db=postgresql makes a fresh database on the cluster TEST_PG_CONNECTION
// names (a libpq string to its maintenance database); --nodes=N (PostgreSQL
// only) starts N host processes on it and spreads the client threads over
// them round-robin (thread i talks to node i % N), as a load balancer would.
//
// Starts ascenda-sim (test certificates: run the `certs` CTest fixture once
// first, e.g. `ctest -R make_test_certs`; items pending 200 ms, processing
// 200 ms, all fulfilled, no faults) and the host(s) with the plugin configured
// as the tests configure it (submit.wait_ms 3000, reconcile every 1 s, poll
// after 1 s). Creates one member per client thread with a large balance,
// then each thread posts POST /api/redemptions over one keep-alive
// connection (USD 10.00 = 1000 points, a fresh idempotency key each time)
// for --seconds. Prints the redemptions answered 201 per second, p50 / p99
// latency of those answers, the other answers, and — after waiting up to
// --settle_s for the reconciler's polls — how many ended fulfilled.
// --scrape_ms=N (N > 0) scrapes GET /metrics of every node every N ms while
// the clients run, as Prometheus would (much more often), and prints how
// many scrapes were answered 200 — what metrics cost on the redeem path.
#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench_common.h"
#include "simulator/sim_harness.h"
#include "support/end_to_end_host.h"
#include "support/host_db.h"
#include "support/postgres.h"

namespace {

using benchutil::Percentile;
using benchutil::TextFlag;
using Clock = std::chrono::steady_clock;

struct ThreadResult {
  std::int64_t created = 0;
  std::int64_t other = 0;
  std::vector<double> latency_ms;
};

int Post(Poco::Net::HTTPClientSession& session, const std::string& body, const std::string& token) {
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, "/api/redemptions",
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  request.setKeepAlive(true);
  request.setContentType("application/json");
  request.set("Authorization", "Bearer " + token);
  request.setContentLength(static_cast<std::streamsize>(body.size()));
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  std::string answer;
  Poco::StreamCopier::copyToString(in, answer);
  return response.getStatus();
}

void Client(int port, const std::string& member, const std::string& token, int seconds,
            ThreadResult* out) {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
  session.setKeepAlive(true);
  session.setTimeout(Poco::Timespan(30, 0));
  const auto end = Clock::now() + std::chrono::seconds(seconds);
  for (int i = 0; Clock::now() < end; ++i) {
    const std::string body = "{\"member_id\":\"" + member + "\",\"gift_card_id\":\"" +
                             simtest::kUsdCard +
                             "\",\"denomination\":\"10.00\",\"currency\":\"USD\","
                             "\"expected_points\":1000,\"idempotency_key\":\"" +
                             member + "-" + std::to_string(i) + "\"}";
    const auto started = Clock::now();
    int status = 0;
    try {
      status = Post(session, body, token);
    } catch (const std::exception&) {
      session.reset();
    }
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    if (status == 201) {
      ++out->created;
      out->latency_ms.push_back(ms);
    } else {
      ++out->other;
    }
  }
}

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

// Scrapes GET /metrics of every node every `every` until `stop`; counts the
// 200s in `*scrapes`.
void Scraper(const std::vector<int>& ports, std::chrono::milliseconds every,
             const std::atomic<bool>& stop, std::int64_t* scrapes) {
  while (!stop.load()) {
    for (int port : ports) {
      testsupport::HttpReply r = testsupport::HttpCall(
          "GET", "http://127.0.0.1:" + std::to_string(port) + "/metrics", "", {});
      if (r.status == 200) ++*scrapes;
    }
    std::this_thread::sleep_for(every);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const int threads = static_cast<int>(benchutil::IntFlag(argc, argv, "threads", 16));
  const int seconds = static_cast<int>(benchutil::IntFlag(argc, argv, "seconds", 10));
  const int settle_s = static_cast<int>(benchutil::IntFlag(argc, argv, "settle_s", 20));
  try {
    auto sim = simtest::SimHarness::Start({{"sim.lifecycle.pending_ms", "200"},
                                           {"sim.lifecycle.processing_ms", "200"},
                                           {"sim.http.max_threads", "128"}});
    const std::string db_kind = TextFlag(argc, argv, "db", "sqlite");
    const int node_count = static_cast<int>(benchutil::IntFlag(argc, argv, "nodes", 1));
    if (db_kind != "sqlite" && db_kind != "postgresql") throw std::runtime_error("--db=?");
    if (node_count < 1 || (node_count > 1 && db_kind != "postgresql")) {
      throw std::runtime_error("--nodes > 1 needs --db=postgresql");
    }
    testsupport::EndToEndOptions options;
    if (db_kind == "postgresql") {
      options.db = testsupport::HostDb{"postgresql", testsupport::FreshPostgresDatabase()};
    } else {
      setenv("REWARDS_TEST_DB", "sqlite", 1);  // a SQLite file in the host's folder
    }
    std::vector<std::unique_ptr<testsupport::EndToEndHost>> nodes;
    for (int n = 0; n < node_count; ++n) {
      nodes.push_back(std::make_unique<testsupport::EndToEndHost>(*sim, options));
      if (n == 0) options.db = nodes.front()->db();  // the others share it
    }
    for (auto& node : nodes) node->StartProcess();
    for (auto& node : nodes) node->WaitReady();
    testsupport::EndToEndHost& host = *nodes.front();
    std::vector<std::string> members;
    for (int i = 0; i < threads; ++i) {
      members.push_back("bench-" + std::to_string(i));
      host.CreateMember(members.back(), 1'000'000'000);
    }
    std::vector<ThreadResult> results(static_cast<std::size_t>(threads));
    std::vector<std::thread> clients;
    const int scrape_ms = static_cast<int>(benchutil::IntFlag(argc, argv, "scrape_ms", 0));
    std::atomic<bool> stop_scraping{false};
    std::int64_t scrapes = 0;
    std::thread scraper;
    if (scrape_ms > 0) {
      std::vector<int> ports;
      for (auto& node : nodes) ports.push_back(node->port());
      scraper = std::thread(Scraper, ports, std::chrono::milliseconds(scrape_ms),
                            std::cref(stop_scraping), &scrapes);
    }
    const auto started = Clock::now();
    for (int i = 0; i < threads; ++i) {
      testsupport::EndToEndHost& node = *nodes[static_cast<std::size_t>(i % node_count)];
      const std::string token = node.MemberToken(members[i]);
      clients.emplace_back(Client, node.port(), members[i], token, seconds, &results[i]);
    }
    for (auto& t : clients) t.join();
    const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
    stop_scraping = true;
    if (scraper.joinable()) scraper.join();

    ThreadResult all;
    for (auto& r : results) {
      all.created += r.created;
      all.other += r.other;
      all.latency_ms.insert(all.latency_ms.end(), r.latency_ms.begin(), r.latency_ms.end());
    }
    std::int64_t fulfilled = 0;
    const auto settle_end = Clock::now() + std::chrono::seconds(settle_s);
    do {
      fulfilled = Fulfilled(host, members);
      if (fulfilled >= all.created || fulfilled < 0) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    } while (Clock::now() < settle_end);

    std::printf("database %s, %d node(s)\n", db_kind.c_str(), node_count);
    std::printf("threads %d, %.1f s: %lld redemptions answered 201 = %.1f /s; other answers %lld\n",
                threads, elapsed, static_cast<long long>(all.created),
                static_cast<double>(all.created) / elapsed, static_cast<long long>(all.other));
    std::printf("latency of 201s: p50 %.2f ms, p99 %.2f ms\n", Percentile(all.latency_ms, 0.50),
                Percentile(all.latency_ms, 0.99));
    if (scrape_ms > 0) {
      std::printf("scrapes of /metrics every %d ms: %lld\n", scrape_ms,
                  static_cast<long long>(scrapes));
    }
    std::printf("fulfilled after up to %d s: %lld of %lld\n", settle_s,
                static_cast<long long>(fulfilled), static_cast<long long>(all.created));
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "bench-redeem failed: " << e.what() << "\n";
    return 1;
  }
}
