#include "redemption/redemption_rows.h"

#include <Poco/Data/DataException.h>

namespace ascenda::redemption_rows {

namespace {

template <typename T, typename U>
Poco::Nullable<T> Maybe(const std::optional<U>& v) {
  return v ? Poco::Nullable<T>(static_cast<T>(*v)) : Poco::Nullable<T>();
}

Poco::Nullable<std::string> NonEmpty(const std::string& s) {
  return s.empty() ? Poco::Nullable<std::string>() : Poco::Nullable<std::string>(s);
}

template <typename T>
std::optional<std::int64_t> Opt(const Poco::Nullable<T>& v) {
  if (v.isNull()) return std::nullopt;
  return static_cast<std::int64_t>(v.value());
}

std::optional<std::string> OptText(const Poco::Nullable<std::string>& v) {
  if (v.isNull()) return std::nullopt;
  return v.value();
}

}  // namespace

const DialectSql& SqlFor(rewards::SqlDialect dialect) {
  // SQLite: RunInTransaction's BEGIN IMMEDIATE already serialises writers,
  // so a read inside it is as good as a lock and SQLite has no FOR UPDATE.
  static const DialectSql kSQLite{"", "", nullptr};
  static const DialectSql kPostgreSQL{
      " FOR UPDATE", " FOR UPDATE SKIP LOCKED",
      "SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)"};
  return dialect == rewards::SqlDialect::kSQLite ? kSQLite : kPostgreSQL;
}

const char* const kColumns =
    "id, reference_id, member_id, idempotency_key, request_fingerprint, gift_card_id, "
    "gift_card_name, logo_url, denomination, currency, points, email, first_name, last_name, "
    "phone_number, state, item_status, order_id, submit_attempts, reconcile_checks, "
    "failure_code, failure_reason, next_check_at, lease_owner, lease_until, created_at, "
    "updated_at, terminal_at, refunded_at, delivery_ciphertext, delivery_key_id, version, "
    "uncertain, rejected_at, last_attempt_at";

std::string Placeholders(int first, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    if (i > 0) out += ", ";
    out += "$" + std::to_string(first + i);
  }
  return out;
}

Row ToRow(const RedemptionRecord& r) {
  const RedemptionFacts& f = r.facts;
  Row row;
  row.id = r.id;
  row.reference_id = r.reference_id;
  row.member_id = r.member.id;
  row.idempotency_key = r.idempotency_key;
  row.request_fingerprint = r.request_fingerprint;
  row.gift_card_id = r.gift_card_id;
  row.gift_card_name = r.gift_card_name;
  row.logo_url = r.logo_url;
  row.denomination = r.denomination;
  row.currency = r.currency;
  row.points = r.points;
  row.email = r.member.email;
  row.first_name = r.member.first_name;
  row.last_name = r.member.last_name;
  row.phone_number = r.member.phone_number;
  row.state = StateName(f.state);
  if (f.item_status) row.item_status = std::string(ItemStatusName(*f.item_status));
  row.order_id = NonEmpty(f.order_id);
  row.submit_attempts = f.submit_attempts;
  row.reconcile_checks = f.reconcile_checks;
  row.failure_code = f.failure_code;
  row.failure_reason = f.failure_reason;
  row.next_check_at = Maybe<Poco::Int64>(f.next_check_at_ms);
  row.lease_owner = NonEmpty(r.lease_owner);
  row.lease_until = Maybe<Poco::Int64>(r.lease_until_ms);
  row.created_at = f.created_at_ms;
  row.updated_at = r.updated_at_ms;
  row.terminal_at = Maybe<Poco::Int64>(r.terminal_at_ms);
  row.refunded_at = Maybe<Poco::Int64>(r.refunded_at_ms);
  row.delivery_ciphertext = Maybe<std::string>(r.delivery_ciphertext);
  row.delivery_key_id = Maybe<std::string>(r.delivery_key_id);
  row.version = r.version;
  row.uncertain = f.uncertain ? 1 : 0;
  row.rejected_at = Maybe<Poco::Int64>(f.rejected_at_ms);
  row.last_attempt_at = Maybe<Poco::Int64>(f.last_attempt_at_ms);
  return row;
}

