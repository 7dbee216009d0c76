// RedemptionPolicy: the numbers the redemption state machine decides with —
// how many create calls may end without an answer before a redemption is
// parked, when the reconciler looks again, and when it gives up.
//
// Re-checks back off exponentially per redemption:
//   delay(base, checks) = min(base * 2^checks, max_check_interval)
// with `checks` the redemption's reconcile_checks so far; `retry_base` for
// reserved / unknown / processing (the order's existence is in doubt),
// `poll_after` for submitted (a fallback for a webhook that never comes).
// A parked (processing) redemption without an order is checked every
// `parked_retry`, without back-off: each check may create it again.
// A next check is never later than the give-up deadline
// (created_at + give_up_after), so the deadline is acted on in time.
//
// Value type and pure functions; thread-safe.
#pragma once

#include <chrono>
#include <cstdint>

#include "ascenda/settings/ascenda_settings.h"

namespace ascenda {

struct RedemptionPolicy {
  int max_attempts = 5;
  std::chrono::milliseconds retry_base{30'000};
  std::chrono::milliseconds poll_after{300'000};
  std::chrono::milliseconds max_check_interval{3'600'000};
  std::chrono::milliseconds give_up_after{std::chrono::hours(24)};
  // A rejection after an uncertain create waits this long, then looks again.
  std::chrono::milliseconds confirm_after{60'000};
  // A parked redemption without an order is created again this often.
  std::chrono::milliseconds parked_retry{300'000};
};

// submit_max_attempts, reconcile_interval_s, poll_after_s,
// reconcile_give_up_after_h, submit_confirm_after_s and submit_parked_retry_s;
// values below 1 fall back to the defaults.
RedemptionPolicy PolicyFromSettings(const AscendaSettings& settings);

// min(base * 2^checks, max_check_interval), without overflow; never below 1 ms.
std::chrono::milliseconds CheckDelay(const RedemptionPolicy& policy, std::chrono::milliseconds base,
                                     int checks);

// created_at_ms + give_up_after.
std::int64_t GiveUpAtMs(const RedemptionPolicy& policy, std::int64_t created_at_ms);

}  // namespace ascenda
