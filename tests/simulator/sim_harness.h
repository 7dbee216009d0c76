// SimHarness: the real ascenda-sim binary as a child process, with a config
// file written for the test, serving HTTPS with the `certs` fixture's server
// certificate (or plain HTTP when asked), and helpers to call its public API
// and its control API.
//
// Defaults chosen for deterministic tests (each can be overridden):
// items never progress by themselves (sim.lifecycle.*_ms = -1), every item is
// fulfilled (outcome rates 0), no rate limit, no webhooks, fixed seed.
//
// Not thread-safe; one owner per test.
#pragma once

#include <Poco/JSON/Object.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/http_client.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace simtest {

using testsupport::HttpReply;
using Settings = std::map<std::string, std::string>;

// Fixture cards (examples/ascenda-sim/README.md, "Fixture cards").
inline const std::string kUsdCard = "00000000-0000-4000-8000-000000000001";
inline const std::string kJpyCard = "00000000-0000-4000-8000-000000000002";
inline const std::string kPhoneCard = "00000000-0000-4000-8000-000000000003";
inline const std::string kEmailOnlyCard = "00000000-0000-4000-8000-000000000004";
inline const std::string kOutOfStockCard = "00000000-0000-4000-8000-000000000005";
inline const std::string kUrlCard = "00000000-0000-4000-8000-000000000006";

class SimHarness {
 public:
  // Starts the simulator and waits until both APIs answer. Throws
  // std::runtime_error (with the sim's log) when it does not come up.
  static std::unique_ptr<SimHarness> Start(const Settings& overrides = {}, bool tls = true);
  ~SimHarness();

  std::string ApiUrl(const std::string& path) const;
  std::string ControlUrl(const std::string& path) const;
  const std::string& ca_file() const { return ca_file_; }

  // A call to the public API with the headers a correct client sends
  // (X-Ascenda-Version 1.3, Accept, a fresh bearer token); `headers` add to
  // or replace them (an empty value removes one).
  HttpReply Api(const std::string& method, const std::string& path, const std::string& body = "",
                std::map<std::string, std::string> headers = {}, int timeout_ms = 10000);
  // POST /control/reset also forgets the cached token.
  HttpReply Control(const std::string& method, const std::string& path,
                    const std::string& body = "");

  // A token from POST /tokens (cached until Forget()).
  std::string Token();
  void ForgetToken() { token_.clear(); }

  // POST /fulfillment_orders/gift_cards with a valid body for the card.
  HttpReply Create(const std::string& reference_id, const std::string& card = kUsdCard,
                   const std::string& denomination = "50.00", const std::string& currency = "USD",
                   int timeout_ms = 10000);

  // The control API's view of a reference: create_attempts and order (or null).
  Poco::JSON::Object::Ptr Reference(const std::string& reference_id);
  // Polls until item 0 of the order with `reference_id` has `status`.
  bool WaitForItemStatus(const std::string& reference_id, const std::string& status,
                         int timeout_ms = 5000);

  std::string Log() const { return process_ ? process_->Log() : ""; }

 private:
  SimHarness() = default;

  testsupport::TempDir dir_;
  std::unique_ptr<testsupport::ChildProcess> process_;
  std::string api_base_;
  std::string control_base_;
  std::string ca_file_;
  std::string token_;
};

// The catalogue fixture as the tests read it, independently of the sim.
struct FixtureCard {
  std::string id;
  std::string name;
  std::string currency;
  std::vector<std::string> categories;
  bool in_stock = true;
};
// Every card of examples/ascenda-sim/data/catalogue.json, in file order.
std::vector<FixtureCard> LoadFixtureCards();
// The in-stock ones, sorted as the list endpoint sorts (name, then id).
std::vector<FixtureCard> ListedFixtureCards();

// A valid create body; `user_extra` is spliced into the user object.
std::string CreateBody(const std::string& reference_id, const std::string& card,
                       const std::string& denomination, const std::string& currency,
                       const std::string& user_extra = ",\"phone_number\":\"+6591234567\"");

// Parses a JSON object body (throws on anything else).
Poco::JSON::Object::Ptr Json(const std::string& body);
Poco::JSON::Object::Ptr Json(const HttpReply& reply);

// errors[0].code of an error body, or "" when there is none.
std::string ErrorCode(const HttpReply& reply);

// data.order_items[0].status of {"data": <order>} or of an order object.
std::string ItemStatus(const Poco::JSON::Object::Ptr& order);

}  // namespace simtest
