// bench-webhook: webhook acknowledgements per second, and the median and p99
// time to answer one, for the real loyalty-host + plugin (.so) on a
// file-backed SQLite database.
//
//   bench-webhook [--threads=8] [--seconds=10] [--known=200] [--host-threads=16]
//
// Starts the real ascenda-sim over HTTPS (test certificates: run the `certs`
// CTest fixture once first, e.g. `ctest -R make_test_certs`) and the real
// loyalty-host with the plugin on a fresh SQLite file, makes `known`
// redemptions through the host, then `threads` client threads each POST
// validly signed, distinct webhook events to /webhooks/ascenda over one
// keep-alive connection for `seconds`: half for the known redemptions
// (mostly "processing", one in ten "fulfilled" with a code and pin, so the
// applier seals delivery data), half for unknown reference_ids (kept for
// later). An acknowledgement is a 200. Afterwards it waits for the applier to
// finish the known events and reports how long that took.
#include <Poco/Data/Session.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "ascenda/webhook/webhook_signature.h"
#include "bench_common.h"
#include "db/host_database.h"
#include "plugin/ascenda_test_env.h"
#include "support/http_client.h"
#include "support/member_sessions.h"
#include "support/paths.h"
#include "support/ports.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace {

using Clock = std::chrono::steady_clock;
using testsupport::HttpCall;

constexpr char kSecret[] = "whsec-test-1";  // SimSettingValues' webhook secret
constexpr char kAdmin[] = "bench-admin";

struct Known {
  std::string reference_id;
  std::string order_id;
};

std::string Body(const std::string& event_id, const std::string& order_id,
                 const std::string& reference_id, const std::string& status, bool delivery) {
  const std::string code = delivery ? "\"BENCH-CODE-" + event_id.substr(0, 8) + "\"" : "null";
  const std::string pin = delivery ? "\"123456\"" : "null";
  return "{\"id\":\"" + event_id +
         "\",\"type\":\"order_item.updated\",\"created_at\":\"2027-01-15T08:00:00Z\","
         "\"data\":{\"order\":{\"id\":\"" +
         order_id + "\",\"reference_id\":\"" + reference_id +
         "\",\"status\":\"processing\",\"created_at\":\"2027-01-15T08:00:00Z\","
         "\"updated_at\":\"2027-01-15T08:00:01Z\",\"order_items\":[{\"id\":\"item-1\","
         "\"type\":\"gift_card\",\"status\":\"" +
         status +
         "\",\"errors\":[],\"data\":{\"gift_card_id\":\"00000000-0000-4000-8000-000000000001\","
         "\"name\":\"Sim Test USD Gift Card\",\"denomination\":\"10.00\",\"currency\":\"USD\","
         "\"code\":" +
         code + ",\"pin\":" + pin + ",\"url\":null,\"expires_at\":null}}]}}}";
}

