#include "ascenda/redemption/redemption_store.h"

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>

#include <optional>

#include "ascenda/log/structured_log.h"
#include "ascenda/metrics/plugin_metrics.h"
#include "ascenda/redemption/request_fingerprint.h"
#include "redemption/redemption_rows.h"

namespace ascenda {

namespace {

namespace rows = redemption_rows;
using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Session = Poco::Data::Session;

using rows::kTable;
using rows::SelectRecords;

std::string Memo(const char* what, const NewRedemption& n) {
  return std::string(what) + ": " + n.gift_card_name + " " + n.request.denomination + " " +
         n.request.currency;
}

RedemptionRecord FreshRecord(const NewRedemption& n, std::string fingerprint, std::int64_t now_ms) {
  RedemptionRecord r;
  r.id = n.ids.id;
  r.reference_id = n.ids.reference_id;
  r.idempotency_key = n.request.idempotency_key;
  r.request_fingerprint = std::move(fingerprint);
  r.member = n.request.member;
  r.gift_card_id = n.request.gift_card_id;
  r.gift_card_name = n.gift_card_name;
  r.logo_url = n.logo_url;
  r.denomination = n.request.denomination;
  r.currency = n.request.currency;
  r.points = n.points;
  r.facts.state = RedemptionState::kReserved;
  r.facts.created_at_ms = now_ms;
  r.facts.next_check_at_ms = now_ms;  // due as soon as no lease holds it
  if (!n.lease_owner.empty() && n.lease.count() > 0) {
    r.lease_owner = n.lease_owner;
    r.lease_until_ms = now_ms + n.lease.count();
  }
  r.updated_at_ms = now_ms;
  return r;
}

void Insert(Session& tx, const RedemptionRecord& r) {
  const rows::Row row = rows::ToRow(r);
  tx << "INSERT INTO " << kTable << " (" << rows::kColumns << ") VALUES ("
     << rows::Placeholders(1, static_cast<int>(rows::Row::kFieldCount)) << ")",
      bind(row), now;
}

// Writes what Apply may change, if the row is still at `expected_version`.
std::size_t Update(Session& tx, const RedemptionRecord& r, std::int64_t expected_version) {
  const rows::Row row = rows::ToRow(r);
  const Poco::Int64 expected = expected_version;
  Poco::Data::Statement update(tx);
  update << "UPDATE " << kTable
         << " SET state = $1, item_status = $2, order_id = $3, submit_attempts = $4, "
            "reconcile_checks = $5, failure_code = $6, failure_reason = $7, "
            "next_check_at = $8, updated_at = $9, terminal_at = $10, refunded_at = $11, "
            "delivery_ciphertext = $12, delivery_key_id = $13, "
            "version = $14, uncertain = $15, rejected_at = $16, last_attempt_at = $17, "
            "lease_owner = $18, lease_until = $19 "
            "WHERE id = $20 AND version = $21",
      bind(row.state), bind(row.item_status), bind(row.order_id), bind(row.submit_attempts),
      bind(row.reconcile_checks), bind(row.failure_code), bind(row.failure_reason),
      bind(row.next_check_at), bind(row.updated_at), bind(row.terminal_at), bind(row.refunded_at),
      bind(row.delivery_ciphertext), bind(row.delivery_key_id), bind(row.version),
      bind(row.uncertain), bind(row.rejected_at), bind(row.last_attempt_at), bind(row.lease_owner),
      bind(row.lease_until), bind(row.id), bind(expected);
  return update.execute();
}

// Gives `owner`'s lease of row `id` up inside `tx`; `record` follows it.
bool ReleaseIn(Session& tx, const std::string& id, const std::string& owner,
               RedemptionRecord* record) {
  Poco::Data::Statement release(tx);
  release << "UPDATE " << kTable
          << " SET lease_owner = NULL, lease_until = NULL, version = version + 1 "
             "WHERE id = $1 AND lease_owner = $2",
      bind(id), bind(owner);
  if (release.execute() != 1) return false;
  record->lease_owner.clear();
  record->lease_until_ms.reset();
  ++record->version;
  return true;
}

void AppendHistory(Session& tx, const std::string& id, std::int64_t at_ms, const std::string& from,
                   const std::string& to, const std::string& event, const std::string& note) {
  const Poco::Int64 at = at_ms;
  tx << "INSERT INTO ascenda_redemption_history (redemption_id, at, from_state, to_state, "
        "event, note) VALUES ($1, $2, $3, $4, $5, $6)",
      bind(id), bind(at), bind(from), bind(to), bind(event), bind(note), now;
}

}  // namespace

RedemptionStore::RedemptionStore(rewards::Database& db, rewards::PointsLedger& ledger,
                                 const rewards::Clock& clock, DeliverySealing sealing)
    : db_(db), ledger_(ledger), clock_(clock), sealing_(std::move(sealing)) {}

std::int64_t RedemptionStore::LeaseNowMs(Session& tx) const {
  const char* sql = rows::SqlFor(db_.dialect()).lease_now;
  if (sql == nullptr) return NowMs();
  Poco::Int64 now_ms = 0;
  tx << sql, into(now_ms), now;
  return now_ms;
}

std::int64_t RedemptionStore::NowMs() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Now().time_since_epoch())
      .count();
}

