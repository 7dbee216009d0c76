// RedemptionStore's operator reads: the search with combined filters, and a
// redemption's state history (sql/*/005_state_history.sql).
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "ascenda/redemption/redemption_store.h"
#include "redemption/redemption_rows.h"

namespace ascenda {

namespace {

namespace rows = redemption_rows;
using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;

rewards::Status InvalidQuery(const std::string& message) {
  return rewards::InvalidArgument("invalid_query", message);
}

rewards::Status ReadFailed(const std::string& what) {
  return rewards::Status(rewards::StatusCode::kUnavailable, "database_unavailable",
                         "redemptions: " + what);
}

// The WHERE text and its arguments ($1.. in order) for the given filters.
struct Filter {
  std::string where = "1 = 1";
  std::vector<std::string> args;

  void Add(const std::string& clause_with_placeholders, int uses, const std::string& value) {
    std::string clause = clause_with_placeholders;
    for (int i = 0; i < uses; ++i) {
      args.push_back(value);
      const std::string mark = "$" + std::to_string(args.size());
      clause.replace(clause.find('?'), 1, mark);
    }
    where += " AND " + clause;
  }
};

}  // namespace

rewards::Result<RecordPage> RedemptionStore::Search(const std::string& state,
                                                    const std::string& member_id,
                                                    const std::string& reference, int page,
                                                    int page_size) noexcept {
  if (page < 1 || page_size < 1 || page_size > kMaxPageSize) {
    return InvalidQuery("page must be >= 1 and page_size 1.." + std::to_string(kMaxPageSize));
  }
  Filter f;
  f.args.reserve(4);  // bind() keeps references: no reallocation after the first
  if (!state.empty()) {
    std::optional<RedemptionState> parsed = ParseState(state);
    if (!parsed) return InvalidQuery("unknown state " + state);
    f.Add("state = ?", 1, StateName(*parsed));
  }
  if (!member_id.empty()) f.Add("member_id = ?", 1, member_id);
  if (!reference.empty()) f.Add("(reference_id = ? OR id = ?)", 2, reference);
  try {
    rewards::Result<Poco::Data::Session> s = db_.Session();
    if (!s.ok()) return s.status();
    RecordPage out;
    out.page = page;
    out.page_size = page_size;
    Poco::Int64 total = 0;
    Poco::Data::Statement count(s.value());
    count << "SELECT COUNT(*) FROM " << rows::kTable << " WHERE " << f.where;
    for (const std::string& a : f.args) count.addBind(bind(a));
    count.addExtract(into(total));
    count.execute();
    out.total_count = total;
    out.total_pages = (total + page_size - 1) / page_size;
    const Poco::Int64 limit = page_size;
    const Poco::Int64 offset = static_cast<Poco::Int64>(page - 1) * page_size;
    const std::size_t n = f.args.size();
    std::vector<rows::Row> found;
    Poco::Data::Statement select(s.value());
    select << "SELECT " << rows::kColumns << " FROM " << rows::kTable << " WHERE " << f.where
           << " ORDER BY created_at DESC, id DESC LIMIT $" << (n + 1) << " OFFSET $" << (n + 2);
    for (const std::string& a : f.args) select.addBind(bind(a));
    select.addBind(bind(limit));
    select.addBind(bind(offset));
    select.addExtract(into(found));
    select.execute();
    out.records = rows::FromRows(found);
    return out;
  } catch (const std::exception& e) {
    return ReadFailed(e.what());
  }
}

rewards::Result<std::vector<StateChange>> RedemptionStore::History(
    const std::string& redemption_id) noexcept {
  try {
    rewards::Result<Poco::Data::Session> s = db_.Session();
    if (!s.ok()) return s.status();
    std::vector<Poco::Int64> at;
    std::vector<std::string> from, to, event, note;
    s.value() << "SELECT at, from_state, to_state, event, note FROM ascenda_redemption_history "
                 "WHERE redemption_id = $1 ORDER BY id",
        bind(redemption_id), into(at), into(from), into(to), into(event), into(note),
        Poco::Data::Keywords::now;
    std::vector<StateChange> out;
    out.reserve(at.size());
    for (std::size_t i = 0; i < at.size(); ++i) {
      out.push_back({at[i], from[i], to[i], event[i], note[i]});
    }
    return out;
  } catch (const std::exception& e) {
    return ReadFailed(e.what());
  }
}

}  // namespace ascenda
