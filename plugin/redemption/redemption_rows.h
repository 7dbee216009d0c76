// Private to the redemption room: how a RedemptionRecord maps to a row of
// ascenda_redemptions (sql/*/001_redemptions.sql, 004_uncertain_attempts.sql), and the little SQL
// text that differs between the dialects.
//
// Row mirrors the table's columns in kColumns order with Poco types (NULL as
// Poco::Nullable); the TypeHandler below lets one Row be bound (INSERT) or
// extracted (SELECT <kColumns>) as a whole: `into(std::vector<Row>)`,
// `bind(row)`. Values are read with the extractor's typed calls, never through
// RecordSet's declared-type guessing. Pure mapping; thread-compatible.
#pragma once

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Data/TypeHandler.h>
#include <Poco/Nullable.h>
#include <Poco/Types.h>

#include <cstddef>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "ascenda/redemption/redemption_record.h"
#include "rewards/database.h"
#include "rewards/status.h"

namespace ascenda::redemption_rows {

// The text that differs per dialect (the only such place in the store).
struct DialectSql {
  const char* lock_row;          // appended to a SELECT of one row to lock it
  const char* lock_skip_locked;  // appended to the due SELECT of LeaseDue
  // The database's own clock in epoch ms, the one clock every node's leases
  // are compared against; nullptr: the host's clock (SQLite: one machine).
  const char* lease_now;
};
const DialectSql& SqlFor(rewards::SqlDialect dialect);

constexpr const char* kTable = "ascenda_redemptions";

// "id, reference_id, ..." — every column, in Row's order.
extern const char* const kColumns;
// "$first, $first+1, ..., $first+count-1".
std::string Placeholders(int first, int count);

struct Row {
  static constexpr std::size_t kFieldCount = 35;

  std::string id, reference_id, member_id, idempotency_key, request_fingerprint;
  std::string gift_card_id, gift_card_name, logo_url, denomination, currency;
  Poco::Int64 points = 0;
  std::string email, first_name, last_name, phone_number;
  std::string state;
  Poco::Nullable<std::string> item_status, order_id;
  Poco::Int64 submit_attempts = 0, reconcile_checks = 0;
  std::string failure_code, failure_reason;
  Poco::Nullable<Poco::Int64> next_check_at;
  Poco::Nullable<std::string> lease_owner;
  Poco::Nullable<Poco::Int64> lease_until;
  Poco::Int64 created_at = 0, updated_at = 0;
  Poco::Nullable<Poco::Int64> terminal_at, refunded_at;
  Poco::Nullable<std::string> delivery_ciphertext, delivery_key_id;
  Poco::Int64 version = 0;
  Poco::Int64 uncertain = 0;
  Poco::Nullable<Poco::Int64> rejected_at, last_attempt_at;

  // Calls f(field) for every field, in kColumns order.
  template <typename R, typename F>
  static void Visit(R& r, F&& f) {
    // clang-format off
    f(r.id); f(r.reference_id); f(r.member_id); f(r.idempotency_key); f(r.request_fingerprint);
    f(r.gift_card_id); f(r.gift_card_name); f(r.logo_url); f(r.denomination); f(r.currency);
    f(r.points); f(r.email); f(r.first_name); f(r.last_name); f(r.phone_number); f(r.state);
    f(r.item_status); f(r.order_id); f(r.submit_attempts); f(r.reconcile_checks);
    f(r.failure_code); f(r.failure_reason); f(r.next_check_at); f(r.lease_owner);
    f(r.lease_until); f(r.created_at); f(r.updated_at); f(r.terminal_at); f(r.refunded_at);
    f(r.delivery_ciphertext); f(r.delivery_key_id); f(r.version); f(r.uncertain);
    f(r.rejected_at); f(r.last_attempt_at);
    // clang-format on
  }
};

Row ToRow(const RedemptionRecord& record);
// kInternal-worthy trouble (an unknown state name) throws Poco::DataException.
RedemptionRecord FromRow(const Row& row);
std::vector<RedemptionRecord> FromRows(const std::vector<Row>& rows);

// kNotFound "unknown_redemption".
rewards::Status UnknownRedemption(const std::string& id);

// `member_id`'s redemption with idempotency key `key`, if there is one. A
// one-column probe first — much cheaper to compile than SelectRecords' 35
// columns — for the common case of a key never seen; the whole row only for
// a key seen before. Throws what Poco throws.
std::optional<RedemptionRecord> FindForKey(Poco::Data::Session& s, const std::string& member_id,
                                           const std::string& key);

// Whether row `id` is stored at `copy`'s version with `copy`'s lease owner
// (false: changed, or no such row), read with `lock` appended
// (SqlFor(...).lock_row). Throws what Poco throws.
bool StillStoredAs(Poco::Data::Session& s, const std::string& id, const RedemptionRecord& copy,
                   const char* lock);

// SELECT <kColumns> FROM ascenda_redemptions WHERE <where><tail>, with `args`
// bound in order ($1, $2, ...). Throws what Poco throws.
template <typename... Args>
std::vector<RedemptionRecord> SelectRecords(Poco::Data::Session& s, const std::string& where,
                                            const std::string& tail, const Args&... args);

}  // namespace ascenda::redemption_rows

namespace Poco::Data {

template <>
class TypeHandler<ascenda::redemption_rows::Row> {
  using Row = ascenda::redemption_rows::Row;

 public:
  static std::size_t size() { return Row::kFieldCount; }

  static void bind(std::size_t pos, const Row& obj, AbstractBinder::Ptr binder,
                   AbstractBinder::Direction dir) {
    Row::Visit(obj, [&](const auto& v) {
      TypeHandler<std::decay_t<decltype(v)>>::bind(pos++, v, binder, dir);
    });
  }

  static void prepare(std::size_t pos, const Row& obj, AbstractPreparator::Ptr preparator) {
    Row::Visit(obj, [&](const auto& v) {
      TypeHandler<std::decay_t<decltype(v)>>::prepare(pos++, v, preparator);
    });
  }

  static void extract(std::size_t pos, Row& obj, const Row&, AbstractExtractor::Ptr extractor) {
    Row::Visit(obj, [&](auto& v) {
      using T = std::decay_t<decltype(v)>;
      TypeHandler<T>::extract(pos++, v, T(), extractor);
    });
  }
};

}  // namespace Poco::Data

namespace ascenda::redemption_rows {

template <typename... Args>
std::vector<RedemptionRecord> SelectRecords(Poco::Data::Session& s, const std::string& where,
                                            const std::string& tail, const Args&... args) {
  std::vector<Row> found;
  Poco::Data::Statement select(s);
  select << "SELECT " << kColumns << " FROM " << kTable << " WHERE " << where << tail;
  (select.addBind(Poco::Data::Keywords::bind(args)), ...);
  select.addExtract(Poco::Data::Keywords::into(found));
  select.execute();
  return FromRows(found);
}

}  // namespace ascenda::redemption_rows
