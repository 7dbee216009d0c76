// The real plugin loader, in-process: every broken plugin of the corpus is
// refused with its own error code and nothing of it stays; the real Ascenda
// .so is accepted and exports exactly one symbol; good_test gets its routes,
// settings notifications and scheduled ticks, and is drained on stop.
#include <gtest/gtest.h>

#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "clock/host_clock.h"
#include "db/host_database.h"
#include "db/migrator.h"
#include "host_harness.h"
#include "http/json_reply.h"
#include "http/router.h"
#include "ledger/points_ledger.h"
#include "loyalty_host_sql/embedded_migrations.h"
#include "metrics/host_metrics.h"
#include "plugins/plugin_manager.h"
#include "scheduler/task_scheduler.h"
#include "settings/settings_store.h"
#include "support/paths.h"
#include "support/temp_dir.h"
#include "support/wait_until.h"

namespace {

using hosttest::CorpusPlugin;
using hosttest::ParseObject;
using namespace std::chrono_literals;

bool Eventually(const std::function<bool()>& condition) {
  return testsupport::WaitUntil(condition, 10s, 1ms);
}

std::string RunCommand(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buf[4096];
  while (std::size_t n = fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  pclose(pipe);
  return out;
}

class LoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = loyalty::HostDatabase::Open("sqlite", dir_.File("host.db"), 8);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    migrator_ = std::make_unique<loyalty::Migrator>(*db_, [] { return std::string("t"); });
    ASSERT_TRUE(migrator_->Apply("host", loyalty::sql::EmbeddedMigrations(db_->dialect())).ok());
    ledger_ = std::make_unique<loyalty::HostPointsLedger>(clock_);
    store_ = std::make_unique<loyalty::SettingsStore>(*db_, clock_);
    scheduler_ = std::make_unique<loyalty::TaskScheduler>(clock_, 2);
    clock_.SetAdvanceListener([s = scheduler_.get()] { s->Wake(); });
    ASSERT_TRUE(router_
                    .AddHostRoute("GET", "/healthz",
                                  [](const rewards::HttpRequest&, const loyalty::PathParams&) {
                                    return loyalty::ErrorReply(200, "host", "");
                                  })
                    .ok());
    const loyalty::SharedServices shared{*db_, *ledger_, router_, clock_, *scheduler_, *store_};
    plugins_ = std::make_unique<loyalty::PluginManager>(
        shared, *migrator_,
        std::map<std::string, std::map<std::string, std::string>>{
            {"good_test", {{"good.greeting", "from-config"}}}});
  }

  void TearDown() override {
    if (plugins_) plugins_->StopAll();
    if (scheduler_) scheduler_->Shutdown();
  }

  void ExpectRefused(const std::string& name, const std::string& error,
                     const std::string& message_part) {
    rewards::Status s = plugins_->Load(CorpusPlugin(name));
    EXPECT_FALSE(s.ok()) << name;
    EXPECT_EQ(s.error(), error) << s.ToString();
    EXPECT_NE(s.message().find(message_part), std::string::npos) << s.ToString();
    ASSERT_EQ(plugins_->refusals().size(), 1u);
    EXPECT_EQ(plugins_->refusals()[0].file, CorpusPlugin(name));
    EXPECT_EQ(plugins_->refusals()[0].error, error);
    EXPECT_TRUE(plugins_->plugins().empty());
  }

  // GET /good-test/state through the router, as JSON.
  Poco::JSON::Object::Ptr GoodState() {
    loyalty::RouteMatch m = router_.Find("GET", "/good-test/state");
    EXPECT_EQ(m.kind, loyalty::RouteMatch::kFound);
    if (m.kind != loyalty::RouteMatch::kFound) return new Poco::JSON::Object;
    rewards::HttpRequest req;
    req.method = "GET";
    req.path = "/good-test/state";
    return ParseObject(m.handler(req, {}).body);
  }

  testsupport::TempDir dir_;
  loyalty::ManualClock clock_;
  std::unique_ptr<loyalty::HostDatabase> db_;
  std::unique_ptr<loyalty::Migrator> migrator_;
  std::unique_ptr<loyalty::HostPointsLedger> ledger_;
  std::unique_ptr<loyalty::SettingsStore> store_;
  std::unique_ptr<loyalty::TaskScheduler> scheduler_;
  loyalty::Router router_;
  std::unique_ptr<loyalty::PluginManager> plugins_;
};

TEST_F(LoaderTest, RefusesLibraryWithoutEntrySymbol) {
  ExpectRefused("missing_entry", "missing_entry_symbol", "rewards_plugin_entry_v1");
}

TEST_F(LoaderTest, RefusesWrongMajor) {
  ExpectRefused("wrong_major", "abi_major_mismatch",
                "plugin ABI 2.0, host ABI 1.2: major versions differ");
}

TEST_F(LoaderTest, RefusesNewerMinor) {
  ExpectRefused("newer_minor", "abi_minor_newer", "plugin ABI 1.3 is newer than host ABI 1.2");
}

