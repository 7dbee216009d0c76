// RedemptionStore: the durable redemptions (table ascenda_redemptions) and
// the only code that writes them, always together with the host's points
// ledger in one transaction:
//
//   Reserve  idempotency check by (member, host key), ledger debit keyed
//            "ascenda:debit:<id>", INSERT of the `reserved` row — all or
//            nothing. Same key and same content (request_fingerprint.h):
//            the existing redemption, replayed = true, nothing debited —
//            also for a twin racing on another connection whose debit found
//            the balance already spent by the first.
//   Apply    lock the row (PostgreSQL SELECT ... FOR UPDATE; SQLite's
//            BEGIN IMMEDIATE already serialises writers), Decide
//            (redemption_transitions.h), write the new facts and, when the
//            decision says refund, the ledger credit keyed
//            "ascenda:refund:<id>" — so concurrent appliers refund once.
//            Delivery data of a fulfilled order (decision.delivery) is
//            sealed with the DeliverySealing's cipher (AES-256-GCM,
//            associated data = the redemption id) into delivery_ciphertext /
//            delivery_key_id in that same transaction. Without a cipher it is
//            dropped (the outcome is kept), never stored in clear, and a
//            warning without values is logged. OpenDelivery reads it back.
//            Each state change (and the first `reserved`) also appends a row
//            to ascenda_redemption_history in that same transaction
//            (History reads them back, oldest first). Given a lease
//            owner, Apply also gives that owner's lease up in the same
//            transaction when the decision asks for no further step (as
//            Release with no next check would): one commit, not two.
//   LeaseDue claims due, non-terminal rows for one reconciler node at a time
//            (PostgreSQL FOR UPDATE SKIP LOCKED; SQLite under BEGIN
//            IMMEDIATE): next_check_at <= now and no live lease (a dead
//            owner's lease lapses at lease_until). reserved / unknown first
//            (crash recovery), then by next_check_at.
//
// Errors: kNotFound "unknown_redemption"; kConflict "conflict" (same key,
// different content); the ledger's kFailedPrecondition "insufficient_points"
// and kNotFound "unknown_member" (nothing written); kInvalidArgument
// "invalid_query" for paging / filters; kFailedPrecondition "lease_lost";
// database failures as the host's Database answers them (kUnavailable is
// retryable).
//
// Time (created_at, next checks) is the injected clock's wall time. Leases
// are the one exception: lease_until is set and compared on one clock for
// every node — the database's own (clock_timestamp() on PostgreSQL; on
// SQLite, one machine, the injected clock) — so nodes whose wall clocks
// disagree never both hold a row. A lease's holder tracks its end by its own
// monotonic clock from the lease's length, never by comparing lease_until.
// Thread-safe and stateless: many threads and many host nodes may call it at
// once. Borrows `db`, `ledger` and `clock`; they must outlive the store.
#pragma once

#include <Poco/Data/Session.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ascenda/crypto/delivery_cipher.h"
#include "ascenda/redemption/redemption_policy.h"
#include "ascenda/redemption/redemption_record.h"
#include "ascenda/redemption/redemption_transitions.h"
#include "rewards/clock.h"
#include "rewards/database.h"
#include "rewards/logger.h"
#include "rewards/points_ledger.h"
#include "rewards/status.h"

namespace ascenda {

class PluginMetrics;  // ascenda/metrics/plugin_metrics.h
class StructuredLog;  // ascenda/log/structured_log.h

struct ReserveOutcome {
  RedemptionRecord record;
  bool replayed = false;
};

struct ApplyOutcome {
  RedemptionRecord record;  // as stored after the event
  Decision decision;        // decision.changed false: nothing was written
  bool released = false;    // the lease of Apply's `release_owner` was given up
};

// One row of ascenda_redemption_history.
struct StateChange {
  std::int64_t at_ms = 0;
  std::string from_state;  // empty for the first
  std::string to_state;
  std::string event;  // EventKindName, or "reserved"
  std::string note;
};

struct RecordPage {
  std::vector<RedemptionRecord> records;  // newest first (created_at, then id)
  int page = 1;
  int page_size = 25;
  std::int64_t total_count = 0;
  std::int64_t total_pages = 0;
};

// How Apply seals delivery data: `cipher` answers the current cipher (null:
// none configured); `logger` (may be null) hears about dropped delivery data.
// Both are borrowed for the store's lifetime.
struct DeliverySealing {
  std::function<std::shared_ptr<const DeliveryCipher>()> cipher;
  rewards::Logger* logger = nullptr;
};

class RedemptionStore {
 public:
  // Metrics to count into (null: none); borrowed, set before use.
  void SetMetrics(const PluginMetrics* metrics) { metrics_ = metrics; }
  // One structured line per reserve and state change (null: none); borrowed.
  void SetLog(const StructuredLog* log) { log_ = log; }
  static constexpr int kMaxPageSize = 100;

