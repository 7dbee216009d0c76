#include "ascenda/redemption/redemption_policy.h"

#include <algorithm>

namespace ascenda {

RedemptionPolicy PolicyFromSettings(const AscendaSettings& settings) {
  using std::chrono::hours;
  using std::chrono::milliseconds;
  using std::chrono::seconds;
  RedemptionPolicy p;
  if (settings.submit_max_attempts >= 1) {
    p.max_attempts = static_cast<int>(std::min<std::int64_t>(settings.submit_max_attempts, 1000));
  }
  if (settings.reconcile_interval_s >= 1) p.retry_base = seconds(settings.reconcile_interval_s);
  if (settings.poll_after_s >= 1) p.poll_after = seconds(settings.poll_after_s);
  if (settings.reconcile_give_up_after_h >= 1) {
    p.give_up_after = hours(settings.reconcile_give_up_after_h);
  }
  if (settings.submit_confirm_after_s >= 1)
    p.confirm_after = seconds(settings.submit_confirm_after_s);
  if (settings.submit_parked_retry_s >= 1) p.parked_retry = seconds(settings.submit_parked_retry_s);
  p.max_check_interval = std::max<milliseconds>(p.max_check_interval, p.poll_after);
  return p;
}

std::chrono::milliseconds CheckDelay(const RedemptionPolicy& policy, std::chrono::milliseconds base,
                                     int checks) {
  const std::int64_t cap = std::max<std::int64_t>(policy.max_check_interval.count(), 1);
  std::int64_t delay = std::clamp<std::int64_t>(base.count(), 1, cap);
  for (int i = 0; i < checks && delay < cap; ++i) delay = std::min(delay * 2, cap);
  return std::chrono::milliseconds(delay);
}

std::int64_t GiveUpAtMs(const RedemptionPolicy& policy, std::int64_t created_at_ms) {
  return created_at_ms + policy.give_up_after.count();
}

}  // namespace ascenda
