#include "sim_harness.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <thread>

#include "support/paths.h"
#include "support/ports.h"
#include "support/wait_until.h"

namespace simtest {

using testsupport::HttpCall;

std::unique_ptr<SimHarness> SimHarness::Start(const Settings& overrides, bool tls) {
  std::unique_ptr<SimHarness> sim(new SimHarness);
  uint16_t api_port = testsupport::FreeTcpPort();
  uint16_t control_port = testsupport::FreeTcpPort();
  Settings settings = {
      {"sim.http.host", "127.0.0.1"},
      {"sim.http.port", std::to_string(api_port)},
      {"sim.control.port", std::to_string(control_port)},
      {"sim.catalogue", testsupport::SourceDir() + "/examples/ascenda-sim/data/catalogue.json"},
      {"sim.client_id", "test-client"},
      {"sim.client_secret", "test-secret"},
      {"sim.lifecycle.pending_ms", "-1"},
      {"sim.lifecycle.processing_ms", "-1"},
      {"sim.outcome.rate.failed", "0"},
      {"sim.outcome.rate.cancelled", "0"},
      {"sim.webhook.enabled", "false"},
      {"sim.seed", "7"},
      {"sim.log.requests", "true"},
  };
  if (tls) {
    settings["sim.tls.cert"] = testsupport::CertDir() + "/server.pem";
    settings["sim.tls.key"] = testsupport::CertDir() + "/server.key";
    sim->ca_file_ = testsupport::CertDir() + "/ca.pem";
  }
  for (const auto& [key, value] : overrides) settings[key] = value;
  std::string config = sim->dir_.File("sim.properties");
  std::ofstream out(config);
  for (const auto& [key, value] : settings) out << key << " = " << value << "\n";
  out.close();

  sim->api_base_ =
      std::string(tls ? "https" : "http") + "://localhost:" + settings["sim.http.port"];
  sim->control_base_ = "http://127.0.0.1:" + settings["sim.control.port"];
  sim->process_ = testsupport::ChildProcess::Start(
      testsupport::BinaryPath("ascenda-sim"), {"--config=" + config}, sim->dir_.File("sim.log"));
  if (!testsupport::WaitForHttp(sim->ControlUrl("/control/health"), 10000) ||
      !testsupport::WaitForHttp(sim->ApiUrl("/gift_cards"), 10000, sim->ca_file_)) {
    throw std::runtime_error("ascenda-sim did not start:\n" + sim->Log());
  }
  return sim;
}

SimHarness::~SimHarness() = default;

std::string SimHarness::ApiUrl(const std::string& path) const { return api_base_ + path; }

std::string SimHarness::ControlUrl(const std::string& path) const { return control_base_ + path; }

HttpReply SimHarness::Api(const std::string& method, const std::string& path,
                          const std::string& body, std::map<std::string, std::string> headers,
                          int timeout_ms) {
  std::map<std::string, std::string> all = {{"X-Ascenda-Version", "1.3"},
                                            {"Accept", "application/json"}};
  if (!headers.count("Authorization")) all["Authorization"] = "Bearer " + Token();
  for (const auto& [name, value] : headers) all[name] = value;
  for (auto it = all.begin(); it != all.end();) {
    it = it->second.empty() ? all.erase(it) : std::next(it);
  }
  return HttpCall(method, ApiUrl(path), body, all, ca_file_, timeout_ms);
}

HttpReply SimHarness::Control(const std::string& method, const std::string& path,
                              const std::string& body) {
  if (path == "/control/reset") token_.clear();  // reset forgets every token
  return HttpCall(method, ControlUrl(path), body);
}

std::string SimHarness::Token() {
  if (!token_.empty()) return token_;
  HttpReply reply = HttpCall(
      "POST", ApiUrl("/tokens"),
      R"({"client_id":"test-client","client_secret":"test-secret","grant_type":"client_credentials"})",
      {{"Accept", "application/json"}}, ca_file_);
  if (reply.status != 201) {
    throw std::runtime_error("token request failed: " + std::to_string(reply.status) + " " +
                             reply.body + reply.error);
  }
  token_ = Json(reply)->getValue<std::string>("access_token");
  return token_;
}

HttpReply SimHarness::Create(const std::string& reference_id, const std::string& card,
                             const std::string& denomination, const std::string& currency,
                             int timeout_ms) {
  return Api("POST", "/fulfillment_orders/gift_cards",
             CreateBody(reference_id, card, denomination, currency), {}, timeout_ms);
}

Poco::JSON::Object::Ptr SimHarness::Reference(const std::string& reference_id) {
  return Json(Control("GET", "/control/orders/" + reference_id));
}

bool SimHarness::WaitForItemStatus(const std::string& reference_id, const std::string& status,
                                   int timeout_ms) {
  return testsupport::WaitUntil(
      [&] {
        Poco::JSON::Object::Ptr order = Reference(reference_id)->getObject("order");
        return order && ItemStatus(order) == status;
      },
      std::chrono::milliseconds(timeout_ms));
}

std::vector<FixtureCard> LoadFixtureCards() {
  std::ifstream in(testsupport::SourceDir() + "/examples/ascenda-sim/data/catalogue.json");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Poco::JSON::Array::Ptr array = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Array::Ptr>();
  std::vector<FixtureCard> cards;
  for (size_t i = 0; i < array->size(); ++i) {
    Poco::JSON::Object::Ptr o = array->getObject(i);
    FixtureCard card;
    card.id = o->getValue<std::string>("id");
    card.name = o->getValue<std::string>("name");
    card.currency = o->getValue<std::string>("currency");
    Poco::JSON::Array::Ptr categories = o->getArray("categories");
    for (size_t k = 0; k < categories->size(); ++k) {
      card.categories.push_back(categories->getElement<std::string>(k));
    }
    card.in_stock = !o->has("in_stock") || o->getValue<bool>("in_stock");
    cards.push_back(card);
  }
  return cards;
}

std::vector<FixtureCard> ListedFixtureCards() {
  std::vector<FixtureCard> listed;
  for (const FixtureCard& card : LoadFixtureCards()) {
    if (card.in_stock) listed.push_back(card);
  }
  std::sort(listed.begin(), listed.end(), [](const FixtureCard& a, const FixtureCard& b) {
    return a.name != b.name ? a.name < b.name : a.id < b.id;
  });
  return listed;
}

std::string CreateBody(const std::string& reference_id, const std::string& card,
                       const std::string& denomination, const std::string& currency,
                       const std::string& user_extra) {
  return R"({"reference_id":")" + reference_id +
         R"(","transacted_at":"2026-11-26T10:15:30Z","user":{"number":"u-1001","email":"jane@example.com","first_name":"Jane","last_name":"Doe")" +
         user_extra + R"(},"gift_cards":[{"id":")" + card + R"(","denomination":")" + denomination +
         R"(","currency":")" + currency + R"(","quantity":1}]})";
}

Poco::JSON::Object::Ptr Json(const std::string& body) {
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

Poco::JSON::Object::Ptr Json(const HttpReply& reply) { return Json(reply.body); }

std::string ErrorCode(const HttpReply& reply) {
  try {
    Poco::JSON::Array::Ptr errors = Json(reply)->getArray("errors");
    if (!errors || errors->size() == 0) return "";
    return errors->getObject(0)->getValue<std::string>("code");
  } catch (const Poco::Exception&) {
    return "";
  }
}

std::string ItemStatus(const Poco::JSON::Object::Ptr& object) {
  Poco::JSON::Object::Ptr order = object->has("data") ? object->getObject("data") : object;
  return order->getArray("order_items")->getObject(0)->getValue<std::string>("status");
}

}  // namespace simtest
