// RedemptionStore's leases: which node's reconciler works which redemption.
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>

#include "ascenda/metrics/plugin_metrics.h"
#include "ascenda/redemption/redemption_store.h"
#include "redemption/redemption_rows.h"

namespace ascenda {

namespace {

namespace rows = redemption_rows;
using Poco::Data::Keywords::bind;

// Due, non-terminal (next_check_at is NULL exactly for terminal rows) and
// not leased, or leased by someone whose lease has lapsed; crash leftovers
// (reserved, unknown) first. SelectRecords' WHERE and its tail.
constexpr const char* kDue = "next_check_at <= $1 AND (lease_until IS NULL OR lease_until <= $2)";
constexpr const char* kDueOrder =
    " ORDER BY CASE WHEN state IN ('reserved', 'unknown') THEN 0 ELSE 1 END, "
    "next_check_at, id LIMIT $3";

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
      // The due rows whole, in one statement; each then leased by one short
      // UPDATE, and its copy made to match what that wrote.
      std::vector<RedemptionRecord> due = rows::SelectRecords(
          tx, kDue, std::string(kDueOrder) + skip_locked, now_ms, lease_now, max_rows);
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
