// End to end, operations: the real loyalty-host (JSON logs, a metrics token)
// loads the real plugin and talks to the real ascenda-sim. A scripted run —
// one redemption fulfilled, one failed, one duplicate webhook, one webhook
// with a bad signature, one 429 from Ascenda — then GET /metrics:
//   - passes `promtool check metrics`;
//   - every counter the run touched moved by exactly the expected amount;
//   - no label value is a member, redemption, reference or order id;
// and every line of the host's JSON log parses and holds none of the run's
// secrets, tokens, card codes or PINs. /livez and /readyz answer, and
// /metrics refuses a scrape without its bearer token.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "ascenda/metrics/plugin_metrics.h"
#include "ascenda_test_env.h"
#include "support/end_to_end_host.h"
#include "support/http_client.h"
#include "support/metric_samples.h"
#include "support/temp_dir.h"
#include "support/wait_until.h"

namespace ascenda {
namespace {

using simtest::SimHarness;
using testsupport::HttpCall;
using testsupport::HttpReply;
using JsonPtr = Poco::JSON::Object::Ptr;

constexpr char kMetricsToken[] = "metrics-token-for-operations-test";

// name{labels} -> value, from the Prometheus text format.
using Samples = testsupport::MetricSamples;

// Every label value of every sample.
std::vector<std::string> LabelValues(const Samples& samples) {
  std::vector<std::string> out;
  for (const auto& [series, value] : samples) {
    std::size_t at = series.find('{');
    while (at != std::string::npos) {
      const std::size_t open = series.find('"', at);
      if (open == std::string::npos) break;
      const std::size_t close = series.find('"', open + 1);
      out.push_back(series.substr(open + 1, close - open - 1));
      at = series.find(',', close);
    }
  }
  return out;
}

double Delta(const Samples& before, const Samples& after, const std::string& series) {
  auto a = after.find(series);
  auto b = before.find(series);
  return (a == after.end() ? 0 : a->second) - (b == before.end() ? 0 : b->second);
}

void SetOutcome(SimHarness& sim, const std::string& reference, const std::string& status,
                const std::string& errors = "") {
  std::string body = "{\"status\":" + testsupport::JsonQuote(status) + ",\"when\":\"now\"";
  if (!errors.empty()) body += ",\"errors\":" + errors;
  HttpReply r = sim.Control("POST", "/control/orders/" + reference + "/outcome", body + "}");
  if (r.status != 200) throw std::runtime_error("outcome refused: " + r.body);
}

Poco::JSON::Array::Ptr SimList(SimHarness& sim, const std::string& path, const char* key) {
  auto body = simtest::Json(sim.Control("GET", path));
  return body->has("data") ? body->getArray("data") : body->getArray(key);
}

std::size_t DeliveredAttempts(SimHarness& sim) {
  std::size_t n = 0;
  auto attempts = SimList(sim, "/control/webhooks/attempts", "attempts");
  for (std::size_t i = 0; i < attempts->size(); ++i) {
    n += attempts->getObject(i)->getValue<int>("status") == 200;
  }
  return n;
}

bool WebhooksApplied(const testsupport::EndToEndHost& host) {
  return testsupport::HostDbNumber(
             host.db(), "SELECT COUNT(*) FROM ascenda_webhook_events WHERE processed_at IS NULL") ==
         0;
}

class HostOperationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sim_ = SimHarness::Start({{"sim.webhook.enabled", "true"},
                              {"sim.webhook.secret", testsupport::kSimWebhookSecret},
                              {"sim.webhook.backoff_ms", "100"}});
    testsupport::EndToEndOptions options;
    options.host = {
        {"log.level", "debug"}, {"log.format", "json"}, {"metrics.token", kMetricsToken}};
    host_ = std::make_unique<testsupport::EndToEndHost>(*sim_, options);
    host_->Start();
    host_->SetWebhooks(true);
    host_->CreateMember("jane", 100'000);
  }

  std::string ScrapeText() {
    HttpReply r = HttpCall("GET", host_->Url("/metrics"), "",
                           {{"Authorization", std::string("Bearer ") + kMetricsToken}});
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.headers["content-type"].rfind("text/plain; version=0.0.4", 0), 0u);
    return r.body;
  }
  Samples Scrape() { return testsupport::ParseMetricSamples(ScrapeText()); }

  std::unique_ptr<SimHarness> sim_;
  std::unique_ptr<testsupport::EndToEndHost> host_;
};

