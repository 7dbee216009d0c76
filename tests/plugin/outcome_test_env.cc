#include "outcome_test_env.h"

#include <Poco/Data/Session.h>
#include <Poco/UUIDGenerator.h>

#include <stdexcept>

#include "ascenda/webhook/webhook_signature.h"
#include "migrated_host_db.h"
#include "support/postgres.h"

namespace ascenda::test {

namespace {

using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

std::string Text(const std::string& s) { return s.empty() ? "null" : "\"" + s + "\""; }

}  // namespace

OutcomeDb::OutcomeDb(const std::string& dialect, const testsupport::TempDir& dir,
                     ManualClock& clock, rewards::Logger* logger) {
  sqlite_file_ = dir.File("outcome.db");
  const std::string connection =
      dialect == "sqlite" ? sqlite_file_ : testsupport::FreshPostgresDatabase();
  auto db = OpenMigratedHostDb(dialect, connection, 24);
  if (!db.ok()) throw std::runtime_error(db.status().ToString());
  db_ = std::move(db).value();
  rewards::Status keys = keys_.Update(kDataKey);
  if (!keys.ok()) throw std::runtime_error(keys.ToString());
  ledger_ = std::make_unique<loyalty::HostPointsLedger>(clock);
  members_ = std::make_unique<loyalty::MemberStore>(*db_, *ledger_, clock);
  store_ = std::make_unique<RedemptionStore>(*db_, *ledger_, clock, keys_.Sealing(logger));
}

void OutcomeDb::AddMember(const std::string& id, std::int64_t points) {
  loyalty::NewMember m;
  m.profile = {id, id + "@example.com", "Jane", "Doe", "+6591234567"};
  m.points = points;
  auto created = members_->Create(m);
  if (!created.ok()) throw std::runtime_error(created.status().ToString());
}

std::int64_t OutcomeDb::Balance(const std::string& member) {
  auto session = db_->Session();
  auto b = ledger_->Balance(session.value(), member);
  if (!b.ok()) throw std::runtime_error(b.status().ToString());
  return b.value();
}

std::int64_t OutcomeDb::Count(const std::string& sql, const std::string& arg) {
  auto session = db_->Session();
  Poco::Int64 n = -1;
  std::string a = arg;
  if (arg.empty()) {
    session.value() << sql, into(n), now;
  } else {
    session.value() << sql, bind(a), into(n), now;
  }
  return n;
}

RedemptionRecord OutcomeDb::Reserve(const std::string& member, std::int64_t points) {
  NewRedemption n;
  n.ids = NewRedemptionIds();
  n.request.member = {member, member + "@example.com", "Jane", "Doe", "+6591234567"};
  n.request.gift_card_id = "card-1";
  n.request.denomination = "50.00";
  n.request.currency = "USD";
  n.request.expected_points = points;
  n.request.idempotency_key = NewEventId();
  n.points = points;
  n.gift_card_name = "Amazon.com Gift Card";
  n.logo_url = "https://cdn.example.com/amazon.png";
  auto r = store_->Reserve(n);
  if (!r.ok()) throw std::runtime_error(r.status().ToString());
  return r.value().record;
}

std::string EventBody(const EventSpec& s) {
  std::string errors = "[";
  for (std::size_t i = 0; i < s.errors.size(); ++i) {
    if (i > 0) errors += ",";
    errors += "{\"code\":\"" + s.errors[i].first + "\",\"message\":\"" + s.errors[i].second + "\"}";
  }
  errors += "]";
  return "{\"id\":\"" + s.event_id +
         "\",\"type\":\"order_item.updated\",\"created_at\":\"2027-01-15T08:00:00Z\","
         "\"data\":{\"order\":{\"id\":\"" +
         s.order_id + "\",\"reference_id\":\"" + s.reference_id +
         "\",\"status\":\"processing\",\"created_at\":\"2027-01-15T08:00:00Z\","
         "\"updated_at\":\"2027-01-15T08:00:01Z\",\"order_items\":[{\"id\":\"item-1\","
         "\"type\":\"gift_card\",\"status\":\"" +
         s.item_status + "\",\"errors\":" + errors +
         ",\"data\":{\"gift_card_id\":\"card-1\",\"name\":\"Amazon.com Gift Card\","
         "\"denomination\":\"50.00\",\"currency\":\"USD\",\"code\":" +
         Text(s.code) + ",\"pin\":" + Text(s.pin) + ",\"url\":" + Text(s.url) +
         ",\"expires_at\":" + Text(s.expires_at) + "}}]}}}";
}

std::string NewEventId() {
  return Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
}

rewards::HttpRequest WebhookRequest(const std::string& body, const std::string& signature) {
  rewards::HttpRequest r;
  r.method = "POST";
  r.path = "/webhooks/ascenda";
  r.headers["content-type"] = "application/json";
  if (!signature.empty()) r.headers["x-ascenda-signature"] = signature;
  r.body = body;
  r.remote_address = "127.0.0.1";
  return r;
}

rewards::HttpRequest SignedRequest(const std::string& body, std::int64_t t,
                                   const std::string& secret) {
  return WebhookRequest(body, SignWebhook(secret, t, body));
}

std::int64_t UnixSeconds(const rewards::Clock& clock) {
  return std::chrono::duration_cast<std::chrono::seconds>(clock.Now().time_since_epoch()).count();
}

}  // namespace ascenda::test
