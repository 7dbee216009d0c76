// StructuredLog: the plugin's log lines with named fields (redemption_id,
// reference_id, order_id, state, attempt, …). Through the host's
// rewards::StructuredLogger (capability rewards.structured_log.v1) when the
// host offers one — a JSON log then carries each field as a member — else
// through the plain rewards::Logger with " key=value" appended.
// Fields are ids and states only: never a secret, token, card code or PIN.
// Thread-safe. Borrows `logger` and `structured` (may be null) for its lifetime.
#pragma once

#include <string_view>

#include "rewards/logger.h"
#include "rewards/structured_logger.h"

namespace ascenda {

class StructuredLog {
 public:
  StructuredLog(rewards::Logger& logger, rewards::StructuredLogger* structured)
      : logger_(logger), structured_(structured) {}

  bool Enabled(rewards::LogLevel level) const noexcept { return logger_.Enabled(level); }
  void Log(rewards::LogLevel level, std::string_view message,
           const rewards::LogFieldList& fields) const noexcept;

 private:
  rewards::Logger& logger_;
  rewards::StructuredLogger* structured_;
};

}  // namespace ascenda