TEST_F(HostOperationsTest, ProbesAnswerAndMetricsNeedTheirToken) {
  EXPECT_EQ(HttpCall("GET", host_->Url("/livez")).status, 200);
  HttpReply ready = HttpCall("GET", host_->Url("/readyz"));
  EXPECT_EQ(ready.status, 200) << ready.body;
  EXPECT_NE(ready.body.find("\"ready\""), std::string::npos) << ready.body;
  EXPECT_EQ(HttpCall("GET", host_->Url("/metrics")).status, 401);
  EXPECT_EQ(HttpCall("GET", host_->Url("/metrics"), "", {{"Authorization", "Bearer wrong"}}).status,
            401);
  EXPECT_EQ(Scrape()["loyalty_host_ready"], 1);
}

TEST_F(HostOperationsTest, ScriptedRunMovesEachCounterByExactlyItsAmount) {
  const Samples before = Scrape();
  const std::size_t events_before = SimList(*sim_, "/control/webhooks/events", "events")->size();

  // One fulfilled.
  JsonPtr ok = host_->RedeemUsdCard("jane", "k-ok");
  const std::string ok_id = ok->getValue<std::string>("id");
  const std::string ok_ref = ok->getValue<std::string>("reference_id");
  SetOutcome(*sim_, ok_ref, "processing");
  SetOutcome(*sim_, ok_ref, "fulfilled");
  ASSERT_TRUE(host_->WaitForStatus(ok_id, "jane", "fulfilled")) << host_->Log();
  // One failed (refunded).
  JsonPtr bad = host_->RedeemUsdCard("jane", "k-fail");
  const std::string bad_id = bad->getValue<std::string>("id");
  const std::string bad_ref = bad->getValue<std::string>("reference_id");
  SetOutcome(*sim_, bad_ref, "failed", R"([{"code":"GC4001","message":"Card supplier declined"}])");
  ASSERT_TRUE(host_->WaitForStatus(bad_id, "jane", "failed")) << host_->Log();

  auto events = SimList(*sim_, "/control/webhooks/events", "events");
  const std::size_t new_events = events->size() - events_before;
  ASSERT_TRUE(testsupport::WaitUntil([&] { return DeliveredAttempts(*sim_) >= events->size(); },
                                     std::chrono::seconds(10)));
  // One duplicate: the last event again, same id.
  const std::string last_event = events->getObject(events->size() - 1)->getValue<std::string>("id");
  ASSERT_EQ(sim_->Control("POST", "/control/webhooks/replay",
                          "{\"event_id\":" + testsupport::JsonQuote(last_event) + "}")
                .status,
            202);
  ASSERT_TRUE(testsupport::WaitUntil([&] { return DeliveredAttempts(*sim_) >= events->size() + 1; },
                                     std::chrono::seconds(10)));
  // One bad signature.
  const std::string t = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                           std::chrono::system_clock::now().time_since_epoch())
                                           .count());
  HttpReply forged = HttpCall("POST", host_->Url("/webhooks/ascenda"), "{\"id\":\"x\"}",
                              {{"X-Ascenda-Signature", "t=" + t + ",v1=" + std::string(64, '0')},
                               {"Content-Type", "application/json"}});
  EXPECT_EQ(forged.status, 401) << forged.body;
  // One 429: the next order lookup (an operator's resync) is rate limited.
  test::AddFault(*sim_, "get_order", "status_429", 1);
  (void)host_->Admin("POST", "/admin/redemptions/" + ok_id + "/resync");
  ASSERT_TRUE(
      testsupport::WaitUntil([&] { return WebhooksApplied(*host_); }, std::chrono::seconds(10)));

  const std::string text = ScrapeText();
  const Samples after = testsupport::ParseMetricSamples(text);
  auto d = [&](const std::string& series) { return Delta(before, after, series); };
  EXPECT_EQ(d("ascenda_redemptions_started_total"), 2);
  EXPECT_EQ(d("ascenda_redemptions_ended_total{outcome=\"fulfilled\"}"), 1);
  EXPECT_EQ(d("ascenda_redemptions_ended_total{outcome=\"refunded\"}"), 1);
  EXPECT_EQ(d("ascenda_redemptions_ended_total{outcome=\"needs_attention\"}"), 0);
  EXPECT_EQ(d("ascenda_redemptions_needs_attention_total"), 0);
  EXPECT_EQ(d("ascenda_redemptions_parked_total"), 0);
  EXPECT_EQ(d("ascenda_refunds_total"), 1);
  EXPECT_EQ(d("ascenda_submit_attempts_total"), 2);
  EXPECT_EQ(d("ascenda_api_calls_total{endpoint=\"create_order\",outcome=\"ok\"}"), 2);
  double rate_limited = 0;
  for (const char* e : PluginMetrics::kEndpoints) {
    rate_limited +=
        d(std::string("ascenda_api_calls_total{endpoint=\"") + e + "\",outcome=\"rate_limited\"}");
  }
  EXPECT_EQ(rate_limited, 1);
  EXPECT_EQ(d("ascenda_webhooks_received_total{result=\"stored\"}"),
            static_cast<double>(new_events));
  EXPECT_EQ(d("ascenda_webhooks_received_total{result=\"duplicate\"}"), 1);
  EXPECT_EQ(d("ascenda_webhooks_refused_total{reason=\"bad_signature\"}"), 1);
  // The lag is observed for each event that changed a redemption.
  EXPECT_EQ(
      d("ascenda_webhook_apply_lag_seconds_count"),
      static_cast<double>(testsupport::HostDbNumber(
          host_->db(), "SELECT COUNT(*) FROM ascenda_webhook_events WHERE outcome = 'applied'")));
  EXPECT_EQ(d("loyalty_host_http_requests_total{method=\"POST\",route=\"/api/redemptions\","
              "status_class=\"2xx\"}"),
            2);
  EXPECT_EQ(d("loyalty_host_http_requests_total{method=\"POST\",route=\"/webhooks/ascenda\","
              "status_class=\"4xx\"}"),
            1);
  EXPECT_EQ(after.at("ascenda_redemptions_needs_attention"), 0);
  EXPECT_EQ(after.at("ascenda_redemptions_open{state=\"submitted\"}"), 0);
  EXPECT_GE(after.at("ascenda_catalogue_age_seconds"), 0);
  EXPECT_EQ(after.at("loyalty_host_ready"), 1);

  // No label value is an id of the run.
  std::set<std::string> ids = {"jane", ok_id, ok_ref, bad_id, bad_ref};
  for (const std::string& ref : {ok_ref, bad_ref}) {
    JsonPtr order = sim_->Reference(ref)->getObject("order");
    ids.insert(order->getValue<std::string>("id"));
  }
  for (const std::string& value : LabelValues(after)) {
    for (const std::string& id : ids) {
      EXPECT_EQ(value.find(id), std::string::npos) << value << " holds " << id;
    }
  }

  // promtool accepts the exposition.
  testsupport::TempDir dir;
  const std::string file = dir.File("metrics.txt");
  std::ofstream(file) << text;
  const int rc =
      std::system(("promtool check metrics < '" + file + "' > '" + file + ".out' 2>&1").c_str());
  std::ifstream out(file + ".out");
  std::stringstream why;
  why << out.rdbuf();
  EXPECT_EQ(rc, 0) << why.str();

  // Every log line is JSON and holds no secret, token, code or PIN.
  std::vector<std::string> secrets = {"test-secret", testsupport::kSimWebhookSecret,
                                      testsupport::kEndToEndAdminToken, kMetricsToken,
                                      testsupport::SimSettingValues(*sim_)["ascenda.data_key"]};
  JsonPtr data = sim_->Reference(ok_ref)
                     ->getObject("order")
                     ->getArray("order_items")
                     ->getObject(0)
                     ->getObject("data");
  secrets.push_back(data->getValue<std::string>("code"));
  secrets.push_back(data->getValue<std::string>("pin"));
  std::istringstream log(host_->Log());
  std::string line;
  int lines = 0;
  bool fulfilled_line = false;  // the structured line of ok_id's last change
  while (std::getline(log, line)) {
    ++lines;
    Poco::JSON::Parser parser;
    JsonPtr entry;
    ASSERT_NO_THROW(entry = parser.parse(line).extract<JsonPtr>()) << line;
    for (const char* key : {"time", "level", "logger", "message"}) {
      EXPECT_TRUE(entry->has(key)) << line;
    }
    for (const std::string& s : secrets) {
      EXPECT_EQ(line.find(s), std::string::npos) << "a secret in: " << line;
    }
    EXPECT_EQ(line.find("Bearer "), std::string::npos) << line;
    fulfilled_line =
        fulfilled_line || (entry->optValue<std::string>("redemption_id", "") == ok_id &&
                           entry->optValue<std::string>("state", "") == "fulfilled" &&
                           entry->optValue<std::string>("reference_id", "") == ok_ref &&
                           entry->has("order_id") && entry->has("attempt"));
  }
  EXPECT_GT(lines, 10);
  EXPECT_TRUE(fulfilled_line) << host_->Log();
}

}  // namespace
}  // namespace ascenda