  RedemptionStore(rewards::Database& db, rewards::PointsLedger& ledger, const rewards::Clock& clock,
                  DeliverySealing sealing = {});
  RedemptionStore(const RedemptionStore&) = delete;
  RedemptionStore& operator=(const RedemptionStore&) = delete;

  // REQUIRES: fresh ids (NewRedemptionIds), made once per request; points > 0.
  rewards::Result<ReserveOutcome> Reserve(const NewRedemption& r) noexcept;

  // `release_owner` non-empty: when the decision's next step is kNone and
  // that owner holds the row's lease, the lease is given up as well.
  // `held`: the caller's copy of this row as this store last answered it
  // (Reserve, LeaseDue, Apply, Get, FindByReference). If the stored row is
  // still at held->version (every write of a row raises its version) with
  // held's lease owner, the decision is made on `held` and the row is not
  // read again — a two-column check under the same lock; otherwise, or for
  // another row's copy, the stored row is read as without it.
  rewards::Result<ApplyOutcome> Apply(const std::string& redemption_id,
                                      const RedemptionEvent& event, const RedemptionPolicy& policy,
                                      const std::string& release_owner = "",
                                      const RedemptionRecord* held = nullptr) noexcept;

  rewards::Result<RedemptionRecord> Get(const std::string& redemption_id) noexcept;
  // The record's sealed delivery data, opened (nullopt when it has none).
  // Bearer value: only for the redemption's own member. kFailedPrecondition
  // "delivery_unreadable" when it cannot be opened (no cipher, unknown key).
  rewards::Result<std::optional<rewards::DeliveryData>> OpenDelivery(
      const RedemptionRecord& record) const noexcept;
  rewards::Result<RedemptionRecord> FindByReference(const std::string& reference_id) noexcept;
  // The redemption a member made with the host's idempotency key, if any
  // (kNotFound "unknown_redemption" otherwise). A read outside any
  // transaction, so a replay is answered before the request is checked
  // again; Reserve stays the authority under races.
  rewards::Result<RedemptionRecord> FindByIdempotencyKey(const std::string& member_id,
                                                         const std::string& key) noexcept;

  // A member's redemptions; `member_status` "processing" / "fulfilled" /
  // "failed" or empty for all. page >= 1, 1 <= page_size <= kMaxPageSize.
  rewards::Result<RecordPage> ListForMember(const std::string& member_id,
                                            const std::string& member_status, int page,
                                            int page_size) noexcept;
  // Operators: every member's; `state` an internal state name or empty.
  rewards::Result<RecordPage> ListByState(const std::string& state, int page,
                                          int page_size) noexcept;

  // Operators' search: every filter optional, combined with AND; `reference`
  // matches the reference id or the redemption id exactly.
  rewards::Result<RecordPage> Search(const std::string& state, const std::string& member_id,
                                     const std::string& reference, int page,
                                     int page_size) noexcept;
  // The redemption's state changes, oldest first (empty for an unknown id).
  rewards::Result<std::vector<StateChange>> History(const std::string& redemption_id) noexcept;

  // Claims up to `limit` due rows for `owner` until the database's now + `lease`.
  rewards::Result<std::vector<RedemptionRecord>> LeaseDue(const std::string& owner, int limit,
                                                          std::chrono::milliseconds lease) noexcept;
  // Gives `owner`'s lease up; a non-terminal row's next check becomes
  // `next_check_at_ms` when given (else stays as Apply wrote it).
  // kFailedPrecondition "lease_lost" when `owner` does not hold it.
  rewards::Status Release(const std::string& redemption_id, const std::string& owner,
                          std::optional<std::int64_t> next_check_at_ms) noexcept;

 private:
  std::int64_t NowMs() const;
  // The lease clock's now (see above), inside `tx`.
  std::int64_t LeaseNowMs(Poco::Data::Session& tx) const;

  // Fills after->delivery_* from decision.delivery (or drops it, see above).
  void SealDelivery(const Decision& decision, RedemptionRecord* after) const;

  rewards::Database& db_;
  rewards::PointsLedger& ledger_;
  const rewards::Clock& clock_;
  const DeliverySealing sealing_;
  const PluginMetrics* metrics_ = nullptr;
  const StructuredLog* log_ = nullptr;
};

}  // namespace ascenda
