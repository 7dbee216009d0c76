// RedemptionRecord: one row of ascenda_redemptions (sql/*/001_redemptions.sql)
// as the store reads it, and NewRedemption, what a Reserve writes.
//
// Times are epoch milliseconds (wall clock, rewards::Clock::Now). The part
// the state machine reads and writes lives in `facts` (redemption_transitions.h).
// The member's profile is kept so the order can be (re)submitted after a
// crash without asking the host again. Delivery data is stored only sealed
// (AES-256-GCM, key id beside it; a later step) — never in clear.
//
// Value types; thread-compatible.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "ascenda/redemption/redemption_transitions.h"
#include "rewards/redemption_types.h"

namespace ascenda {

struct RedemptionRecord {
  std::string id;
  std::string reference_id;         // Ascenda's idempotency key; one per redemption, forever
  std::string idempotency_key;      // the host's
  std::string request_fingerprint;  // request_fingerprint.h
  rewards::MemberProfile member;    // member.id is the row's member_id
  std::string gift_card_id;
  std::string gift_card_name;
  std::string logo_url;
  std::string denomination;
  std::string currency;
  std::int64_t points = 0;
  RedemptionFacts facts;    // state, item status, order id, attempts, next check, ...
  std::string lease_owner;  // empty: not leased
  std::optional<std::int64_t> lease_until_ms;
  std::int64_t updated_at_ms = 0;
  std::optional<std::int64_t> terminal_at_ms;
  std::optional<std::int64_t> refunded_at_ms;
  std::optional<std::string> delivery_ciphertext;  // base64, sealed
  std::optional<std::string> delivery_key_id;
  std::int64_t version = 0;  // +1 on every write
};

struct RedemptionIds {
  std::string id;
  std::string reference_id;
};

// Two fresh random (v4) UUIDs. Made once per redeem request, before the
// transaction, so a re-run of the transaction's work keeps them.
RedemptionIds NewRedemptionIds();

struct NewRedemption {
  RedemptionIds ids;
  rewards::RedeemRequest request;
  std::int64_t points = 0;  // the price charged; the caller checked expected_points
  std::string gift_card_name;
  std::string logo_url;
  // The node that submits the order right after reserving holds the row for
  // `lease`, so no reconciler races it; empty: the row is due at once.
  std::string lease_owner;
  std::chrono::milliseconds lease{0};
};

// The host-facing view (no delivery data). failure_reason only when failed.
rewards::Redemption ToRedemption(const RedemptionRecord& record);

// RFC 3339 UTC with milliseconds: "2027-01-15T08:00:00.000Z".
std::string FormatEpochMs(std::int64_t epoch_ms);

}  // namespace ascenda