TEST_F(LoaderTest, RefusesFingerprintMismatch) {
  ExpectRefused("fingerprint_mismatch", "fingerprint_mismatch",
                std::string("host build '") + REWARDS_BUILD_FINGERPRINT + "'");
}

TEST_F(LoaderTest, RefusesCreateThatThrows) {
  ExpectRefused("create_throws", "create_threw", "create_throws plugin always throws");
}

TEST_F(LoaderTest, RefusesCreateThatReturnsNull) {
  ExpectRefused("create_null", "create_failed", "create() returned no provider");
}

TEST_F(LoaderTest, RefusesRouteClashAndRemovesItsRoutes) {
  ExpectRefused("route_clash", "route_clash", "GET /healthz is already served by host");
  EXPECT_EQ(router_.Find("GET", "/route-clash/ok").kind, loyalty::RouteMatch::kNotFound);
  EXPECT_EQ(router_.Find("GET", "/healthz").kind, loyalty::RouteMatch::kFound);
}

TEST_F(LoaderTest, RefusesFileThatIsNotALibrary) {
  const std::string path = dir_.File("libjunk.so");
  FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs("not an ELF file", f);
  std::fclose(f);
  rewards::Status s = plugins_->Load(path);
  EXPECT_EQ(s.error(), "dlopen_failed") << s.ToString();
}

TEST_F(LoaderTest, AcceptsTheRealAscendaPlugin) {
  rewards::Status s = plugins_->Load(testsupport::PluginPath());
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_EQ(plugins_->plugins().size(), 1u);
  EXPECT_EQ(plugins_->plugins()[0]->identity.name, "ascenda");
  EXPECT_TRUE(plugins_->refusals().empty());
}

TEST_F(LoaderTest, LoadsAnAbi10PluginThroughItsCreate) {
  rewards::Status s = plugins_->Load(CorpusPlugin("abi_1_0"));
  ASSERT_TRUE(s.ok()) << s.ToString();
  loyalty::RouteMatch m = router_.Find("GET", "/abi-1-0/state");
  ASSERT_EQ(m.kind, loyalty::RouteMatch::kFound);
  rewards::HttpRequest req;
  req.method = "GET";
  req.path = "/abi-1-0/state";
  EXPECT_EQ(ParseObject(m.handler(req, {}).body)->getValue<std::string>("created_with"), "create");
}

// What a host of ABI 1.0 does: call `create`, offer no capabilities. The
// plugin then runs without metrics.
TEST_F(LoaderTest, RealPluginStartsThroughTheOneZeroCreate) {
  auto lib = loyalty::OpenPluginLibrary(testsupport::PluginPath());
  ASSERT_TRUE(lib.ok()) << lib.status().ToString();
  const rewards::PluginDescriptor& desc = *lib.value().descriptor;
  EXPECT_TRUE(rewards::UsesCreateV2(desc));
  const loyalty::SharedServices shared{*db_, *ledger_, router_, clock_, *scheduler_, *store_};
  loyalty::PluginServices services("ascenda", shared, {});
  ASSERT_TRUE(services.plugin_settings().Load().ok());
  rewards::RewardsProvider* provider = desc.create(&services);
  ASSERT_NE(provider, nullptr);
  EXPECT_EQ(provider->Identity().name, "ascenda");
  services.plugin_settings().SetSchema(provider->SettingsSchema());
  ASSERT_TRUE(migrator_->Apply("ascenda", provider->Migrations(db_->dialect())).ok());
  EXPECT_TRUE(provider->Start().ok());
  EXPECT_TRUE(provider->Stop(std::chrono::steady_clock::now() + std::chrono::seconds(5)).ok());
  services.plugin_scheduler().Drain();
  services.plugin_router().RemoveAll();
  services.plugin_settings().UnsubscribeAll();
  desc.destroy(provider);
}

TEST_F(LoaderTest, RealPluginRegistersItsMetricsWithAHostThatHasThem) {
  plugins_.reset();
  loyalty::HostMetrics metrics("test");
  const loyalty::SharedServices shared{*db_,        *ledger_, router_, clock_,
                                       *scheduler_, *store_,  &metrics};
  loyalty::PluginManager plugins(shared, *migrator_, {});
  ASSERT_TRUE(plugins.Load(testsupport::PluginPath()).ok());
  const std::string text = metrics.Scrape();
  for (const char* name :
       {"ascenda_api_calls_total{endpoint=\"create_order\",outcome=\"ok\"} 0",
        "# TYPE ascenda_redemptions_open gauge", "ascenda_webhooks_refused_total",
        "ascenda_catalogue_age_seconds", "loyalty_host_build_info"}) {
    EXPECT_NE(text.find(name), std::string::npos) << name << "\n" << text;
  }
  plugins.StopAll();
}

