// good_test: a well-behaved plugin for the host's tests. It has a settings
// schema (a required secret, typed values), one migration, a periodic task
// and two routes, so tests can watch the loader, the scheduler's drain and
// settings notification without the Ascenda plugin.
//   GET  /good-test/state -> {"ticks","settings_changes","greeting","token_set",
//                             "started","stopped"}
//   POST /good-test/echo  -> {"bytes","truncated"}
// Health is degraded ("missing required setting good.token") until a settings
// change (seen through Subscribe) supplies good.token.
// The counters are file-static so a test may still read them through a
// handler it copied after the plugin was destroyed.
#include <atomic>
#include <mutex>
#include <string>

#include "test_provider_base.h"

namespace {

std::atomic<long> g_ticks{0};
std::atomic<long> g_settings_changes{0};
std::atomic<bool> g_token_set{false};
std::atomic<bool> g_started{false};
std::atomic<bool> g_stopped{false};
std::mutex g_mu;
std::string g_greeting;

std::string Bool(bool b) { return b ? "true" : "false"; }

rewards::HttpResponse Json(std::string body) {
  rewards::HttpResponse r;
  r.body = std::move(body);
  return r;
}

class GoodTest : public testplugins::TestProviderBase {
 public:
  explicit GoodTest(rewards::HostServices* services)
      : TestProviderBase("good_test"), services_(*services) {}

  std::vector<rewards::SettingSpec> SettingsSchema() const noexcept override {
    using rewards::SettingType;
    return {
        {"good.greeting", SettingType::kString, "hello", false, false, "a greeting", ""},
        {"good.interval_ms", SettingType::kInteger, "1000", false, true, "tick interval",
         "1..60000"},
        {"good.token", SettingType::kString, "", true, true, "a secret token", ""},
        {"good.endpoint", SettingType::kUrl, "https://example.com", false, false, "an endpoint",
         "http(s) URL"},
        {"good.enabled", SettingType::kBoolean, "true", false, false, "a switch", ""},
    };
  }

  std::vector<rewards::SettingProblem> ValidateSettings(
      const rewards::SettingsValues& v) const noexcept override {
    std::vector<rewards::SettingProblem> out;
    auto interval = v.GetInteger("good.interval_ms");
    if (interval.ok() && (interval.value() < 1 || interval.value() > 60000)) {
      out.push_back({"good.interval_ms", "good.interval_ms must be 1..60000"});
    }
    if (v.GetString("good.greeting").size() > 20) {
      out.push_back({"good.greeting", "good.greeting must be at most 20 characters"});
    }
    return out;
  }

  std::vector<rewards::Migration> Migrations(rewards::SqlDialect) const noexcept override {
    return {{1, "items",
             "CREATE TABLE good_test_items (\n  id INTEGER PRIMARY KEY,\n"
             "  note TEXT NOT NULL\n);\n"}};
  }

  rewards::Status Start() noexcept override {
    Apply(services_.settings().Current());
    subscription_ = services_.settings().Subscribe([](const rewards::SettingsValues& v) {
      ++g_settings_changes;
      Apply(v);
    });
    auto interval = services_.settings().Current().GetInteger("good.interval_ms");
    auto task = services_.scheduler().SchedulePeriodic(
        std::chrono::milliseconds(interval.ok() ? interval.value() : 1000), "tick",
        [] { ++g_ticks; });
    if (!task.ok()) return task.status();
    rewards::Status s =
        services_.router().AddRoute("GET", "/good-test/state", [](const rewards::HttpRequest&) {
          std::lock_guard<std::mutex> lock(g_mu);
          return Json("{\"ticks\":" + std::to_string(g_ticks.load()) +
                      ",\"settings_changes\":" + std::to_string(g_settings_changes.load()) +
                      ",\"greeting\":\"" + g_greeting + "\",\"token_set\":" + Bool(g_token_set) +
                      ",\"started\":" + Bool(g_started) + ",\"stopped\":" + Bool(g_stopped) + "}");
        });
    if (!s.ok()) return s;
    s = services_.router().AddRoute("POST", "/good-test/echo", [](const rewards::HttpRequest& r) {
      return Json("{\"bytes\":" + std::to_string(r.body.size()) +
                  ",\"truncated\":" + Bool(r.body_truncated) + "}");
    });
    if (!s.ok()) return s;
    g_started = true;
    return rewards::Status::Ok();
  }

  rewards::Status Stop(std::chrono::steady_clock::time_point) noexcept override {
    services_.settings().Unsubscribe(subscription_);
    g_stopped = true;
    return rewards::Status::Ok();
  }

  rewards::Health GetHealth() const noexcept override {
    if (g_token_set) return {};
    return {rewards::HealthState::kDegraded, {"missing required setting good.token"}};
  }

 private:
  static void Apply(const rewards::SettingsValues& v) {
    std::lock_guard<std::mutex> lock(g_mu);
    g_greeting = v.GetString("good.greeting");
    g_token_set = !v.GetString("good.token").empty();
  }

  rewards::HostServices& services_;
  rewards::SubscriptionId subscription_ = 0;
};

rewards::RewardsProvider* Create(rewards::HostServices* services) { return new GoodTest(services); }

}  // namespace

TEST_PLUGIN_DESCRIPTOR("good_test", rewards::kAbiMajor, rewards::kAbiMinor,
                       REWARDS_BUILD_FINGERPRINT, &Create)
