// PointsLedger: the host's members' points, debited and credited by the plugin.
//
// Every entry carries an idempotency key, unique across the ledger. Debit and
// Credit write inside the caller's transaction (the session handed to
// Database::RunInTransaction's work), so a plugin commits the points change
// and its own row together or not at all.
//  - A key seen before returns the entry first written under it and changes
//    nothing (`replayed` is true), whatever the amounts passed now; a caller
//    that cares compares them.
//  - A debit beyond the balance is refused (kFailedPrecondition,
//    "insufficient_points"); the balance never goes below zero, also under
//    concurrent debits.
//  - An unknown member is kNotFound ("unknown_member"); points <= 0 is
//    kInvalidArgument.
// Thread-safe; valid from create() until destroy() returns.
#pragma once

#include <Poco/Data/Session.h>

#include <cstdint>
#include <string>

#include "rewards/status.h"

namespace rewards {

struct LedgerEntry {
  std::int64_t entry_id = 0;
  std::string member_id;
  std::int64_t delta = 0;  // negative for a debit
  std::int64_t balance_after = 0;
  std::string idempotency_key;
  bool replayed = false;
};

class PointsLedger {
 public:
  virtual ~PointsLedger() = default;
  virtual Result<LedgerEntry> Debit(Poco::Data::Session& tx, const std::string& member_id,
                                    std::int64_t points, const std::string& idempotency_key,
                                    const std::string& memo) noexcept = 0;
  virtual Result<LedgerEntry> Credit(Poco::Data::Session& tx, const std::string& member_id,
                                     std::int64_t points, const std::string& idempotency_key,
                                     const std::string& memo) noexcept = 0;
  // Balance as seen by `session` (inside or outside a transaction).
  virtual Result<std::int64_t> Balance(Poco::Data::Session& session,
                                       const std::string& member_id) noexcept = 0;
};

}  // namespace rewards
