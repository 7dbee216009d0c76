// The host's metrics: a plugin's registry refuses names outside its prefix,
// counters without _total, a name reused with another kind or labels, and
// unsorted buckets; the same name and labels answer the same handle; the
// scrape hook runs before each scrape until detached; route templates and
// status classes; the text and JSON log formats with fields, and redaction.
#include <Poco/AutoPtr.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Message.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "log/log_format.h"
#include "metrics/host_metrics.h"
#include "metrics/plugin_metrics_registry.h"

namespace {

TEST(PluginMetricsRegistryTest, RefusesNamesAndShapesOutsideTheRules) {
  loyalty::HostMetrics metrics("1.0");
  loyalty::PluginMetricsRegistry r("ascenda", metrics);
  EXPECT_EQ(r.AddCounter("other_calls_total", "help", {}), nullptr);
  EXPECT_EQ(r.AddCounter("ascenda_calls", "help", {}), nullptr);
  EXPECT_EQ(r.AddGauge("ascenda_open_total", "help", {}), nullptr);
  EXPECT_EQ(r.AddCounter("ascenda_calls_total", "", {}), nullptr);
  EXPECT_EQ(r.AddHistogram("ascenda_seconds", "help", {}, {1, 0.5}), nullptr);
  rewards::Counter* a = r.AddCounter("ascenda_calls_total", "help", {{"outcome", "ok"}});
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(r.AddCounter("ascenda_calls_total", "help", {{"outcome", "ok"}}), a);
  EXPECT_EQ(r.AddCounter("ascenda_calls_total", "help", {{"endpoint", "x"}}), nullptr);
  EXPECT_EQ(r.AddGauge("ascenda_calls_total", "help", {}), nullptr);
  a->Increment(2);
  EXPECT_NE(metrics.Scrape().find("ascenda_calls_total{outcome=\"ok\"} 2"), std::string::npos);
}

TEST(PluginMetricsRegistryTest, ScrapeHookRunsUntilDetached) {
  loyalty::HostMetrics metrics("1.0");
  loyalty::PluginMetricsRegistry r("ascenda", metrics);
  rewards::Gauge* g = r.AddGauge("ascenda_open", "help", {});
  ASSERT_NE(g, nullptr);
  int runs = 0;
  r.OnScrape([&] { g->Set(++runs); });
  EXPECT_NE(metrics.Scrape().find("ascenda_open 1"), std::string::npos);
  EXPECT_NE(metrics.Scrape().find("ascenda_open 2"), std::string::npos);
  r.Detach();
  EXPECT_NE(metrics.Scrape().find("ascenda_open 2"), std::string::npos);
  EXPECT_EQ(runs, 2);
}

TEST(HostMetricsTest, CountsRequestsByRouteTemplateAndStatusClass) {
  loyalty::HostMetrics metrics("1.0");
  metrics.ObserveRequest("GET", "/api/members/{id}", 404, 0.002);
  metrics.ObserveRequest("GET", "/api/members/{id}", 200, 0.002);
  metrics.ObserveRequest("GET", "/api/members/{id}", 200, 0.002);
  const std::string text = metrics.Scrape();
  EXPECT_NE(text.find("loyalty_host_http_requests_total{method=\"GET\",route=\"/api/members/{id}\","
                      "status_class=\"2xx\"} 2"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("status_class=\"4xx\"} 1"), std::string::npos);
  EXPECT_NE(text.find("loyalty_host_build_info{abi=\"1.2\",version=\"1.0\"} 1"), std::string::npos)
      << text;
  EXPECT_EQ(loyalty::StatusClass(503), "5xx");
}

TEST(LogFormatTest, JsonLinesCarryFieldsAndRedactSecretNames) {
  Poco::AutoPtr<Poco::Formatter> json(loyalty::NewLogFormatter("json"));
  ASSERT_FALSE(json.isNull());
  Poco::Message m("plugin.ascenda", "state \"changed\"\n", Poco::Message::PRIO_INFORMATION);
  loyalty::SetLogFields(m, {{"redemption_id", "r-1"}, {"state", "fulfilled"}, {"pin", "1234"}});
  std::string line;
  json->format(m, line);
  Poco::JSON::Parser parser;
  auto o = parser.parse(line).extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(o->getValue<std::string>("level"), "info");
  EXPECT_EQ(o->getValue<std::string>("logger"), "plugin.ascenda");
  EXPECT_EQ(o->getValue<std::string>("message"), "state \"changed\"\n");
  EXPECT_EQ(o->getValue<std::string>("redemption_id"), "r-1");
  EXPECT_EQ(o->getValue<std::string>("pin"), "[redacted]");
  EXPECT_TRUE(o->has("time"));
  Poco::AutoPtr<Poco::Formatter> text(loyalty::NewLogFormatter("text"));
  text->format(m, line);
  EXPECT_NE(line.find(" redemption_id=r-1 state=fulfilled pin=[redacted]"), std::string::npos);
  EXPECT_EQ(loyalty::NewLogFormatter("xml"), nullptr);  // nothing to free
}

}  // namespace
