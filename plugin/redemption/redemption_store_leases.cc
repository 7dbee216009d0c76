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
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

// Due, non-terminal (next_check_at is NULL exactly for terminal rows) and
// not leased, or leased by someone whose lease has lapsed; crash leftovers
// (reserved, unknown) first.
constexpr const char* kDueIds =
    "SELECT id FROM ascenda_redemptions WHERE next_check_at <= $1 AND "
    "(lease_until IS NULL OR lease_until <= $2) "
    "ORDER BY CASE WHEN state IN ('reserved', 'unknown') THEN 0 ELSE 1 END, "
    "next_check_at, id LIMIT $3";

// 1 when the row's (lapsed) lease is another owner's: a takeover.
constexpr const char* kOtherOwner =
    "SELECT COUNT(*) FROM ascenda_redemptions WHERE id = $1 AND lease_owner IS NOT NULL AND "
    "lease_owner <> $2";

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
      std::vector<std::string> ids;
      tx << kDueIds << skip_locked, bind(now_ms), bind(lease_now), bind(max_rows), into(ids), now;
      for (const std::string& id : ids) {
        if (metrics_) {
          int other = 0;
          tx << kOtherOwner, bind(id), bind(owner), into(other), now;
          takeovers += other;
        }
        tx << "UPDATE ascenda_redemptions SET lease_owner = $1, lease_until = $2, "
              "version = version + 1 WHERE id = $3",
            bind(owner), bind(until), bind(id), now;
        std::vector<RedemptionRecord> row = rows::SelectRecords(tx, "id = $1", "", id);
        if (!row.empty()) leased.push_back(row.front());
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
