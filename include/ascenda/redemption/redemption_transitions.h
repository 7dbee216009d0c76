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
//   create rejected (400/404/422) while submitting (R/U/P, no order known):
//     when no earlier attempt was uncertain -> X with refund and the reason;
//     after an uncertain attempt -> U with the rejection remembered
//     (rejected_at), no refund, next check after policy.confirm_after.
//     Anywhere else nothing (an order is known).
//   create conflict (NN1011) / create indeterminate (timeout, connection,
//     5xx) while submitting -> uncertain, attempts+1; < max -> U and look up
//     now; >= max -> P.
//   lookup absent with a remembered rejection: at or after rejected_at +
//     confirm_after -> X with refund (the absence is confirmed); earlier ->
//     wait for that time; never a create.
//   lookup absent otherwise: R/U with attempts < max -> U and create again
//     (same reference_id); R/U at max -> P; P without an order -> create
//     again (Ascenda refuses a second order for one reference_id) once
//     policy.parked_retry has passed since the last attempt; before that it
//     only counts the check (whose back-off never passes that time).
//   An order found or observed forgets a remembered rejection.
//   operator resolve (the console's Resolve): only from N. fulfilled -> F,
//     no points change; refunded -> X with refund unless the points went back
//     already (so never twice). Anywhere else nothing: a webhook or the
//     reconciler that settled the row first wins, and the caller says so.
//   deadline check: any non-terminal state past created_at + give_up_after
//     -> N, never a refund. A lookup (found in progress, or absent) past the
//     deadline also ends in N.
// Lookups count a check (reconcile_checks, reset when the state changes) and
// push next_check_at out with exponential back-off (redemption_policy.h);
// parked rows without an order are checked every parked_retry.
// Events carry orders already matched to this redemption's reference_id
// (submit_answers.h, the webhook applier): Decide trusts that match.
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
  std::string reference_id;  // the order's; an answer is applied only to its own redemption
  std::string item_status;   // as Ascenda sent it; unknown text = in progress
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
  kOperatorResolve,
};

struct RedemptionEvent {
  EventKind kind = EventKind::kDeadlineCheck;
  ObservedOrder order;          // accepted, lookup found, order observed
  std::string error_code;       // rejected: Ascenda's code, e.g. "NN1002"
  std::string error_reason;     // rejected: for the member, e.g. "card out of stock"
  bool resolve_refund = false;  // operator resolve: refund (true) or fulfilled
  std::string resolve_note;     // operator resolve: who and why, for the history

  static RedemptionEvent CreateAccepted(ObservedOrder order);
  static RedemptionEvent CreateRejected(std::string code, std::string reason);
  static RedemptionEvent CreateConflict();
  static RedemptionEvent CreateIndeterminate();
  static RedemptionEvent LookupFound(ObservedOrder order);
  static RedemptionEvent LookupAbsent();
  static RedemptionEvent OrderObserved(ObservedOrder order);
  static RedemptionEvent DeadlineCheck();
  static RedemptionEvent OperatorResolve(bool refund, std::string note);
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
  // Some create attempt ended without a definite answer (timeout, lost
  // connection, 5xx, unreadable 201, 409): an order may exist, so a later
  // rejection is no proof that none does.
  bool uncertain = false;
  // A rejection that came after an uncertain attempt: refunded only when a
  // lookup at or after rejected_at + confirm_after still finds no order.
  std::optional<std::int64_t> rejected_at_ms;
  // When the last create attempt without a definite answer was applied: a
  // parked row is created again only parked_retry after it.
  std::optional<std::int64_t> last_attempt_at_ms;

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
