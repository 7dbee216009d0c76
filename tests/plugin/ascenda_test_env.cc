#include "ascenda_test_env.h"

#include <Poco/JSON/Object.h>
#include <Poco/URI.h>

#include <fstream>
#include <stdexcept>

#include "support/paths.h"
#include "support/ports.h"

namespace ascenda::test {

void CapturingLogger::Log(rewards::LogLevel level, std::string_view message) noexcept {
  static const char* const kNames[] = {"DEBUG", "INFO", "WARNING", "ERROR"};
  std::lock_guard<std::mutex> lock(mu_);
  lines_.push_back(std::string(kNames[static_cast<int>(level)]) + " " + std::string(message));
}

std::vector<std::string> CapturingLogger::Lines() const {
  std::lock_guard<std::mutex> lock(mu_);
  return lines_;
}

int CapturingLogger::Count(const std::string& text) const {
  std::lock_guard<std::mutex> lock(mu_);
  int n = 0;
  for (const auto& line : lines_) n += line.find(text) != std::string::npos ? 1 : 0;
  return n;
}

AscendaSettings SimSettings(const simtest::SimHarness& sim) {
  AscendaSettings s;
  s.base_url = "https://localhost:" + SimPort(sim);
  s.client_id = "test-client";
  s.client_secret = "test-secret";
  s.tls_ca_file = testsupport::CertDir() + "/ca.pem";
  s.connect_timeout_ms = 2000;
  s.request_timeout_ms = 5000;
  s.cost_per_point = {{"USD", "0.01"}, {"SGD", "0.0075"}, {"EUR", "0.01"}, {"AUD", "0.01"},
                      {"JPY", "1"},    {"GBP", "0.01"},   {"CAD", "0.01"}, {"HKD", "0.05"}};
  return s;
}

std::int64_t SimStat(simtest::SimHarness& sim, const std::string& field) {
  auto reply = sim.Control("GET", "/control/stats");
  if (reply.status != 200) throw std::runtime_error("stats failed: " + reply.error);
  return simtest::Json(reply)->getValue<std::int64_t>(field);
}

void AddFault(simtest::SimHarness& sim, const std::string& op, const std::string& fault, int count,
              int delay_ms) {
  std::string body =
      R"({"op":")" + op + R"(","fault":")" + fault + R"(","count":)" + std::to_string(count);
  if (delay_ms > 0) body += R"(,"delay_ms":)" + std::to_string(delay_ms);
  body += "}";
  auto reply = sim.Control("POST", "/control/faults", body);
  if (reply.status != 201) {
    throw std::runtime_error("fault not accepted: " + std::to_string(reply.status) + " " +
                             reply.body);
  }
}

std::unique_ptr<CustomCertSim> CustomCertSim::Start(const std::string& cert_file,
                                                    const std::string& key_file) {
  std::unique_ptr<CustomCertSim> sim(new CustomCertSim);
  sim->port_ = std::to_string(testsupport::FreeTcpPort());
  const std::string control_port = std::to_string(testsupport::FreeTcpPort());
  sim->control_base_ = "http://127.0.0.1:" + control_port;
  const std::string config = sim->dir_.File("sim.properties");
  std::ofstream out(config);
  out << "sim.http.host = 127.0.0.1\n"
      << "sim.http.port = " << sim->port_ << "\n"
      << "sim.control.port = " << control_port << "\n"
      << "sim.tls.cert = " << cert_file << "\n"
      << "sim.tls.key = " << key_file << "\n"
      << "sim.client_id = test-client\n"
      << "sim.client_secret = test-secret\n"
      << "sim.webhook.enabled = false\n"
      << "sim.seed = 7\n";
  out.close();
  sim->process_ = testsupport::ChildProcess::Start(
      testsupport::BinaryPath("ascenda-sim"), {"--config=" + config}, sim->dir_.File("sim.log"));
  if (!testsupport::WaitForHttp(sim->control_base_ + "/control/health", 10000)) {
    throw std::runtime_error("ascenda-sim did not start:\n" + sim->process_->Log());
  }
  return sim;
}

std::int64_t CustomCertSim::Stat(const std::string& field) const {
  auto reply = testsupport::HttpCall("GET", control_base_ + "/control/stats");
  if (reply.status != 200) throw std::runtime_error("stats failed: " + reply.error);
  return simtest::Json(reply)->getValue<std::int64_t>(field);
}

TestSettings::TestSettings(std::map<std::string, std::string> values)
    : values_(std::move(values)) {}

rewards::SettingsValues TestSettings::Current() const noexcept {
  std::lock_guard<std::mutex> lock(mu_);
  return rewards::SettingsValues(values_);
}

rewards::SubscriptionId TestSettings::Subscribe(
    std::function<void(const rewards::SettingsValues&)> on_change) noexcept {
  std::lock_guard<std::mutex> lock(mu_);
  subs_[next_] = std::move(on_change);
  return next_++;
}

void TestSettings::Unsubscribe(rewards::SubscriptionId id) noexcept {
  std::lock_guard<std::mutex> lock(mu_);
  subs_.erase(id);
}

void TestSettings::Change(const std::map<std::string, std::string>& changes) {
  std::vector<std::function<void(const rewards::SettingsValues&)>> subscribers;
  rewards::SettingsValues values;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [key, value] : changes) values_[key] = value;
    values = rewards::SettingsValues(values_);
    for (const auto& [id, fn] : subs_) subscribers.push_back(fn);
  }
  for (const auto& fn : subscribers) fn(values);
}

class TestHost::Stubs : public rewards::Database,
                        public rewards::PointsLedger,
                        public rewards::HttpRouter {
 public:
  rewards::SqlDialect dialect() const noexcept override { return rewards::SqlDialect::kSQLite; }
  rewards::Result<Poco::Data::Session> Session() noexcept override {
    return rewards::Unimplemented("database in catalogue tests");
  }
  rewards::Status RunInTransaction(
      const std::function<rewards::Status(Poco::Data::Session&)>&) noexcept override {
    return rewards::Unimplemented("database in catalogue tests");
  }
  rewards::Result<rewards::LedgerEntry> Debit(Poco::Data::Session&, const std::string&,
                                              std::int64_t, const std::string&,
                                              const std::string&) noexcept override {
    return rewards::Unimplemented("ledger in catalogue tests");
  }
  rewards::Result<rewards::LedgerEntry> Credit(Poco::Data::Session&, const std::string&,
                                               std::int64_t, const std::string&,
                                               const std::string&) noexcept override {
    return rewards::Unimplemented("ledger in catalogue tests");
  }
  rewards::Result<std::int64_t> Balance(Poco::Data::Session&,
                                        const std::string&) noexcept override {
    return rewards::Unimplemented("ledger in catalogue tests");
  }
  std::size_t MaxBodyBytes() const noexcept override { return 1 << 20; }
  rewards::Status AddRoute(const std::string&, const std::string&,
                           rewards::HttpHandler) noexcept override {
    return rewards::Status::Ok();
  }
};

TestHost::TestHost(std::map<std::string, std::string> settings)
    : settings_(std::move(settings)), stubs_(std::make_unique<Stubs>()) {}

TestHost::~TestHost() = default;

rewards::Database& TestHost::database() noexcept { return *stubs_; }
rewards::PointsLedger& TestHost::ledger() noexcept { return *stubs_; }
rewards::HttpRouter& TestHost::router() noexcept { return *stubs_; }

}  // namespace ascenda::test
