#include "audit/audit_log.h"

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/JSON/Object.h>

#include <sstream>

#include "clock/host_clock.h"
#include "db/db_errors.h"

namespace loyalty {

namespace {

using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

}  // namespace

std::string MaskedJson(const std::map<std::string, std::string>& values,
                       const std::set<std::string>& secret_keys) {
  Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
  for (const auto& [key, value] : values) {
    o.set(key, secret_keys.count(key) && !value.empty() ? std::string(kMasked) : value);
  }
  std::ostringstream out;
  o.stringify(out);
  return out.str();
}

rewards::Status AuditLog::Record(const std::string& actor, const std::string& action,
                                 const std::string& target, const std::string& before_json,
                                 const std::string& after_json) noexcept {
  return db_.RunInTransaction([&](Poco::Data::Session& tx) {
    return Record(tx, actor, action, target, before_json, after_json);
  });
}

rewards::Status AuditLog::Record(Poco::Data::Session& tx, const std::string& actor,
                                 const std::string& action, const std::string& target,
                                 const std::string& before_json, const std::string& after_json) {
  const std::string stamp = FormatTimestamp(clock_.Now());
  tx << "INSERT INTO audit_log (at, actor, action, target, before_json, after_json) "
        "VALUES ($1, $2, $3, $4, $5, $6)",
      bind(stamp), bind(actor), bind(action), bind(target), bind(before_json), bind(after_json),
      now;
  return rewards::Status::Ok();
}

rewards::Result<AuditPage> AuditLog::List(int page, int page_size) noexcept {
  rewards::Result<Poco::Data::Session> session = db_.Session();
  if (!session.ok()) return session.status();
  try {
    AuditPage out;
    Poco::Int64 total = 0;
    session.value() << "SELECT COUNT(*) FROM audit_log", into(total), now;
    out.total_count = total;
    std::vector<Poco::Int64> ids;
    std::vector<std::string> at, actor, action, target, before, after;
    const Poco::Int64 limit = page_size;
    const Poco::Int64 offset = static_cast<Poco::Int64>(page - 1) * page_size;
    session.value() << "SELECT entry_id, at, actor, action, target, before_json, after_json "
                       "FROM audit_log ORDER BY entry_id DESC LIMIT $1 OFFSET $2",
        bind(limit), bind(offset), into(ids), into(at), into(actor), into(action), into(target),
        into(before), into(after), now;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      out.entries.push_back({ids[i], at[i], actor[i], action[i], target[i], before[i], after[i]});
    }
    return out;
  } catch (const Poco::Exception& e) {
    return DbFailureStatus(e, session.value());
  } catch (...) {
    return rewards::Internal("audit log: unknown failure");
  }
}

}  // namespace loyalty
