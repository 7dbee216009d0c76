// End to end, a webhook acknowledgement is durable: the real loyalty-host
// with the plugin (.so) takes validly signed events from many connections at
// once (so the host's writer queue shares commits between them,
// host_database.h), is killed with SIGKILL right after a run of 200s while
// more posts are in flight, and restarted on the same database (SQLite file
// or PostgreSQL, as REWARDS_TEST_DB says): every event answered 200 is a row,
// and posting one again is answered as a duplicate without a second row.
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ascenda/webhook/webhook_signature.h"
#include "ascenda_test_env.h"
#include "support/end_to_end_host.h"
#include "support/host_db.h"

namespace ascenda {
namespace {

std::string Body(const std::string& event_id) {
  return "{\"id\":\"" + event_id +
         "\",\"type\":\"order_item.updated\",\"created_at\":\"2027-01-15T08:00:00Z\","
         "\"data\":{\"order\":{\"id\":\"order-" +
         event_id + "\",\"reference_id\":\"unknown-" + event_id +
         "\",\"status\":\"processing\",\"created_at\":\"2027-01-15T08:00:00Z\","
         "\"updated_at\":\"2027-01-15T08:00:01Z\",\"order_items\":[{\"id\":\"item-1\","
         "\"type\":\"gift_card\",\"status\":\"processing\",\"errors\":[],\"data\":{"
         "\"gift_card_id\":\"00000000-0000-4000-8000-000000000001\",\"name\":\"Sim Test USD "
         "Gift Card\",\"denomination\":\"10.00\",\"currency\":\"USD\",\"code\":null,\"pin\":null,"
         "\"url\":null,\"expires_at\":null}}]}}}";
}

std::int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// POSTs one event over `session`; the status and the body of the answer.
int Post(Poco::Net::HTTPClientSession& session, const std::string& event_id, std::string* answer) {
  const std::string body = Body(event_id);
  Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_POST, "/webhooks/ascenda",
                             Poco::Net::HTTPMessage::HTTP_1_1);
  req.setKeepAlive(true);
  req.setContentType("application/json");
  req.set("X-Ascenda-Event-Id", event_id);
  req.set("X-Ascenda-Signature", SignWebhook(testsupport::kSimWebhookSecret, UnixNow(), body));
  req.setContentLength(static_cast<std::streamsize>(body.size()));
  session.sendRequest(req) << body;
  Poco::Net::HTTPResponse resp;
  answer->clear();
  Poco::StreamCopier::copyToString(session.receiveResponse(resp), *answer);
  return resp.getStatus();
}

std::int64_t Rows(const testsupport::HostDb& db, const std::string& event_id) {
  return testsupport::HostDbNumber(
      db, "SELECT COUNT(*) FROM ascenda_webhook_events WHERE event_id = '" + event_id + "'");
}

TEST(HostWebhookDurabilityTest, EveryAcknowledgedEventSurvivesAKillRightAfterIts200) {
  auto sim = simtest::SimHarness::Start();
  testsupport::EndToEndHost host(*sim, {});
  host.Start();
  constexpr int kThreads = 12;
  std::mutex mu;
  std::vector<std::string> acknowledged;  // guarded by mu
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  for (int t = 0; t < kThreads; ++t) {
    clients.emplace_back([&, t] {
      Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(host.port()));
      session.setKeepAlive(true);
      session.setTimeout(Poco::Timespan(10, 0));
      std::string answer;
      for (int n = 0; !stop; ++n) {
        const std::string id = "ev-durable-" + std::to_string(t) + "-" + std::to_string(n);
        try {
          if (Post(session, id, &answer) == 200) {
            std::lock_guard<std::mutex> lock(mu);
            acknowledged.push_back(id);
          }
        } catch (const std::exception&) {
          return;  // the host is gone
        }
      }
    });
  }
  // Kill as soon as enough 200s came back, with every client still posting.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  std::vector<std::string> acked_before_kill;
  while (std::chrono::steady_clock::now() < deadline) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (acknowledged.size() >= 300) {
        host.Kill();
        acked_before_kill = acknowledged;
        break;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  stop = true;
  for (auto& c : clients) c.join();
  ASSERT_GE(acked_before_kill.size(), 300u) << host.Log();

  // Every 200 any client read (also those noted just after the kill) was sent
  // before the kill: each must be a row.
  host.Start();
  std::size_t missing = 0;
  for (const std::string& id : acknowledged) {
    if (Rows(host.db(), id) != 1) ++missing;
  }
  EXPECT_EQ(missing, 0u) << "acknowledged events lost by the kill";

  // Duplicates are still recognised after the restart: a 200 marked duplicate, one row.
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(host.port()));
  std::string answer;
  const std::string again = acked_before_kill.front();
  ASSERT_EQ(Post(session, again, &answer), 200) << answer;
  EXPECT_NE(answer.find("\"duplicate\":true"), std::string::npos) << answer;
  EXPECT_EQ(Rows(host.db(), again), 1);
}

}  // namespace
}  // namespace ascenda
