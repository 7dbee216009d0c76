#include "ledger/points_ledger.h"

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include <limits>
#include <optional>
#include <vector>

#include "clock/host_clock.h"
#include "db/db_errors.h"

namespace loyalty {

namespace {

// Far above any real balance, far below overflow.
constexpr std::int64_t kMaxPoints = 1'000'000'000'000'000;

using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

std::optional<rewards::LedgerEntry> FindByKey(Poco::Data::Session& s, const std::string& key) {
  Poco::Int64 entry_id = 0, delta = 0, balance_after = 0;
  std::string member_id;
  Poco::Data::Statement select(s);
  select << "SELECT entry_id, member_id, delta, balance_after FROM ledger_entries "
            "WHERE idempotency_key = $1",
      bind(key), into(entry_id), into(member_id), into(delta), into(balance_after);
  if (select.execute() == 0 || entry_id == 0) return std::nullopt;
  rewards::LedgerEntry e;
  e.entry_id = entry_id;
  e.member_id = member_id;
  e.delta = delta;
  e.balance_after = balance_after;
  e.idempotency_key = key;
  e.replayed = true;
  return e;
}

bool MemberExists(Poco::Data::Session& s, const std::string& member_id) {
  Poco::Int64 count = 0;
  s << "SELECT COUNT(*) FROM members WHERE id = $1", bind(member_id), into(count), now;
  return count > 0;
}

rewards::Status UnknownMember(const std::string& member_id) {
  return rewards::NotFound("unknown_member", "no member " + member_id);
}

}  // namespace

rewards::Result<rewards::LedgerEntry> HostPointsLedger::Debit(Poco::Data::Session& tx,
                                                              const std::string& member_id,
                                                              std::int64_t points,
                                                              const std::string& idempotency_key,
                                                              const std::string& memo) noexcept {
  return Post(tx, member_id, -points, points, idempotency_key, memo);
}

rewards::Result<rewards::LedgerEntry> HostPointsLedger::Credit(Poco::Data::Session& tx,
                                                               const std::string& member_id,
                                                               std::int64_t points,
                                                               const std::string& idempotency_key,
                                                               const std::string& memo) noexcept {
  return Post(tx, member_id, points, points, idempotency_key, memo);
}

rewards::Result<rewards::LedgerEntry> HostPointsLedger::Post(
    Poco::Data::Session& tx, const std::string& member_id, std::int64_t delta, std::int64_t points,
    const std::string& idempotency_key, const std::string& memo) noexcept {
  try {
    if (idempotency_key.empty()) {
      return rewards::InvalidArgument("invalid_idempotency_key", "an idempotency key is required");
    }
    if (std::optional<rewards::LedgerEntry> seen = FindByKey(tx, idempotency_key)) {
      return *seen;
    }
    if (points <= 0 || points > kMaxPoints) {
      return rewards::InvalidArgument("invalid_points",
                                      "points must be 1.." + std::to_string(kMaxPoints));
    }
    const Poco::Int64 amount = points;
    // The balance after the change, from the UPDATE itself (RETURNING, on
    // SQLite >= 3.35 and PostgreSQL): no separate read of the row.
    std::vector<Poco::Int64> balance_after;
    if (delta < 0) {
      Poco::Data::Statement update(tx);
      update << "UPDATE members SET balance = balance - $1 WHERE id = $2 AND balance >= $3 "
                "RETURNING balance",
          bind(amount), bind(member_id), bind(amount), into(balance_after);
      update.execute();
      if (balance_after.empty()) {
        if (!MemberExists(tx, member_id)) return UnknownMember(member_id);
        return rewards::Status(rewards::StatusCode::kFailedPrecondition, "insufficient_points",
                               "the balance is less than " + std::to_string(points));
      }
    } else {
      Poco::Data::Statement update(tx);
      update << "UPDATE members SET balance = balance + $1 WHERE id = $2 RETURNING balance",
          bind(amount), bind(member_id), into(balance_after);
      update.execute();
      if (balance_after.empty()) return UnknownMember(member_id);
    }
    const Poco::Int64 signed_delta = delta;
    std::vector<Poco::Int64> entry_id;
    tx << "INSERT INTO ledger_entries (member_id, delta, balance_after, "
          "idempotency_key, memo, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING entry_id",
        bind(member_id), bind(signed_delta), bind(balance_after.front()), bind(idempotency_key),
        bind(memo), bind(FormatTimestamp(clock_.Now())), into(entry_id), now;
    if (entry_id.empty()) return rewards::Internal("ledger entry not written");
    rewards::LedgerEntry written;
    written.entry_id = entry_id.front();
    written.member_id = member_id;
    written.delta = delta;
    written.balance_after = balance_after.front();
    written.idempotency_key = idempotency_key;
    written.replayed = false;
    return written;
  } catch (const Poco::Exception& e) {
    return DbFailureStatus(e, tx);
  } catch (const std::exception& e) {
    return rewards::Internal(std::string("ledger: ") + e.what());
  } catch (...) {
    return rewards::Internal("ledger: unknown failure");
  }
}

rewards::Result<std::int64_t> HostPointsLedger::Balance(Poco::Data::Session& session,
                                                        const std::string& member_id) noexcept {
  try {
    Poco::Int64 balance = 0;
    Poco::Data::Statement select(session);
    select << "SELECT balance FROM members WHERE id = $1", bind(member_id), into(balance);
    if (select.execute() == 0) return UnknownMember(member_id);
    return static_cast<std::int64_t>(balance);
  } catch (const Poco::Exception& e) {
    return DbFailureStatus(e, session);
  } catch (...) {
    return rewards::Internal("ledger: unknown failure");
  }
}

}  // namespace loyalty
