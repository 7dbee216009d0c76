// RedemptionStore's leases: which node's reconciler works which redemption.
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "ascenda/metrics/plugin_metrics.h"
#include "ascenda/redemption/redemption_state.h"
#include "ascenda/redemption/redemption_store.h"
#include "redemption/redemption_rows.h"

namespace ascenda {

namespace {

namespace rows = redemption_rows;
using Poco::Data::Keywords::bind;

// Due, non-terminal (next_check_at is NULL exactly for terminal rows) and
// not leased, or leased by someone whose lease has lapsed. Crash leftovers
// (reserved, unknown) first, then the rest, each by next check. Each state's
// due rows are read on their own, walking the index (state, next_check_at,
// id) in that order and stopping at the limit (sql/*/008_due_index_order.sql):
// a lease never sorts every due row.
constexpr const char* kStateDue =
    "state = $1 AND next_check_at <= $2 AND (lease_until IS NULL OR lease_until <= $3)";
constexpr const char* kStateDueOrder = " ORDER BY next_check_at, id LIMIT $4";

bool IsLeftover(RedemptionState s) {
  return s == RedemptionState::kReserved || s == RedemptionState::kUnknown;
}

// Up to `limit` due rows of the non-terminal states that `leftovers` says,
// read whole, by next check and id.
std::vector<RedemptionRecord> SelectDueOf(bool leftovers, Poco::Data::Session& tx,
                                          Poco::Int64 now_ms, Poco::Int64 lease_now,
                                          Poco::Int64 limit, const std::string& skip_locked) {
  std::vector<RedemptionRecord> due;
  for (RedemptionState state : AllStates()) {
    if (IsTerminal(state) || IsLeftover(state) != leftovers) continue;
    const std::string name = StateName(state);
    for (RedemptionRecord& r : rows::SelectRecords(tx, kStateDue, kStateDueOrder + skip_locked,
                                                   name, now_ms, lease_now, limit)) {
      due.push_back(std::move(r));
    }
  }
  std::sort(due.begin(), due.end(), [](const RedemptionRecord& x, const RedemptionRecord& y) {
    const std::int64_t at_x = x.facts.next_check_at_ms.value_or(0);
    const std::int64_t at_y = y.facts.next_check_at_ms.value_or(0);
    return std::tie(at_x, x.id) < std::tie(at_y, y.id);
  });
  if (due.size() > static_cast<std::size_t>(limit)) due.resize(static_cast<std::size_t>(limit));
  return due;
}

// Up to `limit` due rows in lease order (see above).
std::vector<RedemptionRecord> SelectDue(Poco::Data::Session& tx, Poco::Int64 now_ms,
                                        Poco::Int64 lease_now, Poco::Int64 limit,
                                        const std::string& skip_locked) {
  std::vector<RedemptionRecord> due = SelectDueOf(true, tx, now_ms, lease_now, limit, skip_locked);
  const Poco::Int64 rest = limit - static_cast<Poco::Int64>(due.size());
  if (rest < 1) return due;
  for (RedemptionRecord& r : SelectDueOf(false, tx, now_ms, lease_now, rest, skip_locked)) {
    due.push_back(std::move(r));
  }
  return due;
}

}  // namespace

rewards::Result<std::vector<RedemptionRecord>> RedemptionStore::LeaseDue(
    const std::string& owner, int limit, std::chrono::milliseconds lease) noexcept {
  if (owner.empty() || limit < 1 || lease.count() < 1) {
    return rewards::InvalidArgument("invalid_lease", "owner, limit >= 1 and a lease are required");
  }
  try {
    const Poco::Int64 now_ms = NowMs();
    const Poco::Int64 max_rows = limit;
    const char* skip_locked = rows::SqlFor(db_.dialect()).lock_skip_locked;
    std::vector<RedemptionRecord> leased;
    int takeovers = 0;  // rows whose lapsed lease was another node's (metrics)
    rewards::Status s = db_.RunInTransaction([&](Poco::Data::Session& tx) -> rewards::Status {
      leased.clear();
      const Poco::Int64 lease_now = LeaseNowMs(tx);
      const Poco::Int64 until = lease_now + lease.count();
      takeovers = 0;
      // The due rows whole; each then leased by one short UPDATE, and its
      // copy made to match what that wrote.
      std::vector<RedemptionRecord> due = SelectDue(tx, now_ms, lease_now, max_rows, skip_locked);
      for (RedemptionRecord& r : due) {
        Poco::Data::Statement take(tx);
        take << "UPDATE ascenda_redemptions SET lease_owner = $1, lease_until = $2, "
                "version = version + 1 WHERE id = $3",
            bind(owner), bind(until), bind(r.id);
        if (take.execute() != 1) continue;
        if (!r.lease_owner.empty() && r.lease_owner != owner) ++takeovers;  // a lapsed lease
        r.lease_owner = owner;
        r.lease_until_ms = until;
        ++r.version;
        leased.push_back(std::move(r));
      }
      return rewards::Status::Ok();
    });
    if (!s.ok()) return s;
    for (int i = 0; metrics_ && i < takeovers; ++i) metrics_->LeaseTakeover();
    return leased;
  } catch (const std::exception& e) {
    return rewards::Internal(std::string("lease: ") + e.what());
  }
}

rewards::Status RedemptionStore::Release(const std::string& redemption_id, const std::string& owner,
                                         std::optional<std::int64_t> next_check_at_ms) noexcept {
  try {
    return db_.RunInTransaction([&](Poco::Data::Session& tx) -> rewards::Status {
      Poco::Data::Statement release(tx);
      release << "UPDATE ascenda_redemptions SET lease_owner = NULL, lease_until = NULL, "
                 "version = version + 1";
      int n = 1;
      if (next_check_at_ms) {
        // Terminal rows keep no next check (the table's CHECK insists).
        release << ", next_check_at = CASE WHEN next_check_at IS NULL THEN NULL "
                   "ELSE CAST($1 AS BIGINT) END";
        release.addBind(bind(static_cast<Poco::Int64>(*next_check_at_ms)));
        n = 2;
      }
      release << " WHERE id = $" << n << " AND lease_owner = $" << n + 1;
      release.addBind(bind(redemption_id));
      release.addBind(bind(owner));
      if (release.execute() == 1) return rewards::Status::Ok();
      if (rows::SelectRecords(tx, "id = $1", "", redemption_id).empty()) {
        return rows::UnknownRedemption(redemption_id);
      }
      return rewards::Status(rewards::StatusCode::kFailedPrecondition, "lease_lost",
                             owner + " does not hold redemption " + redemption_id);
    });
  } catch (const std::exception& e) {
    return rewards::Internal(std::string("release: ") + e.what());
  }
}

}  // namespace ascenda