std::int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t Unprocessed(const std::string& db_file) {
  auto db = loyalty::HostDatabase::Open("sqlite", db_file, 1);
  if (!db.ok()) return -1;
  auto s = db.value()->Session();
  Poco::Int64 n = -1;
  s.value() << "SELECT COUNT(*) FROM ascenda_webhook_events WHERE processed_at IS NULL "
               "AND reference_id NOT LIKE 'unknown-%'",
      Poco::Data::Keywords::into(n), Poco::Data::Keywords::now;
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  const int threads = static_cast<int>(benchutil::IntFlag(argc, argv, "threads", 8));
  const int seconds = static_cast<int>(benchutil::IntFlag(argc, argv, "seconds", 10));
  const int known_count = static_cast<int>(benchutil::IntFlag(argc, argv, "known", 200));
  const int host_threads = static_cast<int>(benchutil::IntFlag(argc, argv, "host-threads", 16));
  if (known_count < 1 || threads < 1) {
    // Half the events name a known redemption: there must be one.
    std::cerr << "bench-webhook: --known and --threads must be at least 1\n";
    return 2;
  }
  testsupport::TempDir dir;
  auto sim = simtest::SimHarness::Start();
  const int port = testsupport::FreeTcpPort();
  const std::string base = "http://127.0.0.1:" + std::to_string(port);
  const std::string db_file = dir.File("var/host.db");
  {
    std::ofstream out(dir.File("host.properties"));
    out << "host.http.port = " << port << "\n"
        << "host.http.threads = " << host_threads << "\n"
        << "host.db.connector = sqlite\n"
        << "host.db.connection = " << db_file << "\n"
        << "host.plugins.dir = " << testsupport::PluginDir() << "\n"
        << "host.admin.token = " << kAdmin << "\n"
        << "host.log.level = warning\n"
        << "host.log.file = " << dir.File("host.log") << "\n";
    for (const auto& [k, v] : testsupport::FastAuthConfig())
      out << "host." << k << " = " << v << "\n";
    for (const auto& [k, v] : ascenda::test::SimSettingValues(*sim)) {
      out << "plugins.ascenda." << k << " = " << v << "\n";
    }
  }
  auto host = testsupport::ChildProcess::Start(testsupport::BinaryPath("loyalty-host"),
                                               {"--config=" + dir.File("host.properties")},
                                               dir.File("stdout.log"));
  const auto ready_by = Clock::now() + std::chrono::seconds(20);
  while (HttpCall("GET", base + "/api/gift-cards/00000000-0000-4000-8000-000000000001").status !=
         200) {
    if (Clock::now() > ready_by) {
      std::cerr << "the host did not come up:\n" << host->Log() << "\n";
      return 1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  HttpCall("POST", base + "/admin/members",
           R"({"id":"bench","email":"b@example.com","first_name":"B","last_name":"M",)"
           R"("phone_number":"+6591234567","points":100000000,"password":")" +
               std::string(testsupport::kMemberPassword) + "\"}",
           {{"Authorization", std::string("Bearer ") + kAdmin}});
  const std::string member_token = testsupport::SignIn(base, "bench");
  std::vector<Known> known;
  for (int i = 0; i < known_count; ++i) {
    auto r = HttpCall(
        "POST", base + "/api/redemptions",
        R"({"member_id":"bench","gift_card_id":"00000000-0000-4000-8000-000000000001",)"
        R"("denomination":"10.00","currency":"USD","expected_points":1000,)"
        R"("idempotency_key":"bench-)" +
            std::to_string(i) + "\"}",
        {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + member_token}}, "",
        30000);
    if (r.status != 201) {
      std::cerr << "redeem failed: " << r.status << " " << r.body << "\n";
      return 1;
    }
    const std::string ref = simtest::Json(r)->getValue<std::string>("reference_id");
    const std::string order = sim->Reference(ref)->getObject("order")->getValue<std::string>("id");
    known.push_back({ref, order});
  }

  std::atomic<bool> stop{false};
  std::atomic<std::int64_t> errors{0};
  std::vector<std::vector<double>> latencies(static_cast<std::size_t>(threads));
  std::vector<std::thread> workers;
  const auto started = Clock::now();
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      std::mt19937 rng(static_cast<unsigned>(t + 1));
      Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
      session.setKeepAlive(true);
      session.setTimeout(Poco::Timespan(30, 0));
      for (std::int64_t n = 0; !stop; ++n) {
        const std::string event_id =
            "ev-" + std::to_string(t) + "-" + std::to_string(n) + "-bench-webhook";
        std::string body;
        if (n % 2 == 0) {
          const Known& k = known[rng() % known.size()];
          const bool fulfilled = rng() % 10 == 0;
          body = Body(event_id, k.order_id, k.reference_id, fulfilled ? "fulfilled" : "processing",
                      fulfilled);
        } else {
          body = Body(event_id, "order-" + event_id, "unknown-" + event_id, "processing", false);
        }
        Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_POST, "/webhooks/ascenda",
                                   Poco::Net::HTTPMessage::HTTP_1_1);
        req.setKeepAlive(true);
        req.setContentType("application/json");
        req.set("X-Ascenda-Event-Id", event_id);
        req.set("X-Ascenda-Signature", ascenda::SignWebhook(kSecret, UnixNow(), body));
        req.setContentLength(static_cast<std::streamsize>(body.size()));
        const auto t0 = Clock::now();
        try {
          session.sendRequest(req) << body;
          Poco::Net::HTTPResponse resp;
          std::string answer;
          Poco::StreamCopier::copyToString(session.receiveResponse(resp), answer);
          const auto t1 = Clock::now();
          if (resp.getStatus() == Poco::Net::HTTPResponse::HTTP_OK) {
            latencies[static_cast<std::size_t>(t)].push_back(
                std::chrono::duration<double, std::milli>(t1 - t0).count());
          } else {
            ++errors;
          }
        } catch (const std::exception&) {
          ++errors;
          session.reset();
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  stop = true;
  for (auto& w : workers) w.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
  const auto acked_at = Clock::now();
  std::int64_t left = Unprocessed(db_file);
  while (left > 0 && Clock::now() - acked_at < std::chrono::seconds(120)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    left = Unprocessed(db_file);
  }
  const double drain_s = std::chrono::duration<double>(Clock::now() - acked_at).count();

  std::vector<double> all;
  for (const auto& v : latencies) all.insert(all.end(), v.begin(), v.end());
  std::sort(all.begin(), all.end());
  if (all.empty()) {
    std::cerr << "no acknowledgement\n" << host->Log() << "\n";
    return 1;
  }
  auto at = [&](double q) { return all[static_cast<std::size_t>(q * (all.size() - 1))]; };
  std::printf(
      "threads=%d host_threads=%d seconds=%.1f known_redemptions=%d acks=%zu errors=%lld "
      "acks_per_s=%.0f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f known_events_applied_within_s=%.1f%s\n",
      threads, host_threads, elapsed, known_count, all.size(),
      static_cast<long long>(errors.load()), static_cast<double>(all.size()) / elapsed, at(0.5),
      at(0.99), all.back(), drain_s, left == 0 ? "" : " (not all applied)");
  return 0;
}
