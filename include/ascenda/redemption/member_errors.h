// ForMember: what a member may be told about a failed request. A refusal
// this plugin words itself (price_changed, insufficient_points,
// missing_member_field, card_unavailable, conflict, unknown_redemption, ...)
// passes through as it is, and so do this plugin's own kUnavailable answers
// (catalogue_unavailable, ...). A failure of the machinery (the database,
// Poco, OpenSSL, an unexpected exception: codes kInternal and kUnknown, or
// any database_* error) keeps its code and
// retry class but gets a plain sentence and a stable error name instead of
// its text — "temporarily_unavailable" (retryable) or "internal_error" —
// and the original is logged for the operator. Never database or Poco text
// in front of a member.
//
// Pure but for the log line; thread-safe. `logger` is borrowed for the call.
#pragma once

#include <string>

#include "rewards/logger.h"
#include "rewards/status.h"

namespace ascenda {

rewards::Status ForMember(const rewards::Status& status, rewards::Logger& logger,
                          const std::string& what);

}  // namespace ascenda
