#include "redeem_host_env.h"

#include <chrono>
#include <csignal>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "ascenda_test_env.h"
#include "support/paths.h"
#include "support/ports.h"

namespace ascenda::test {

namespace {

using testsupport::HttpCall;
using testsupport::HttpReply;

std::map<std::string, std::string> FastSettings() {
  return {{"ascenda.submit.backoff_ms", "20"},    {"ascenda.submit.wait_ms", "3000"},
          {"ascenda.reconcile.interval_s", "1"},  {"ascenda.poll.after_s", "1"},
          {"ascenda.timeout.connect_ms", "1000"}, {"ascenda.timeout.request_ms", "1000"}};
}

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

RedeemHost::RedeemHost(simtest::SimHarness& sim, RedeemHostOptions options) : sim_(sim) {
  port_ = testsupport::FreeTcpPort();
  config_ = dir_.File("host.properties");
  std::map<std::string, std::string> settings = SimSettingValues(sim);
  for (const auto& [k, v] : FastSettings()) settings[k] = v;
  for (const auto& [k, v] : options.settings) settings[k] = v;
  db_ =
      options.db.connector.empty() ? testsupport::NewHostDb(dir_.File("var/host.db")) : options.db;
  std::map<std::string, std::string> host = {{"http.port", std::to_string(port_)},
                                             {"db.connector", db_.connector},
                                             {"db.connection", db_.connection},
                                             {"plugins.dir", testsupport::PluginDir()},
                                             {"admin.token", kRedeemAdminToken},
                                             {"log.file", dir_.File("host.log")},
                                             {"secrets.key_file", dir_.File("var/secrets.key")},
                                             {"clock", options.manual_clock ? "manual" : "system"}};
  for (const auto& [k, v] : testsupport::FastAuthConfig()) host[k] = v;
  for (const auto& [k, v] : options.host) host[k] = v;
  sessions_ = std::make_unique<testsupport::MemberSessions>(Url(""));
  std::ofstream out(config_);
  for (const auto& [key, value] : host) out << "host." << key << " = " << value << "\n";
  for (const auto& [key, value] : settings)
    out << "plugins.ascenda." << key << " = " << value << "\n";
}

RedeemHost::~RedeemHost() {
  if (process_) process_->Terminate(5000);
}

void RedeemHost::StartProcess() {
  process_ = testsupport::ChildProcess::Start(
      testsupport::BinaryPath("loyalty-host"), {"--config=" + config_},
      dir_.File("stdout-" + std::to_string(++starts_) + ".log"));
}

void RedeemHost::Start() {
  StartProcess();
  WaitReady();
}

void RedeemHost::WaitReady() {
  if (!testsupport::WaitForHttp(Url("/healthz"), 15000)) {
    throw std::runtime_error("loyalty-host did not start:\n" + process_->Log() + Log());
  }
  testsupport::CheckHostRunsOn(db_, Log());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (HttpCall("GET", Url("/api/gift-cards/" + simtest::kUsdCard)).status != 200) {
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("the catalogue did not sync:\n" + Log());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void RedeemHost::Kill() {
  if (!process_) return;
  process_->Kill(SIGKILL);
  process_->Wait();
  process_.reset();
}

std::string RedeemHost::Url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

std::string RedeemHost::Log() const {
  std::ifstream in(dir_.File("host.log"));
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

HttpReply RedeemHost::Admin(const std::string& method, const std::string& path,
                            const std::string& body) {
  return HttpCall(method, Url(path), body,
                  {{"Authorization", std::string("Bearer ") + kRedeemAdminToken},
                   {"Content-Type", "application/json"}});
}

void RedeemHost::ChangeSettings(const std::map<std::string, std::string>& values) {
  std::string body = "{";
  for (const auto& [k, v] : values) {
    if (body.size() > 1) body += ",";
    body += Quote(k) + ":" + Quote(v);
  }
  body += "}";
  HttpReply reply = Admin("PUT", "/admin/plugins/ascenda/settings", body);
  if (reply.status != 200) {
    throw std::runtime_error("settings refused: " + std::to_string(reply.status) + " " +
                             reply.body);
  }
}

void RedeemHost::CreateMember(const std::string& id, std::int64_t points, bool with_phone) {
  std::string body =
      "{\"id\":" + Quote(id) + ",\"email\":" + Quote(id + "@example.com") +
      ",\"first_name\":\"Test\",\"last_name\":\"Member\",\"points\":" + std::to_string(points) +
      ",\"password\":" + Quote(testsupport::kMemberPassword);
  if (with_phone) body += ",\"phone_number\":\"+6591234567\"";
  body += "}";
  HttpReply reply = Admin("POST", "/admin/members", body);
  if (reply.status != 201) {
    throw std::runtime_error("member not created: " + std::to_string(reply.status) + " " +
                             reply.body);
  }
}

std::int64_t RedeemHost::Balance(const std::string& member_id) {
  HttpReply reply = HttpCall("GET", Url("/api/members/" + member_id), "", MemberHeaders(member_id));
  if (reply.status != 200) throw std::runtime_error("no member: " + reply.body + reply.error);
  return simtest::Json(reply)->getValue<std::int64_t>("balance");
}

HttpReply RedeemHost::Redeem(const std::string& member_id, const std::string& card,
                             const std::string& denomination, const std::string& currency,
                             std::int64_t expected_points, const std::string& key) {
  const std::string body =
      "{\"member_id\":" + Quote(member_id) + ",\"gift_card_id\":" + Quote(card) +
      ",\"denomination\":" + Quote(denomination) + ",\"currency\":" + Quote(currency) +
      ",\"expected_points\":" + std::to_string(expected_points) +
      ",\"idempotency_key\":" + Quote(key) + "}";
  return HttpCall("POST", Url("/api/redemptions"), body, MemberHeaders(member_id), "", 30000);
}

HttpReply RedeemHost::Get(const std::string& redemption_id, const std::string& member_id) {
  return HttpCall("GET", Url("/api/redemptions/" + redemption_id + "?member_id=" + member_id), "",
                  MemberHeaders(member_id));
}

std::map<std::string, std::string> RedeemHost::MemberHeaders(const std::string& member_id) {
  return sessions_->Headers(member_id);
}

std::string RedeemHost::MemberToken(const std::string& member_id) {
  return sessions_->Token(member_id);
}

Poco::JSON::Object::Ptr RedeemHost::WaitForStatus(const std::string& redemption_id,
                                                  const std::string& member_id,
                                                  const std::string& status, int timeout_ms) {
  Poco::JSON::Object::Ptr last;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  do {
    HttpReply reply = Get(redemption_id, member_id);
    if (reply.status == 200) {
      last = simtest::Json(reply);
      if (last->getValue<std::string>("status") == status) return last;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  } while (std::chrono::steady_clock::now() < deadline);
  return last;
}

std::int64_t CreateAttempts(simtest::SimHarness& sim, const std::string& reference_id) {
  return sim.Reference(reference_id)->getValue<std::int64_t>("create_attempts");
}

bool OrderExists(simtest::SimHarness& sim, const std::string& reference_id) {
  Poco::JSON::Object::Ptr ref = sim.Reference(reference_id);
  return ref->has("order") && !ref->isNull("order");
}

}  // namespace ascenda::test
