#include "support/end_to_end_host.h"

#include <Poco/JSON/Array.h>
#include <Poco/URI.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "support/metric_samples.h"
#include "support/paths.h"
#include "support/ports.h"
#include "support/postgres.h"
#include "support/wait_until.h"

namespace testsupport {

namespace {

using JsonPtr = Poco::JSON::Object::Ptr;

std::map<std::string, std::string> FastSettings() {
  return {{"ascenda.submit.backoff_ms", "20"},    {"ascenda.submit.wait_ms", "3000"},
          {"ascenda.reconcile.interval_s", "1"},  {"ascenda.poll.after_s", "1"},
          {"ascenda.timeout.connect_ms", "1000"}, {"ascenda.timeout.request_ms", "1000"}};
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

HostDb ChooseDb(const HostDb& wanted, const std::string& sqlite_file) {
  if (wanted.connector.empty()) return NewHostDb(sqlite_file);
  if (!wanted.connection.empty()) return wanted;
  if (wanted.connector == "sqlite") return {"sqlite", sqlite_file};
  return {wanted.connector, FreshPostgresDatabase()};
}

}  // namespace

std::string JsonQuote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string SimPort(const simtest::SimHarness& sim) {
  return std::to_string(Poco::URI(sim.ApiUrl("/")).getPort());
}

std::map<std::string, std::string> SimSettingValues(const simtest::SimHarness& sim) {
  return {
      {"ascenda.base_url", "https://localhost:" + SimPort(sim)},
      {"ascenda.client_id", "test-client"},
      {"ascenda.client_secret", "test-secret"},
      {"ascenda.tls.ca_file", CertDir() + "/ca.pem"},
      {"ascenda.timeout.connect_ms", "2000"},
      {"ascenda.timeout.request_ms", "5000"},
      {"ascenda.pricing.cpp",
       "USD:0.01,SGD:0.0075,EUR:0.01,AUD:0.01,JPY:1,GBP:0.01,CAD:0.01,HKD:0.05"},
      {"ascenda.webhook.secrets", kSimWebhookSecret},
      {"ascenda.data_key", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="},
  };
}

EndToEndHost::EndToEndHost(simtest::SimHarness& sim, EndToEndOptions options)
    : sim_(sim), wrapper_(options.wrapper) {
  port_ = FreeTcpPort();
  config_ = dir_.File("host.properties");
  std::map<std::string, std::string> settings = SimSettingValues(sim);
  if (options.fast_defaults) {
    for (const auto& [k, v] : FastSettings()) settings[k] = v;
  }
  for (const auto& [k, v] : options.settings) settings[k] = v;
  db_ = ChooseDb(options.db, dir_.File("var/host.db"));
  std::map<std::string, std::string> host = {{"http.port", std::to_string(port_)},
                                             {"db.connector", db_.connector},
                                             {"db.connection", db_.connection},
                                             {"plugins.dir", PluginDir()},
                                             {"admin.token", kEndToEndAdminToken},
                                             {"log.file", dir_.File("host.log")},
                                             {"secrets.key_file", dir_.File("var/secrets.key")},
                                             {"clock", options.manual_clock ? "manual" : "system"}};
  for (const auto& [k, v] : FastAuthConfig()) host[k] = v;
  for (const auto& [k, v] : options.host) host[k] = v;
  sessions_ = std::make_unique<MemberSessions>(Url(""));
  std::ofstream out(config_);
  for (const auto& [key, value] : host) out << "host." << key << " = " << value << "\n";
  for (const auto& [key, value] : settings) {
    out << "plugins.ascenda." << key << " = " << value << "\n";
  }
}

EndToEndHost::~EndToEndHost() {
  if (process_) process_->Terminate(5000);
}

void EndToEndHost::StartProcess() {
  std::vector<std::string> args = {"--config=" + config_};
  std::string exe = BinaryPath("loyalty-host");
  if (!wrapper_.empty()) {
    args.insert(args.begin(), exe);
    args.insert(args.begin(), wrapper_.begin() + 1, wrapper_.end());
    exe = wrapper_.front();
  }
  process_ =
      ChildProcess::Start(exe, args, dir_.File("stdout-" + std::to_string(++starts_) + ".log"));
}

int EndToEndHost::pid() const { return process_ ? static_cast<int>(process_->pid()) : 0; }

void EndToEndHost::Start() {
  StartProcess();
  WaitReady();
}

void EndToEndHost::WaitHealthy() {
  if (!WaitForHttp(Url("/healthz"), 15000)) {
    throw std::runtime_error("loyalty-host did not start:\n" + ProcessOutput() + Log());
  }
  CheckHostRunsOn(db_, Log());
}

void EndToEndHost::WaitReady() {
  WaitHealthy();
  const bool synced = WaitUntil(
      [&] { return HttpCall("GET", Url("/api/gift-cards/" + simtest::kUsdCard)).status == 200; },
      std::chrono::seconds(15), std::chrono::milliseconds(20));
  if (!synced) throw std::runtime_error("the catalogue did not sync:\n" + Log());
}

void EndToEndHost::Kill() {
  if (!process_) return;
  process_->Kill(SIGKILL);
  process_->Wait();
  process_.reset();
}

void EndToEndHost::Pause() {
  if (process_) process_->Kill(SIGSTOP);
}

void EndToEndHost::Resume() {
  if (process_) process_->Kill(SIGCONT);
}

std::string EndToEndHost::Url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

std::string EndToEndHost::Log() const { return ReadFile(dir_.File("host.log")); }

std::string EndToEndHost::ProcessOutput() const { return process_ ? process_->Log() : ""; }

void EndToEndHost::SetWebhooks(bool enabled) {
  HttpReply r = sim_.Control("POST", "/control/webhook-target",
                             "{\"url\":" + JsonQuote(Url("/webhooks/ascenda")) +
                                 ",\"secret\":" + JsonQuote(kSimWebhookSecret) +
                                 ",\"enabled\":" + (enabled ? "true" : "false") + "}");
  if (r.status != 200) throw std::runtime_error("webhook target refused: " + r.body);
}

void EndToEndHost::Advance(int seconds) {
  HttpReply r =
      Admin("POST", "/admin/clock/advance", "{\"seconds\":" + std::to_string(seconds) + "}");
  if (r.status != 200) throw std::runtime_error("advance refused: " + r.body);
}

void EndToEndHost::AdvanceAndReconcile(int seconds, int timeout_ms) {
  const auto ticks = [this] {
    HttpReply r = HttpCall("GET", Url("/metrics"), "", {});
    if (r.status != 200) throw std::runtime_error("GET /metrics: " + std::to_string(r.status));
    const MetricSamples samples = ParseMetricSamples(r.body);
    const auto found = samples.find("ascenda_reconciler_ticks_total");
    return found == samples.end() ? -1.0 : found->second;
  };
  const double before = ticks();
  if (before < 0) throw std::runtime_error("no ascenda_reconciler_ticks_total on /metrics");
  Advance(seconds);
  if (!WaitUntil([&] { return ticks() >= before + 1; }, std::chrono::milliseconds(timeout_ms),
                 std::chrono::milliseconds(10))) {
    throw std::runtime_error("no reconciler pass ended within " + std::to_string(timeout_ms) +
                             " ms of the clock's move");
  }
}

HttpReply EndToEndHost::Admin(const std::string& method, const std::string& path,
                              const std::string& body) {
  return HttpCall(method, Url(path), body,
                  {{"Authorization", std::string("Bearer ") + kEndToEndAdminToken},
                   {"Content-Type", "application/json"}});
}

void EndToEndHost::ChangeSettings(const std::map<std::string, std::string>& values) {
  std::string body = "{";
  for (const auto& [k, v] : values) {
    if (body.size() > 1) body += ",";
    body += JsonQuote(k) + ":" + JsonQuote(v);
  }
  body += "}";
  HttpReply reply = Admin("PUT", "/admin/plugins/ascenda/settings", body);
  if (reply.status != 200) {
    throw std::runtime_error("settings refused: " + std::to_string(reply.status) + " " +
                             reply.body);
  }
}

void EndToEndHost::CreateMember(const std::string& id, std::int64_t points, bool with_phone) {
  std::string body =
      "{\"id\":" + JsonQuote(id) + ",\"email\":" + JsonQuote(id + "@example.com") +
      ",\"first_name\":\"Test\",\"last_name\":\"Member\",\"points\":" + std::to_string(points) +
      ",\"password\":" + JsonQuote(kMemberPassword);
  if (with_phone) body += ",\"phone_number\":\"+6591234567\"";
  body += "}";
  HttpReply reply = Admin("POST", "/admin/members", body);
  if (reply.status != 201) {
    throw std::runtime_error("member not created: " + std::to_string(reply.status) + " " +
                             reply.body);
  }
}

std::int64_t EndToEndHost::Balance(const std::string& member_id) {
  HttpReply reply = HttpCall("GET", Url("/api/members/" + member_id), "", MemberHeaders(member_id));
  if (reply.status != 200) throw std::runtime_error("no member: " + reply.body + reply.error);
  return simtest::Json(reply)->getValue<std::int64_t>("balance");
}

HttpReply EndToEndHost::Redeem(const std::string& member_id, const std::string& card,
                               const std::string& denomination, const std::string& currency,
                               std::int64_t expected_points, const std::string& key) {
  const std::string body =
      "{\"member_id\":" + JsonQuote(member_id) + ",\"gift_card_id\":" + JsonQuote(card) +
      ",\"denomination\":" + JsonQuote(denomination) + ",\"currency\":" + JsonQuote(currency) +
      ",\"expected_points\":" + std::to_string(expected_points) +
      ",\"idempotency_key\":" + JsonQuote(key) + "}";
  return HttpCall("POST", Url("/api/redemptions"), body, MemberHeaders(member_id), "", 30000);
}

JsonPtr EndToEndHost::RedeemUsdCard(const std::string& member_id, const std::string& key,
                                    const std::string& denomination) {
  // USD at 0.01 per point: 100 points per dollar, denominations are "D.CC".
  const std::int64_t points = std::stoll(denomination.substr(0, denomination.find('.'))) * 100;
  HttpReply r = Redeem(member_id, simtest::kUsdCard, denomination, "USD", points, key);
  if (r.status != 201) throw std::runtime_error("redeem: " + std::to_string(r.status) + r.body);
  return simtest::Json(r);
}

HttpReply EndToEndHost::Get(const std::string& redemption_id, const std::string& member_id) {
  return HttpCall("GET", Url("/api/redemptions/" + redemption_id + "?member_id=" + member_id), "",
                  MemberHeaders(member_id));
}

std::map<std::string, std::string> EndToEndHost::MemberHeaders(const std::string& member_id) {
  return sessions_->Headers(member_id);
}

std::string EndToEndHost::MemberToken(const std::string& member_id) {
  return sessions_->Token(member_id);
}

JsonPtr EndToEndHost::WaitForStatus(const std::string& redemption_id, const std::string& member_id,
                                    const std::string& status, int timeout_ms) {
  JsonPtr last;
  WaitUntil(
      [&] {
        HttpReply reply = Get(redemption_id, member_id);
        if (reply.status != 200) return false;
        last = simtest::Json(reply);
        return last->getValue<std::string>("status") == status;
      },
      std::chrono::milliseconds(timeout_ms), std::chrono::milliseconds(25));
  return last;
}

JsonPtr EndToEndHost::WaitForState(const std::string& redemption_id, const std::string& state,
                                   int timeout_ms) {
  JsonPtr found;
  WaitUntil(
      [&] {
        HttpReply r = Admin("GET", "/admin/redemptions?status=" + state + "&page_size=100");
        if (r.status != 200) return false;
        auto data = simtest::Json(r)->getArray("data");
        for (std::size_t i = 0; i < data->size(); ++i) {
          if (data->getObject(i)->getValue<std::string>("id") == redemption_id) {
            found = data->getObject(i);
            return true;
          }
        }
        return false;
      },
      std::chrono::milliseconds(timeout_ms), std::chrono::milliseconds(25));
  return found;
}

std::int64_t CreateAttempts(simtest::SimHarness& sim, const std::string& reference_id) {
  return sim.Reference(reference_id)->getValue<std::int64_t>("create_attempts");
}

bool OrderExists(simtest::SimHarness& sim, const std::string& reference_id) {
  JsonPtr ref = sim.Reference(reference_id);
  return ref->has("order") && !ref->isNull("order");
}

}  // namespace testsupport
