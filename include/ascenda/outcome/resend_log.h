// ResendLog: the confirmation-email resends of redemptions (table
// ascenda_resends, sql/*/003_resends.sql) and the rules that gate one.
//
//   Begin   one transaction that locks the redemption's row (PostgreSQL FOR
//           UPDATE; SQLite's BEGIN IMMEDIATE serialises writers), so two
//           requests at once cannot both pass the cooldown:
//             no such redemption, or another member's   kNotFound "unknown_redemption"
//             not fulfilled                             kFailedPrecondition "not_fulfilled"
//             a counted resend less than `cooldown` ago kResourceExhausted
//                                                       "resend_cooldown", details
//                                                       ["retry_after_s"] (whole seconds, >= 1)
//           otherwise records a 'pending' resend and answers it with the
//           order id to resend for.
//   Finish  records what Ascenda answered: 'sent', 'failed' (Ascenda did
//           nothing) or 'unknown' (no definite answer).
// Every resend that passed the rules is recorded, failures included. The
// cooldown counts 'pending', 'sent' and 'unknown' resends (an email may have
// gone out), not 'failed' ones.
//
// Time is the injected clock's wall time. Thread-safe and stateless. Borrows
// `db` and `clock`; they must outlive the log.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "rewards/clock.h"
#include "rewards/database.h"
#include "rewards/status.h"

namespace ascenda {

enum class ResendOutcome { kPending, kSent, kFailed, kUnknown };

const char* ResendOutcomeName(ResendOutcome outcome) noexcept;

struct ResendTicket {
  std::string resend_id;
  std::string order_id;
};

struct ResendEntry {
  std::string id;
  std::int64_t requested_at_ms = 0;
  std::string outcome;
  std::string error;
};

class ResendLog {
 public:
  ResendLog(rewards::Database& db, const rewards::Clock& clock);
  ResendLog(const ResendLog&) = delete;
  ResendLog& operator=(const ResendLog&) = delete;

  rewards::Result<ResendTicket> Begin(const std::string& redemption_id,
                                      const std::string& member_id,
                                      std::chrono::seconds cooldown) noexcept;
  // `error`: a short code for operators (never a response body).
  rewards::Status Finish(const std::string& resend_id, ResendOutcome outcome,
                         const std::string& error) noexcept;
  // One redemption's resends, oldest first.
  rewards::Result<std::vector<ResendEntry>> List(const std::string& redemption_id) noexcept;

 private:
  std::int64_t NowMs() const;

  rewards::Database& db_;
  const rewards::Clock& clock_;
};

}  // namespace ascenda
