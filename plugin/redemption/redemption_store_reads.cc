// RedemptionStore's reads: one redemption, and the paged listings.
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>

#include "ascenda/redemption/redemption_store.h"
#include "redemption/redemption_rows.h"

namespace ascenda {

namespace {

namespace rows = redemption_rows;
using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;

rewards::Status ReadFailed(const std::string& what) {
  return rewards::Status(rewards::StatusCode::kUnavailable, "database_unavailable",
                         "redemptions: " + what);
}

rewards::Status InvalidQuery(const std::string& message) {
  return rewards::InvalidArgument("invalid_query", message);
}

// "state IN ('a', 'b')" from trusted constants (StateName), never from input.
std::string StateIn(const std::vector<RedemptionState>& states) {
  std::string out = "state IN (";
  for (std::size_t i = 0; i < states.size(); ++i) {
    if (i > 0) out += ", ";
    out += std::string("'") + StateName(states[i]) + "'";
  }
  return out + ")";
}

// The page of rows matching `where` (with `arg` as $1 when not empty).
RecordPage ReadPage(Poco::Data::Session& s, const std::string& where, const std::string& arg,
                    int page, int page_size) {
  RecordPage out;
  out.page = page;
  out.page_size = page_size;
  Poco::Int64 total = 0;
  Poco::Data::Statement count(s);
  count << "SELECT COUNT(*) FROM " << rows::kTable << " WHERE " << where;
  if (!arg.empty()) count.addBind(bind(arg));
  count.addExtract(into(total));
  count.execute();
  out.total_count = total;
  out.total_pages = (total + page_size - 1) / page_size;
  const Poco::Int64 limit = page_size;
  const Poco::Int64 offset = static_cast<Poco::Int64>(page - 1) * page_size;
  const int n = arg.empty() ? 1 : 2;
  const std::string tail = " ORDER BY created_at DESC, id DESC LIMIT $" + std::to_string(n) +
                           " OFFSET $" + std::to_string(n + 1);
  out.records = arg.empty() ? rows::SelectRecords(s, where, tail, limit, offset)
                            : rows::SelectRecords(s, where, tail, arg, limit, offset);
  return out;
}

}  // namespace

rewards::Result<RedemptionRecord> RedemptionStore::Get(const std::string& redemption_id) noexcept {
  try {
    rewards::Result<Poco::Data::Session> s = db_.Session();
    if (!s.ok()) return s.status();
    std::vector<RedemptionRecord> found =
        rows::SelectRecords(s.value(), "id = $1", "", redemption_id);
    if (found.empty()) return rows::UnknownRedemption(redemption_id);
    return found.front();
  } catch (const std::exception& e) {
    return ReadFailed(e.what());
  }
}

rewards::Result<RedemptionRecord> RedemptionStore::FindByReference(
    const std::string& reference_id) noexcept {
  try {
    rewards::Result<Poco::Data::Session> s = db_.Session();
    if (!s.ok()) return s.status();
    std::vector<RedemptionRecord> found =
        rows::SelectRecords(s.value(), "reference_id = $1", "", reference_id);
    if (found.empty()) return rows::UnknownRedemption("with reference " + reference_id);
    return found.front();
  } catch (const std::exception& e) {
    return ReadFailed(e.what());
  }
}

rewards::Result<RedemptionRecord> RedemptionStore::FindByIdempotencyKey(
    const std::string& member_id, const std::string& key) noexcept {
  try {
    rewards::Result<Poco::Data::Session> s = db_.Session();
    if (!s.ok()) return s.status();
    // Asked before every redemption, whose key is almost always new.
    std::optional<RedemptionRecord> found = rows::FindForKey(s.value(), member_id, key);
    if (!found) return rows::UnknownRedemption("with this idempotency key");
    return std::move(*found);
  } catch (const std::exception& e) {
    return ReadFailed(e.what());
  }
}

rewards::Result<RecordPage> RedemptionStore::ListForMember(const std::string& member_id,
                                                           const std::string& member_status,
                                                           int page, int page_size) noexcept {
  if (member_id.empty()) return InvalidQuery("a member id is required");
  if (page < 1 || page_size < 1 || page_size > kMaxPageSize) {
    return InvalidQuery("page must be >= 1 and page_size 1.." + std::to_string(kMaxPageSize));
  }
  std::string where = "member_id = $1";
  if (!member_status.empty()) {
    std::optional<std::vector<RedemptionState>> states = StatesForMemberStatus(member_status);
    if (!states) return InvalidQuery("status must be processing, fulfilled or failed");
    where += " AND " + StateIn(*states);
  }
  try {
    rewards::Result<Poco::Data::Session> s = db_.Session();
    if (!s.ok()) return s.status();
    return ReadPage(s.value(), where, member_id, page, page_size);
  } catch (const std::exception& e) {
    return ReadFailed(e.what());
  }
}

rewards::Result<RecordPage> RedemptionStore::ListByState(const std::string& state, int page,
                                                         int page_size) noexcept {
  if (page < 1 || page_size < 1 || page_size > kMaxPageSize) {
    return InvalidQuery("page must be >= 1 and page_size 1.." + std::to_string(kMaxPageSize));
  }
  std::string where = "1 = 1";
  if (!state.empty()) {
    std::optional<RedemptionState> parsed = ParseState(state);
    if (!parsed) return InvalidQuery("unknown state " + state);
    where = StateIn({*parsed});
  }
  try {
    rewards::Result<Poco::Data::Session> s = db_.Session();
    if (!s.ok()) return s.status();
    return ReadPage(s.value(), where, "", page, page_size);
  } catch (const std::exception& e) {
    return ReadFailed(e.what());
  }
}

}  // namespace ascenda
