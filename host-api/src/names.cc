#include "rewards/redemption_operations.h"
#include "rewards/redemption_types.h"
#include "rewards/rewards_provider.h"

namespace rewards {

const char* MemberStatusName(MemberStatus s) noexcept {
  switch (s) {
    case MemberStatus::kProcessing:
      return "processing";
    case MemberStatus::kFulfilled:
      return "fulfilled";
    case MemberStatus::kFailed:
      return "failed";
  }
  return "processing";
}

const char* HealthStateName(HealthState s) noexcept {
  switch (s) {
    case HealthState::kHealthy:
      return "healthy";
    case HealthState::kDegraded:
      return "degraded";
    case HealthState::kUnhealthy:
      return "unhealthy";
  }
  return "unhealthy";
}

const char* ResolveOutcomeName(ResolveOutcome o) noexcept {
  return o == ResolveOutcome::kRefunded ? "refunded" : "fulfilled";
}

}  // namespace rewards
