#include "ascenda/outcome/resend_log.h"

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Tuple.h>
#include <Poco/UUIDGenerator.h>

#include <optional>

namespace ascenda {

namespace {

using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

rewards::Status UnknownRedemption() {
  return rewards::NotFound("unknown_redemption", "no such redemption");
}

}  // namespace

const char* ResendOutcomeName(ResendOutcome outcome) noexcept {
  switch (outcome) {
    case ResendOutcome::kPending:
      return "pending";
    case ResendOutcome::kSent:
      return "sent";
    case ResendOutcome::kFailed:
      return "failed";
    case ResendOutcome::kUnknown:
      return "unknown";
  }
  return "unknown";
}

ResendLog::ResendLog(rewards::Database& db, const rewards::Clock& clock) : db_(db), clock_(clock) {}

std::int64_t ResendLog::NowMs() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Now().time_since_epoch())
      .count();
}

rewards::Result<ResendTicket> ResendLog::Begin(const std::string& redemption_id,
                                               const std::string& member_id,
                                               std::chrono::seconds cooldown) noexcept {
  try {
    const Poco::Int64 now_ms = NowMs();
    const std::int64_t cooldown_ms = std::chrono::milliseconds(cooldown).count();
    const std::string resend_id = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
    const char* lock = db_.dialect() == rewards::SqlDialect::kPostgreSQL ? " FOR UPDATE" : "";
    ResendTicket ticket;
    rewards::Status s = db_.RunInTransaction([&](Poco::Data::Session& tx) -> rewards::Status {
      std::vector<Poco::Tuple<std::string, std::string, std::string>> rows;
      tx << "SELECT member_id, state, COALESCE(order_id, '') FROM ascenda_redemptions "
            "WHERE id = $1"
         << lock,
          bind(redemption_id), into(rows), now;
      if (rows.empty() || rows.front().get<0>() != member_id) return UnknownRedemption();
      if (rows.front().get<1>() != "fulfilled" || rows.front().get<2>().empty()) {
        return rewards::Status(rewards::StatusCode::kFailedPrecondition, "not_fulfilled",
                               "only a fulfilled redemption's email can be resent");
      }
      Poco::Int64 last = -1;
      tx << "SELECT COALESCE(MAX(requested_at), -1) FROM ascenda_resends "
            "WHERE redemption_id = $1 AND outcome <> 'failed'",
          bind(redemption_id), into(last), now;
      if (last >= 0 && now_ms - last < cooldown_ms) {
        const std::int64_t wait_ms = last + cooldown_ms - now_ms;
        const std::int64_t wait_s = std::max<std::int64_t>(1, (wait_ms + 999) / 1000);
        return rewards::Status(
            rewards::StatusCode::kResourceExhausted, "resend_cooldown",
            "the email was resent recently; try again in " + std::to_string(wait_s) + " s",
            {{"retry_after_s", std::to_string(wait_s)}});
      }
      std::string pending = ResendOutcomeName(ResendOutcome::kPending);
      tx << "INSERT INTO ascenda_resends (id, redemption_id, requested_at, outcome) "
            "VALUES ($1, $2, $3, $4)",
          bind(resend_id), bind(redemption_id), bind(now_ms), bind(pending), now;
      ticket = ResendTicket{resend_id, rows.front().get<2>()};
      return rewards::Status::Ok();
    });
    if (!s.ok()) return s;
    return ticket;
  } catch (const std::exception& e) {
    return rewards::Internal(std::string("resend: ") + e.what());
  }
}

rewards::Status ResendLog::Finish(const std::string& resend_id, ResendOutcome outcome,
                                  const std::string& error) noexcept {
  try {
    return db_.RunInTransaction([&](Poco::Data::Session& tx) -> rewards::Status {
      std::string name = ResendOutcomeName(outcome);
      std::string err = error.substr(0, 200);
      tx << "UPDATE ascenda_resends SET outcome = $1, error = $2 WHERE id = $3", bind(name),
          bind(err), bind(resend_id), now;
      return rewards::Status::Ok();
    });
  } catch (const std::exception& e) {
    return rewards::Internal(std::string("resend: ") + e.what());
  }
}

rewards::Result<std::vector<ResendEntry>> ResendLog::List(
    const std::string& redemption_id) noexcept {
  try {
    rewards::Result<Poco::Data::Session> s = db_.Session();
    if (!s.ok()) return s.status();
    std::vector<Poco::Tuple<std::string, Poco::Int64, std::string, std::string>> rows;
    s.value() << "SELECT id, requested_at, outcome, error FROM ascenda_resends "
                 "WHERE redemption_id = $1 ORDER BY requested_at, id",
        bind(redemption_id), into(rows), now;
    std::vector<ResendEntry> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back({r.get<0>(), r.get<1>(), r.get<2>(), r.get<3>()});
    return out;
  } catch (const std::exception& e) {
    return rewards::Status(rewards::StatusCode::kUnavailable, "database_unavailable",
                           std::string("resends: ") + e.what());
  }
}

}  // namespace ascenda
