// Decide: the redemption state machine as one pure function.
//
//   Decide(facts of the stored row, event, policy, now) -> Decision
//
// The store runs it inside the row's transaction and writes `after`; when
// `refund` is set it credits the points back in that same transaction. Decide
// never performs I/O, so every transition is unit-tested exhaustively.
//
// Events and what they do (R reserved, S submitted, U unknown, P processing,
// F fulfilled, X refunded, N needs_attention; "order" = the order's facts):
//   create accepted / lookup found / order observed (an order for us):
//     adopt the order id; the item status only moves forward;
//     fulfilled -> F; cancelled / failed -> X with refund (exactly once);
//     in progress -> S (R/U/P), N stays N. A terminal outcome contradicting an
//     earlier terminal one (fulfilled vs cancelled/failed) -> N, no points
//     change; a second, different order id -> N. Duplicate or late -> nothing.
//     This also covers a webhook or lookup that lands while the create call
//     is still in flight (R), and the create's answer arriving afterwards.
//   create rejected (400/404/422, no order exists) in R/U -> X with refund and
//     the reason; anywhere else nothing (an order is known, or we are parked).
//   create conflict (NN1011) / create indeterminate (timeout, connection,
//     5xx) in R/U -> attempts+1; < max -> U and look up now; = max -> P.
//   lookup absent: R/U with attempts < max -> U and create again (same
//     reference_id); R/U at max -> P; P stays P (parked, no more creates).
//   deadline check: any non-terminal state past created_at + give_up_after
//     -> N, never a refund. A lookup (found in progress, or absent) past the
//     deadline also ends in N.
// Lookups count a check (reconcile_checks, reset when the state changes) and
// push next_check_at out with exponential back-off (redemption_policy.h).
// Terminal states have no next check.
//
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ascenda/redemption/redemption_policy.h"
#include "ascenda/redemption/redemption_state.h"
#include "rewards/redemption_types.h"

namespace ascenda {

struct ItemError {
  std::string code;
  std::string message;
};

// What an Ascenda order says about a redemption's one item.
struct ObservedOrder {
  std::string order_id;
  std::string item_status;  // as Ascenda sent it; unknown text = in progress
  std::vector<ItemError> errors;
  std::optional<rewards::DeliveryData> delivery;  // bearer value: never log
};

enum class EventKind {
  kCreateAccepted,
  kCreateRejected,
  kCreateConflict,
  kCreateIndeterminate,
  kLookupFound,
  kLookupAbsent,
  kOrderObserved,
  kDeadlineCheck,
};

struct RedemptionEvent {
  EventKind kind = EventKind::kDeadlineCheck;
  ObservedOrder order;       // accepted, lookup found, order observed
  std::string error_code;    // rejected: Ascenda's code, e.g. "NN1002"
  std::string error_reason;  // rejected: for the member, e.g. "card out of stock"

  static RedemptionEvent CreateAccepted(ObservedOrder order);
  static RedemptionEvent CreateRejected(std::string code, std::string reason);
  static RedemptionEvent CreateConflict();
  static RedemptionEvent CreateIndeterminate();
  static RedemptionEvent LookupFound(ObservedOrder order);
  static RedemptionEvent LookupAbsent();
  static RedemptionEvent OrderObserved(ObservedOrder order);
  static RedemptionEvent DeadlineCheck();
};

const char* EventKindName(EventKind k) noexcept;

// The part of a stored redemption that Decide reads and writes.
struct RedemptionFacts {
  RedemptionState state = RedemptionState::kReserved;
  std::optional<ItemStatus> item_status;
  std::string order_id;      // empty: no order known
  int submit_attempts = 0;   // create calls that ended without a definite answer
  int reconcile_checks = 0;  // lookups since the state last changed
  std::string failure_code;
  std::string failure_reason;
  std::optional<std::int64_t> next_check_at_ms;  // nullopt exactly when terminal
  std::int64_t created_at_ms = 0;
  bool refunded = false;  // the refund credit has been written

  bool operator==(const RedemptionFacts& o) const;
  bool operator!=(const RedemptionFacts& o) const { return !(*this == o); }
};

// What the caller should do right away (the reconciler otherwise acts at
// next_check_at).
enum class NextStep { kNone, kLookup, kResubmit };

struct Decision {
  RedemptionFacts after;
  bool changed = false;  // after != before; false: write nothing
  bool refund = false;   // credit the points back, in the same transaction
  NextStep next_step = NextStep::kNone;
  std::optional<rewards::DeliveryData> delivery;  // on entering fulfilled
  std::string note;                               // why, for logs; no secrets
};

Decision Decide(const RedemptionFacts& before, const RedemptionEvent& event,
                const RedemptionPolicy& policy, std::int64_t now_ms);

}  // namespace ascenda