rewards::Result<ReserveOutcome> RedemptionStore::Reserve(const NewRedemption& n) noexcept {
  try {
    if (n.ids.id.empty() || n.ids.reference_id.empty() || n.points <= 0 ||
        n.request.idempotency_key.empty() || n.request.member.id.empty()) {
      return rewards::InvalidArgument("invalid_redemption",
                                      "ids, member, idempotency key and points are required");
    }
    const RedemptionRecord fresh = FreshRecord(n, RequestFingerprint(n.request), NowMs());
    const std::string& member = n.request.member.id;
    ReserveOutcome out;
    // May run more than once (a unique race on PostgreSQL): each run starts
    // from the idempotency lookup, so a racing twin's row is found then.
    rewards::Status s = db_.RunInTransaction([&](Session& tx) -> rewards::Status {
      out = ReserveOutcome{};
      // The (member, key) seen before: replayed, or a conflict.
      auto seen = [&]() -> std::optional<rewards::Status> {
        std::optional<RedemptionRecord> found =
            rows::FindForKey(tx, member, n.request.idempotency_key);
        if (!found) return std::nullopt;
        if (found->request_fingerprint != fresh.request_fingerprint) {
          return rewards::Status(rewards::StatusCode::kConflict, "conflict",
                                 "this idempotency key was used for a different request");
        }
        out.record = std::move(*found);
        out.replayed = true;
        return rewards::Status::Ok();
      };
      if (std::optional<rewards::Status> replay = seen()) return *replay;
      rewards::Result<rewards::LedgerEntry> debit = ledger_.Debit(
          tx, member, n.points, "ascenda:debit:" + fresh.id, Memo("Ascenda gift card", n));
      if (!debit.ok()) {
        // Any other failure may have aborted the transaction (PostgreSQL):
        // answer it as it is, so a retryable one reruns the whole transaction.
        if (debit.status().error() != "insufficient_points") return debit.status();
        // On PostgreSQL a twin with the same key may have committed while the
        // debit waited for the member's row (and spent the balance): its row
        // is visible now and is the answer, not "insufficient_points". (An
        // insufficient balance is a refused UPDATE, not a failed statement.)
        if (std::optional<rewards::Status> replay = seen()) return *replay;
        return debit.status();
      }
      if (debit->replayed) {
        return rewards::Internal("a debit exists for redemption " + fresh.id + " without its row");
      }
      RedemptionRecord row = fresh;
      if (row.lease_until_ms) row.lease_until_ms = LeaseNowMs(tx) + n.lease.count();
      Insert(tx, row);
      AppendHistory(tx, row.id, row.facts.created_at_ms, "", StateName(row.facts.state), "reserved",
                    "points debited");
      out.record = std::move(row);
      return rewards::Status::Ok();
    });
    if (!s.ok()) return s;
    if (metrics_ && !out.replayed) metrics_->RedemptionStarted();
    if (log_ && !out.replayed) {
      log_->Log(rewards::LogLevel::kInfo, "ascenda: redemption reserved",
                {{"redemption_id", out.record.id},
                 {"reference_id", out.record.reference_id},
                 {"state", StateName(out.record.facts.state)},
                 {"points", std::to_string(out.record.points)}});
    }
    return out;
  } catch (const std::exception& e) {
    return rewards::Internal(std::string("reserve: ") + e.what());
  } catch (...) {
    return rewards::Internal("reserve failed");
  }
}