TEST_F(LoaderTest, RealPluginExportsExactlyOneSymbol) {
  const std::string out =
      RunCommand("nm -D --defined-only '" + testsupport::PluginPath() + "' 2>&1");
  std::vector<std::string> symbols;
  std::size_t start = 0;
  while (start < out.size()) {
    std::size_t end = out.find('\n', start);
    if (end == std::string::npos) end = out.size();
    const std::string line = out.substr(start, end - start);
    if (!line.empty()) symbols.push_back(line.substr(line.rfind(' ') + 1));
    start = end + 1;
  }
  ASSERT_EQ(symbols.size(), 1u) << out;
  EXPECT_EQ(symbols[0], "rewards_plugin_entry_v1");
}

TEST_F(LoaderTest, GoodPluginServesSettingsAndTicksThenDrains) {
  ASSERT_TRUE(plugins_->Load(CorpusPlugin("good_test_plugin")).ok());
  loyalty::LoadedPlugin* p = plugins_->Find("good_test");
  ASSERT_NE(p, nullptr);
  // Config-file value over the default; the default elsewhere.
  EXPECT_EQ(p->services->settings().Current().GetString("good.greeting"), "from-config");
  EXPECT_EQ(p->services->settings().Current().GetString("good.interval_ms"), "1000");
  EXPECT_EQ(p->provider->GetHealth().state, rewards::HealthState::kDegraded);

  // Ticks follow the manual clock.
  const auto ticks0 = GoodState()->getValue<Poco::Int64>("ticks");
  clock_.Advance(1s);
  ASSERT_TRUE(
      Eventually([&] { return GoodState()->getValue<Poco::Int64>("ticks") == ticks0 + 1; }));

  // A settings change reaches the plugin without a restart.
  const auto changes0 = GoodState()->getValue<Poco::Int64>("settings_changes");
  loyalty::SettingsUpdate u = p->services->plugin_settings().Update(
      {{"good.token", "t0ken"}, {"good.greeting", "hi"}},
      [p](const rewards::SettingsValues& v) { return p->provider->ValidateSettings(v); });
  ASSERT_TRUE(u.status.ok()) << u.status.ToString();
  EXPECT_EQ(GoodState()->getValue<Poco::Int64>("settings_changes"), changes0 + 1);
  EXPECT_EQ(GoodState()->getValue<std::string>("greeting"), "hi");
  EXPECT_EQ(p->provider->GetHealth().state, rewards::HealthState::kHealthy);

  // A refused change names every problem and keeps the old values.
  u = p->services->plugin_settings().Update(
      {{"good.interval_ms", "0"},
       {"good.endpoint", "ftp://x"},
       {"good.nope", "1"},
       {"good.enabled", "maybe"}},
      [p](const rewards::SettingsValues& v) { return p->provider->ValidateSettings(v); });
  EXPECT_EQ(u.status.error(), "invalid_settings");
  ASSERT_EQ(u.problems.size(), 4u);
  EXPECT_EQ(p->services->settings().Current().GetString("good.interval_ms"), "1000");
  EXPECT_EQ(GoodState()->getValue<Poco::Int64>("settings_changes"), changes0 + 1);

  // Stop drains the plugin's tasks: later advances run nothing of it.
  loyalty::RouteMatch state = router_.Find("GET", "/good-test/state");
  plugins_->StopAll();
  EXPECT_TRUE(plugins_->plugins().empty());
  EXPECT_EQ(router_.Find("GET", "/good-test/state").kind, loyalty::RouteMatch::kNotFound);
  rewards::HttpRequest req;
  auto after_stop = ParseObject(state.handler(req, {}).body);
  EXPECT_TRUE(after_stop->getValue<bool>("stopped"));
  const auto ticks_at_stop = after_stop->getValue<Poco::Int64>("ticks");
  clock_.Advance(10s);
  EXPECT_EQ(ParseObject(state.handler(req, {}).body)->getValue<Poco::Int64>("ticks"),
            ticks_at_stop);
}

TEST_F(LoaderTest, StoredSettingsWinOverConfigAndSurviveReload) {
  ASSERT_TRUE(plugins_->Load(CorpusPlugin("good_test_plugin")).ok());
  loyalty::LoadedPlugin* p = plugins_->Find("good_test");
  ASSERT_NE(p, nullptr);
  ASSERT_TRUE(p->services->plugin_settings()
                  .Update({{"good.greeting", "stored"}, {"good.token", "x"}},
                          [](const rewards::SettingsValues&) {
                            return std::vector<rewards::SettingProblem>{};
                          })
                  .status.ok());
  plugins_->StopAll();
  ASSERT_TRUE(plugins_->Load(CorpusPlugin("good_test_plugin")).ok());
  p = plugins_->Find("good_test");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->services->settings().Current().GetString("good.greeting"), "stored");
  EXPECT_EQ(p->services->settings().Current().GetString("good.token"), "x");
}

TEST_F(LoaderTest, SecondPluginWithTheSameNameIsRefused) {
  ASSERT_TRUE(plugins_->Load(CorpusPlugin("good_test_plugin")).ok());
  rewards::Status s = plugins_->Load(CorpusPlugin("good_test_plugin"));
  EXPECT_EQ(s.error(), "duplicate_plugin");
  EXPECT_EQ(plugins_->plugins().size(), 1u);
}

}  // namespace
