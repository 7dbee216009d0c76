// HostPointsLedger: the members' points (rewards::PointsLedger; the contract
// is in points_ledger.h). Tables: members.balance and the append-only
// ledger_entries (sql/).
//
// A debit is: look the idempotency key up (a hit is returned as `replayed`),
// then one conditional UPDATE members SET balance = balance - n WHERE id = m
// AND balance >= n — the database's row lock makes concurrent debits queue,
// and the CHECK (balance >= 0) backs it up — then the entry with its
// balance_after. Two racing calls with one key: the second's INSERT hits the
// unique key, its transaction is run again and finds the first's entry.
// Stateless apart from the clock; thread-safe.
#pragma once

#include "rewards/clock.h"
#include "rewards/points_ledger.h"

namespace loyalty {

class HostPointsLedger : public rewards::PointsLedger {
 public:
  // `clock` stamps entries; it must outlive this ledger.
  explicit HostPointsLedger(const rewards::Clock& clock) : clock_(clock) {}

  rewards::Result<rewards::LedgerEntry> Debit(Poco::Data::Session& tx, const std::string& member_id,
                                              std::int64_t points,
                                              const std::string& idempotency_key,
                                              const std::string& memo) noexcept override;
  rewards::Result<rewards::LedgerEntry> Credit(Poco::Data::Session& tx,
                                               const std::string& member_id, std::int64_t points,
                                               const std::string& idempotency_key,
                                               const std::string& memo) noexcept override;
  rewards::Result<std::int64_t> Balance(Poco::Data::Session& session,
                                        const std::string& member_id) noexcept override;

 private:
  // delta < 0: debit, > 0: credit.
  rewards::Result<rewards::LedgerEntry> Post(Poco::Data::Session& tx, const std::string& member_id,
                                             std::int64_t delta, std::int64_t points,
                                             const std::string& idempotency_key,
                                             const std::string& memo) noexcept;

  const rewards::Clock& clock_;
};

}  // namespace loyalty
