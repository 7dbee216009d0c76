// The vocabulary of a redemption's life: its internal states, Ascenda's order
// item statuses and how they are ordered, and what a member is shown.
//
// States (stored by these exact names in ascenda_redemptions.state):
//   reserved         points debited, row written; the create call may be in flight
//   submitted        Ascenda holds the order (order_id known); waiting for the item
//   unknown          a create ended without a definite answer; look up by reference_id
//   processing       parked after max create attempts; the reconciler keeps looking
//   fulfilled        terminal: the item was fulfilled
//   refunded         terminal: the points went back (known failure or rejection)
//   needs_attention  an operator must look: no outcome by the deadline, or
//                    contradicting outcomes. Never refunded on a guess.
// Terminal states have no next check; the reconciler never picks them. A
// needs_attention redemption whose item had no terminal status yet (e.g. it
// gave up waiting) is still settled by a later known outcome (webhook,
// operator resync): fulfilled, or refunded with the refund.
//
// Item statuses (Ascenda's order_items[].status) only move forward:
//   pending < processing < {fulfilled, cancelled, failed}
// A status this code does not know is "still in progress" (ParseItemStatus
// answers nullopt) and never moves the stored status.
//
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rewards/redemption_types.h"

namespace ascenda {

enum class RedemptionState {
  kReserved,
  kSubmitted,
  kUnknown,
  kProcessing,
  kFulfilled,
  kRefunded,
  kNeedsAttention,
};

const char* StateName(RedemptionState s) noexcept;
std::optional<RedemptionState> ParseState(const std::string& name) noexcept;
// Every state, in declaration order.
const std::vector<RedemptionState>& AllStates();

// fulfilled, refunded, needs_attention.
bool IsTerminal(RedemptionState s) noexcept;

// processing for reserved / submitted / unknown / processing / needs_attention,
// fulfilled for fulfilled, failed for refunded.
rewards::MemberStatus MemberStatusOf(RedemptionState s) noexcept;
// The states a member status filter ("processing", "fulfilled", "failed")
// covers; nullopt for any other text.
std::optional<std::vector<RedemptionState>> StatesForMemberStatus(const std::string& status);

enum class ItemStatus { kPending, kProcessing, kFulfilled, kCancelled, kFailed };

const char* ItemStatusName(ItemStatus s) noexcept;
// nullopt for a status this code does not know (treated as in progress).
std::optional<ItemStatus> ParseItemStatus(const std::string& name) noexcept;

// pending 0, processing 1, fulfilled / cancelled / failed 2.
int ItemRank(ItemStatus s) noexcept;
bool IsTerminalItem(ItemStatus s) noexcept;
// cancelled and failed: the member gets the points back.
bool IsRefundItem(ItemStatus s) noexcept;

}  // namespace ascenda