RedemptionRecord FromRow(const Row& row) {
  RedemptionRecord r;
  r.id = row.id;
  r.reference_id = row.reference_id;
  r.idempotency_key = row.idempotency_key;
  r.request_fingerprint = row.request_fingerprint;
  r.member = {row.member_id, row.email, row.first_name, row.last_name, row.phone_number};
  r.gift_card_id = row.gift_card_id;
  r.gift_card_name = row.gift_card_name;
  r.logo_url = row.logo_url;
  r.denomination = row.denomination;
  r.currency = row.currency;
  r.points = row.points;
  RedemptionFacts& f = r.facts;
  const std::optional<RedemptionState> state = ParseState(row.state);
  if (!state) throw Poco::Data::DataException("unknown redemption state " + row.state);
  f.state = *state;
  if (!row.item_status.isNull()) f.item_status = ParseItemStatus(row.item_status.value());
  f.order_id = row.order_id.isNull() ? std::string() : row.order_id.value();
  f.submit_attempts = static_cast<int>(row.submit_attempts);
  f.reconcile_checks = static_cast<int>(row.reconcile_checks);
  f.failure_code = row.failure_code;
  f.failure_reason = row.failure_reason;
  f.next_check_at_ms = Opt(row.next_check_at);
  f.created_at_ms = row.created_at;
  f.refunded = !row.refunded_at.isNull();
  f.uncertain = row.uncertain != 0;
  f.rejected_at_ms = Opt(row.rejected_at);
  f.last_attempt_at_ms = Opt(row.last_attempt_at);
  r.lease_owner = row.lease_owner.isNull() ? std::string() : row.lease_owner.value();
  r.lease_until_ms = Opt(row.lease_until);
  r.updated_at_ms = row.updated_at;
  r.terminal_at_ms = Opt(row.terminal_at);
  r.refunded_at_ms = Opt(row.refunded_at);
  r.delivery_ciphertext = OptText(row.delivery_ciphertext);
  r.delivery_key_id = OptText(row.delivery_key_id);
  r.version = row.version;
  return r;
}

std::optional<RedemptionRecord> FindForKey(Poco::Data::Session& s, const std::string& member_id,
                                           const std::string& key) {
  std::vector<std::string> probe;
  s << "SELECT request_fingerprint FROM " << kTable
    << " WHERE member_id = $1 AND idempotency_key = $2",
      Poco::Data::Keywords::bind(member_id), Poco::Data::Keywords::bind(key),
      Poco::Data::Keywords::into(probe), Poco::Data::Keywords::now;
  if (probe.empty()) return std::nullopt;
  std::vector<RedemptionRecord> found =
      SelectRecords(s, "member_id = $1 AND idempotency_key = $2", "", member_id, key);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

bool StillStoredAs(Poco::Data::Session& s, const std::string& id, const RedemptionRecord& copy,
                   const char* lock) {
  std::vector<Poco::Int64> versions;
  std::vector<Poco::Nullable<std::string>> owners;
  s << "SELECT version, lease_owner FROM " << kTable << " WHERE id = $1" << lock,
      Poco::Data::Keywords::bind(id), Poco::Data::Keywords::into(versions),
      Poco::Data::Keywords::into(owners), Poco::Data::Keywords::now;
  if (versions.empty() || owners.empty()) return false;
  const std::string owner = owners.front().isNull() ? std::string() : owners.front().value();
  return versions.front() == copy.version && owner == copy.lease_owner;
}

rewards::Status UnknownRedemption(const std::string& id) {
  return rewards::NotFound("unknown_redemption", "no redemption " + id);
}

std::vector<RedemptionRecord> FromRows(const std::vector<Row>& rows) {
  std::vector<RedemptionRecord> out;
  out.reserve(rows.size());
  for (const Row& row : rows) out.push_back(FromRow(row));
  return out;
}

}  // namespace ascenda::redemption_rows
