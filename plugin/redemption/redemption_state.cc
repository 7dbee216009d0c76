#include "ascenda/redemption/redemption_state.h"

namespace ascenda {

const char* StateName(RedemptionState s) noexcept {
  switch (s) {
    case RedemptionState::kReserved:
      return "reserved";
    case RedemptionState::kSubmitted:
      return "submitted";
    case RedemptionState::kUnknown:
      return "unknown";
    case RedemptionState::kProcessing:
      return "processing";
    case RedemptionState::kFulfilled:
      return "fulfilled";
    case RedemptionState::kRefunded:
      return "refunded";
    case RedemptionState::kNeedsAttention:
      return "needs_attention";
  }
  return "unknown";
}

const std::vector<RedemptionState>& AllStates() {
  static const std::vector<RedemptionState> all = {
      RedemptionState::kReserved,      RedemptionState::kSubmitted, RedemptionState::kUnknown,
      RedemptionState::kProcessing,    RedemptionState::kFulfilled, RedemptionState::kRefunded,
      RedemptionState::kNeedsAttention};
  return all;
}

std::optional<RedemptionState> ParseState(const std::string& name) noexcept {
  for (RedemptionState s : AllStates()) {
    if (name == StateName(s)) return s;
  }
  return std::nullopt;
}

bool IsTerminal(RedemptionState s) noexcept {
  return s == RedemptionState::kFulfilled || s == RedemptionState::kRefunded ||
         s == RedemptionState::kNeedsAttention;
}

rewards::MemberStatus MemberStatusOf(RedemptionState s) noexcept {
  switch (s) {
    case RedemptionState::kFulfilled:
      return rewards::MemberStatus::kFulfilled;
    case RedemptionState::kRefunded:
      return rewards::MemberStatus::kFailed;
    default:
      return rewards::MemberStatus::kProcessing;
  }
}

std::optional<std::vector<RedemptionState>> StatesForMemberStatus(const std::string& status) {
  std::vector<RedemptionState> out;
  for (RedemptionState s : AllStates()) {
    if (status == rewards::MemberStatusName(MemberStatusOf(s))) out.push_back(s);
  }
  if (out.empty()) return std::nullopt;
  return out;
}

const char* ItemStatusName(ItemStatus s) noexcept {
  switch (s) {
    case ItemStatus::kPending:
      return "pending";
    case ItemStatus::kProcessing:
      return "processing";
    case ItemStatus::kFulfilled:
      return "fulfilled";
    case ItemStatus::kCancelled:
      return "cancelled";
    case ItemStatus::kFailed:
      return "failed";
  }
  return "pending";
}

std::optional<ItemStatus> ParseItemStatus(const std::string& name) noexcept {
  for (ItemStatus s : {ItemStatus::kPending, ItemStatus::kProcessing, ItemStatus::kFulfilled,
                       ItemStatus::kCancelled, ItemStatus::kFailed}) {
    if (name == ItemStatusName(s)) return s;
  }
  return std::nullopt;
}

int ItemRank(ItemStatus s) noexcept {
  switch (s) {
    case ItemStatus::kPending:
      return 0;
    case ItemStatus::kProcessing:
      return 1;
    default:
      return 2;
  }
}

bool IsTerminalItem(ItemStatus s) noexcept { return ItemRank(s) == 2; }

bool IsRefundItem(ItemStatus s) noexcept {
  return s == ItemStatus::kCancelled || s == ItemStatus::kFailed;
}

}  // namespace ascenda
