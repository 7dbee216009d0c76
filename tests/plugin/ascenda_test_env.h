// Shared pieces of the plugin's client, sync and provider tests: a clock
// that follows real time but can be pushed ahead, a logger that keeps every
// line, settings that point the plugin at a running ascenda-sim, and a
// HostServices whose scheduler runs tasks only when the test says so.
//
// Thread-safe where noted; otherwise one owner per test.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "ascenda/settings/ascenda_settings.h"
#include "rewards/host_services.h"
#include "simulator/sim_harness.h"
#include "support/end_to_end_host.h"
#include "support/manual_scheduler.h"
#include "support/offset_clock.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace ascenda::test {

using testsupport::ManualScheduler;
using testsupport::OffsetClock;
using testsupport::SimPort;
using testsupport::SimSettingValues;

// Keeps every line, with its level. Thread-safe.
class CapturingLogger : public rewards::Logger {
 public:
  void Log(rewards::LogLevel level, std::string_view message) noexcept override;
  bool Enabled(rewards::LogLevel) const noexcept override { return true; }

  std::vector<std::string> Lines() const;
  // Lines containing `text`.
  int Count(const std::string& text) const;
  bool Contains(const std::string& text) const { return Count(text) > 0; }

 private:
  mutable std::mutex mu_;
  std::vector<std::string> lines_;
};

// AscendaSettings for the sim (test-client / test-secret, the test CA,
// every fixture currency priced at 0.01, short timeouts); SimSettingValues
// (support/end_to_end_host.h) holds the same as host-style setting values.
AscendaSettings SimSettings(const simtest::SimHarness& sim);

// A field of GET /control/stats.
std::int64_t SimStat(simtest::SimHarness& sim, const std::string& field);

// Adds a scripted fault through the control API; throws unless accepted.
void AddFault(simtest::SimHarness& sim, const std::string& op, const std::string& fault,
              int count = 1, int delay_ms = 0);

// ascenda-sim serving a certificate the test CA may not vouch for (so
// SimHarness, which waits for a verified answer, cannot start it). Ready
// once its control API answers.
class CustomCertSim {
 public:
  static std::unique_ptr<CustomCertSim> Start(const std::string& cert_file,
                                              const std::string& key_file);
  const std::string& port() const { return port_; }
  std::int64_t Stat(const std::string& field) const;

 private:
  CustomCertSim() = default;
  testsupport::TempDir dir_;
  std::unique_ptr<testsupport::ChildProcess> process_;
  std::string port_;
  std::string control_base_;
};

// A Settings with change notification driven by the test. Thread-safe.
class TestSettings : public rewards::Settings {
 public:
  explicit TestSettings(std::map<std::string, std::string> values);
  rewards::SettingsValues Current() const noexcept override;
  rewards::SubscriptionId Subscribe(
      std::function<void(const rewards::SettingsValues&)> on_change) noexcept override;
  void Unsubscribe(rewards::SubscriptionId id) noexcept override;
  // Stores `changes` over the current values and notifies subscribers.
  void Change(const std::map<std::string, std::string>& changes);

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::string> values_;
  std::map<rewards::SubscriptionId, std::function<void(const rewards::SettingsValues&)>> subs_;
  rewards::SubscriptionId next_ = 1;
};

// HostServices for a provider under test: database, ledger and router are
// refusing stubs (the catalogue needs none of them).
class TestHost : public rewards::HostServices {
 public:
  explicit TestHost(std::map<std::string, std::string> settings);
  ~TestHost() override;

  rewards::Logger& logger() noexcept override { return logger_; }
  rewards::Settings& settings() noexcept override { return settings_; }
  rewards::Database& database() noexcept override;
  rewards::PointsLedger& ledger() noexcept override;
  rewards::HttpRouter& router() noexcept override;
  rewards::Clock& clock() noexcept override { return clock_; }
  rewards::Scheduler& scheduler() noexcept override { return scheduler_; }

  CapturingLogger& log() { return logger_; }
  TestSettings& test_settings() { return settings_; }
  OffsetClock& test_clock() { return clock_; }
  ManualScheduler& test_scheduler() { return scheduler_; }

 private:
  class Stubs;
  CapturingLogger logger_;
  TestSettings settings_;
  OffsetClock clock_;
  ManualScheduler scheduler_;
  std::unique_ptr<Stubs> stubs_;
};

}  // namespace ascenda::test