rewards::Result<ApplyOutcome> RedemptionStore::Apply(const std::string& redemption_id,
                                                     const RedemptionEvent& event,
                                                     const RedemptionPolicy& policy,
                                                     const std::string& release_owner,
                                                     const RedemptionRecord* held) noexcept {
  try {
    const std::int64_t now_ms = NowMs();
    const char* lock = rows::SqlFor(db_.dialect()).lock_row;
    ApplyOutcome out;
    RedemptionState was = RedemptionState::kReserved;  // for metrics
    rewards::Status s = db_.RunInTransaction([&](Session& tx) -> rewards::Status {
      out = ApplyOutcome{};
      std::vector<RedemptionRecord> found;
      const RedemptionRecord* current = nullptr;
      if (held != nullptr && held->id == redemption_id &&
          rows::StillStoredAs(tx, redemption_id, *held, lock)) {
        current = held;  // nothing wrote the row since the caller's copy
      } else {
        found = SelectRecords(tx, "id = $1", lock, redemption_id);
        if (found.empty()) return rows::UnknownRedemption(redemption_id);
        current = &found.front();
      }
      const RedemptionRecord& before = *current;
      was = before.facts.state;
      out.decision = Decide(before.facts, event, policy, now_ms);
      out.record = before;
      const bool release = !release_owner.empty() && before.lease_owner == release_owner &&
                           out.decision.next_step == NextStep::kNone;
      if (!out.decision.changed) {
        if (release) out.released = ReleaseIn(tx, before.id, release_owner, &out.record);
        return rewards::Status::Ok();
      }
      RedemptionRecord after = before;
      if (release) {  // written by the Update below
        after.lease_owner.clear();
        after.lease_until_ms.reset();
        out.released = true;
      }
      after.facts = out.decision.after;
      after.updated_at_ms = now_ms;
      after.version = before.version + 1;
      SealDelivery(out.decision, &after);
      if (after.facts.state != before.facts.state && IsTerminal(after.facts.state)) {
        after.terminal_at_ms = now_ms;
      }
      if (out.decision.refund) {
        rewards::Result<rewards::LedgerEntry> credit =
            ledger_.Credit(tx, before.member.id, before.points, "ascenda:refund:" + before.id,
                           "Ascenda refund: " + before.gift_card_name + " " + before.denomination +
                               " " + before.currency);
        if (!credit.ok()) return credit.status();
        after.refunded_at_ms = now_ms;
      }
      if (Update(tx, after, before.version) != 1) {
        return rewards::Status(rewards::StatusCode::kUnavailable, "concurrent_update",
                               "redemption " + before.id + " changed under a lock");
      }
      if (after.facts.state != before.facts.state) {
        AppendHistory(tx, before.id, now_ms, StateName(before.facts.state),
                      StateName(after.facts.state), EventKindName(event.kind), out.decision.note);
      }
      out.record = after;
      return rewards::Status::Ok();
    });
    if (!s.ok()) return s;
    if (metrics_ && out.decision.changed) {
      metrics_->RedemptionMoved(StateName(was), StateName(out.record.facts.state),
                                out.decision.refund);
    }
    if (log_ && out.decision.changed && was != out.record.facts.state) {
      log_->Log(rewards::LogLevel::kInfo, "ascenda: redemption state changed",
                {{"redemption_id", out.record.id},
                 {"reference_id", out.record.reference_id},
                 {"order_id", out.record.facts.order_id},
                 {"from_state", StateName(was)},
                 {"state", StateName(out.record.facts.state)},
                 {"attempt", std::to_string(out.record.facts.submit_attempts)},
                 {"refunded", out.decision.refund ? "true" : "false"},
                 {"note", out.decision.note}});
    }
    return out;
  } catch (const std::exception& e) {
    return rewards::Internal(std::string("apply: ") + e.what());
  } catch (...) {
    return rewards::Internal("apply failed");
  }
}

}  // namespace ascenda
