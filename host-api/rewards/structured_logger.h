// StructuredLogger (ABI 1.1, capability kStructuredLogCapability): the host's
// log with named fields, so a JSON log line carries `redemption_id`,
// `reference_id`, `order_id`, `state`, `attempt`… as its own members (the
// text format appends them as ` key=value`).
//
// Logger::Log (logger.h) keeps working unchanged; this is the same log, same
// levels. Field names are lower_snake_case. Neither the message nor a field
// may hold a secret, a token, a password, a card code or PIN.
// Owned by the host; valid until destroy() returns. Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rewards/logger.h"

namespace rewards {

inline constexpr std::string_view kStructuredLogCapability = "rewards.structured_log.v1";

using LogFieldList = std::vector<std::pair<std::string, std::string>>;

class StructuredLogger {
 public:
  virtual void LogFields(LogLevel level, std::string_view message,
                         const LogFieldList& fields) noexcept = 0;

 protected:
  ~StructuredLogger() = default;
};

}  // namespace rewards
