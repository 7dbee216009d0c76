#include "ascenda/redemption/redemption_transitions.h"

#include <algorithm>
#include <utility>

namespace ascenda {

namespace {

using S = RedemptionState;

bool Active(S s) { return !IsTerminal(s); }
// A create call can be outstanding only before any order is known; a parked
// row without an order is created again now and then.
bool Submitting(const RedemptionFacts& f) {
  return (f.state == S::kReserved || f.state == S::kUnknown || f.state == S::kProcessing) &&
         f.order_id.empty();
}

bool ParkedWithoutOrder(const RedemptionFacts& f) {
  return f.state == S::kProcessing && f.order_id.empty();
}

struct Ctx {
  const RedemptionFacts& before;
  const RedemptionPolicy& policy;
  std::int64_t now_ms;
  std::int64_t deadline_ms() const { return GiveUpAtMs(policy, before.created_at_ms); }
  bool past_deadline() const { return now_ms >= deadline_ms(); }
};

Decision Keep(const Ctx& c, std::string note) {
  Decision d;
  d.after = c.before;
  d.note = std::move(note);
  return d;
}

Decision Finish(const Ctx& c, Decision d) {
  d.changed = d.after != c.before;
  return d;
}

// Checks count per state; terminal states have no next check.
void EnterState(RedemptionFacts& f, S state) {
  if (f.state != state) f.reconcile_checks = 0;
  f.state = state;
  if (IsTerminal(state)) f.next_check_at_ms.reset();
}

// When a parked row without an order may be created again.
std::int64_t NextParkedCreateAt(const Ctx& c, const RedemptionFacts& f) {
  return f.last_attempt_at_ms.value_or(c.now_ms) +
         std::max<std::int64_t>(c.policy.parked_retry.count(), 1);
}

void ScheduleCheck(const Ctx& c, RedemptionFacts& f) {
  std::int64_t at = 0;
  if (f.rejected_at_ms) {
    at = std::max(*f.rejected_at_ms + c.policy.confirm_after.count(), c.now_ms);
  } else {
    const auto base = f.state == S::kSubmitted ? c.policy.poll_after : c.policy.retry_base;
    at = c.now_ms + CheckDelay(c.policy, base, f.reconcile_checks).count();
    if (ParkedWithoutOrder(f)) at = std::min(at, NextParkedCreateAt(c, f));
  }
  f.next_check_at_ms = std::min(at, c.deadline_ms());
}

void Refund(const RedemptionFacts& before, Decision& d, std::string code, std::string reason) {
  EnterState(d.after, S::kRefunded);
  d.after.failure_code = std::move(code);
  d.after.failure_reason = std::move(reason);
  d.after.rejected_at_ms.reset();
  d.refund = !before.refunded;
  d.after.refunded = true;
}

void NeedsAttention(RedemptionFacts& f, std::string code, std::string reason) {
  EnterState(f, S::kNeedsAttention);
  f.failure_code = std::move(code);
  f.failure_reason = std::move(reason);
}

void GiveUp(const Ctx& c, RedemptionFacts& f) {
  NeedsAttention(f, "gave_up",
                 "no outcome from Ascenda within " +
                     std::to_string(c.policy.give_up_after.count() / 3'600'000) + " h");
}

std::string ReasonOf(const ObservedOrder& order, ItemStatus status) {
  std::string reason;
  for (const ItemError& e : order.errors) {
    const std::string& part = e.message.empty() ? e.code : e.message;
    if (part.empty()) continue;
    if (!reason.empty()) reason += "; ";
    reason += part;
  }
  if (reason.empty()) reason = std::string("the gift card order was ") + ItemStatusName(status);
  return reason;
}

// A lookup counts as a check: back off, or give up past the deadline.
Decision CountCheck(const Ctx& c, Decision d) {
  if (IsTerminal(d.after.state)) return d;
  if (c.past_deadline()) {
    GiveUp(c, d.after);
    d.next_step = NextStep::kNone;
    return d;
  }
  ++d.after.reconcile_checks;
  ScheduleCheck(c, d.after);
  return d;
}

// The stored item already has a terminal status: only a contradiction counts.
Decision ObserveSettled(const Ctx& c, ItemStatus stored, std::optional<ItemStatus> seen) {
  if (!seen || !IsTerminalItem(*seen) || IsRefundItem(*seen) == IsRefundItem(stored) ||
      c.before.state == S::kNeedsAttention) {
    return Keep(c, "duplicate or late order event");
  }
  Decision d = Keep(c, "contradicting terminal outcome");
  NeedsAttention(d.after, "contradicting_outcome",
                 std::string("Ascenda reported ") + ItemStatusName(*seen) + " after " +
                     ItemStatusName(stored));
  return Finish(c, std::move(d));
}

Decision ObserveOrder(const Ctx& c, const ObservedOrder& order) {
  const RedemptionFacts& b = c.before;
  const std::optional<ItemStatus> seen = ParseItemStatus(order.item_status);
  if (!b.order_id.empty() && !order.order_id.empty() && order.order_id != b.order_id) {
    if (b.state == S::kNeedsAttention) return Keep(c, "second order id, already flagged");
    Decision d = Keep(c, "second order id for one reference_id");
    NeedsAttention(d.after, "order_mismatch",
                   "Ascenda reported order " + order.order_id + " besides " + b.order_id);
    return Finish(c, std::move(d));
  }
  if (b.item_status && IsTerminalItem(*b.item_status)) {
    return ObserveSettled(c, *b.item_status, seen);
  }
  Decision d = Keep(c, "order observed");
  RedemptionFacts& a = d.after;
  if (a.order_id.empty()) a.order_id = order.order_id;
  if (a.rejected_at_ms && b.state != S::kRefunded) {  // the rejection was not the last word
    a.rejected_at_ms.reset();
    a.failure_code.clear();
    a.failure_reason.clear();
  }
  if (seen && (!a.item_status || ItemRank(*seen) > ItemRank(*a.item_status))) a.item_status = seen;
  const bool fulfilled = seen == ItemStatus::kFulfilled;
  const bool failed = seen && IsRefundItem(*seen);
  if (b.state == S::kRefunded) {  // refunded on a rejection, yet an order exists
    if (fulfilled) {
      NeedsAttention(a, "contradicting_outcome", "Ascenda fulfilled a rejected order");
    } else if (!failed) {
      NeedsAttention(a, "order_after_refund", "an order exists for a refunded redemption");
    }
    return Finish(c, std::move(d));
  }
  if (b.state == S::kFulfilled) return Keep(c, "late order event");  // defensive: no item
  if (fulfilled && b.refunded) {  // the member has the points back already
    NeedsAttention(a, "contradicting_outcome", "Ascenda fulfilled a refunded redemption");
  } else if (fulfilled) {
    EnterState(a, S::kFulfilled);
    a.failure_code.clear();
    a.failure_reason.clear();
    d.delivery = order.delivery;
  } else if (failed) {
    Refund(b, d, order.errors.empty() ? ItemStatusName(*seen) : order.errors.front().code,
           ReasonOf(order, *seen));
  } else if (b.state != S::kNeedsAttention && b.state != S::kSubmitted) {
    EnterState(a, S::kSubmitted);
    ScheduleCheck(c, a);
  }
  return Finish(c, std::move(d));
}

Decision CreateRejected(const Ctx& c, const RedemptionEvent& e) {
  if (!Submitting(c.before)) return Keep(c, "rejection ignored: not submitting");
  if (!c.before.uncertain) {
    Decision d = Keep(c, "create rejected before any order exists");
    Refund(c.before, d, e.error_code, e.error_reason);
    return Finish(c, std::move(d));
  }
  // An earlier attempt may have created the order: confirm its absence first.
  Decision d = Keep(c, "create rejected after an uncertain attempt: confirming the absence");
  RedemptionFacts& a = d.after;
  EnterState(a, S::kUnknown);
  a.failure_code = e.error_code;
  a.failure_reason = e.error_reason;
  if (!a.rejected_at_ms) a.rejected_at_ms = c.now_ms;
  ScheduleCheck(c, a);
  return Finish(c, std::move(d));
}

Decision CreateInDoubt(const Ctx& c, const char* note) {
  if (!Submitting(c.before)) return Keep(c, std::string(note) + ", ignored: not submitting");
  Decision d = Keep(c, note);
  RedemptionFacts& a = d.after;
  a.uncertain = true;
  a.last_attempt_at_ms = c.now_ms;
  ++a.submit_attempts;
  if (a.submit_attempts >= c.policy.max_attempts) {
    EnterState(a, S::kProcessing);
  } else {
    EnterState(a, S::kUnknown);
    d.next_step = NextStep::kLookup;
  }
  ScheduleCheck(c, a);
  return Finish(c, std::move(d));
}

Decision LookupAbsent(const Ctx& c) {
  const RedemptionFacts& b = c.before;
  if (!Active(b.state)) return Keep(c, "lookup ignored: terminal");
  if (b.rejected_at_ms && b.order_id.empty()) {
    if (c.now_ms >= *b.rejected_at_ms + c.policy.confirm_after.count()) {
      Decision d = Keep(c, "rejected, and still no order after the confirmation wait");
      Refund(b, d, b.failure_code, b.failure_reason);
      return Finish(c, std::move(d));
    }
    return Finish(c, CountCheck(c, Keep(c, "rejected: waiting to confirm the absence")));
  }
  Decision d = Keep(c, "no order for reference_id");
  if (ParkedWithoutOrder(b) && !c.past_deadline()) {
    if (c.now_ms >= NextParkedCreateAt(c, b)) {
      d.next_step = NextStep::kResubmit;  // slow re-creates heal an outage
      d.note = "parked, no order: create again with the same reference_id";
    }
  } else if (Submitting(b) && !c.past_deadline()) {
    if (b.submit_attempts < c.policy.max_attempts) {
      EnterState(d.after, S::kUnknown);
      d.next_step = NextStep::kResubmit;
    } else {
      EnterState(d.after, S::kProcessing);
    }
  }
  return Finish(c, CountCheck(c, std::move(d)));
}

Decision DeadlineCheck(const Ctx& c) {
  if (!Active(c.before.state) || !c.past_deadline()) return Keep(c, "deadline not passed");
  Decision d = Keep(c, "gave up");
  GiveUp(c, d.after);
  return Finish(c, std::move(d));
}

Decision OperatorResolve(const Ctx& c, const RedemptionEvent& e) {
  if (c.before.state != S::kNeedsAttention) {
    return Keep(c, "resolve ignored: not needs_attention");
  }
  Decision d = Keep(c, e.resolve_note);
  if (e.resolve_refund) {
    Refund(c.before, d, "operator_refunded", "Customer service returned your points");
  } else {
    EnterState(d.after, S::kFulfilled);
    d.after.failure_code.clear();
    d.after.failure_reason.clear();
  }
  return Finish(c, std::move(d));
}

}  // namespace

RedemptionEvent RedemptionEvent::CreateAccepted(ObservedOrder order) {
  RedemptionEvent e;
  e.kind = EventKind::kCreateAccepted;
  e.order = std::move(order);
  return e;
}

RedemptionEvent RedemptionEvent::CreateRejected(std::string code, std::string reason) {
  RedemptionEvent e;
  e.kind = EventKind::kCreateRejected;
  e.error_code = std::move(code);
  e.error_reason = std::move(reason);
  return e;
}

RedemptionEvent RedemptionEvent::CreateConflict() {
  RedemptionEvent e;
  e.kind = EventKind::kCreateConflict;
  return e;
}

RedemptionEvent RedemptionEvent::CreateIndeterminate() {
  RedemptionEvent e;
  e.kind = EventKind::kCreateIndeterminate;
  return e;
}

RedemptionEvent RedemptionEvent::LookupFound(ObservedOrder order) {
  RedemptionEvent e = CreateAccepted(std::move(order));
  e.kind = EventKind::kLookupFound;
  return e;
}

RedemptionEvent RedemptionEvent::LookupAbsent() {
  RedemptionEvent e;
  e.kind = EventKind::kLookupAbsent;
  return e;
}

RedemptionEvent RedemptionEvent::OrderObserved(ObservedOrder order) {
  RedemptionEvent e = CreateAccepted(std::move(order));
  e.kind = EventKind::kOrderObserved;
  return e;
}

RedemptionEvent RedemptionEvent::DeadlineCheck() { return RedemptionEvent(); }

RedemptionEvent RedemptionEvent::OperatorResolve(bool refund, std::string note) {
  RedemptionEvent e;
  e.kind = EventKind::kOperatorResolve;
  e.resolve_refund = refund;
  e.resolve_note = std::move(note);
  return e;
}

const char* EventKindName(EventKind k) noexcept {
  switch (k) {
    case EventKind::kCreateAccepted:
      return "create_accepted";
    case EventKind::kCreateRejected:
      return "create_rejected";
    case EventKind::kCreateConflict:
      return "create_conflict";
    case EventKind::kCreateIndeterminate:
      return "create_indeterminate";
    case EventKind::kLookupFound:
      return "lookup_found";
    case EventKind::kLookupAbsent:
      return "lookup_absent";
    case EventKind::kOrderObserved:
      return "order_observed";
    case EventKind::kDeadlineCheck:
      return "deadline_check";
    case EventKind::kOperatorResolve:
      return "operator_resolve";
  }
  return "unknown";
}

bool RedemptionFacts::operator==(const RedemptionFacts& o) const {
  return state == o.state && item_status == o.item_status && order_id == o.order_id &&
         submit_attempts == o.submit_attempts && reconcile_checks == o.reconcile_checks &&
         failure_code == o.failure_code && failure_reason == o.failure_reason &&
         next_check_at_ms == o.next_check_at_ms && created_at_ms == o.created_at_ms &&
         refunded == o.refunded && uncertain == o.uncertain && rejected_at_ms == o.rejected_at_ms &&
         last_attempt_at_ms == o.last_attempt_at_ms;
}

Decision Decide(const RedemptionFacts& before, const RedemptionEvent& event,
                const RedemptionPolicy& policy, std::int64_t now_ms) {
  const Ctx c{before, policy, now_ms};
  switch (event.kind) {
    case EventKind::kCreateAccepted:
    case EventKind::kOrderObserved:
      return ObserveOrder(c, event.order);
    case EventKind::kLookupFound:
      return Finish(c, CountCheck(c, ObserveOrder(c, event.order)));
    case EventKind::kCreateRejected:
      return CreateRejected(c, event);
    case EventKind::kCreateConflict:
      return CreateInDoubt(c, "reference_id already exists at Ascenda");
    case EventKind::kCreateIndeterminate:
      return CreateInDoubt(c, "create ended without an answer");
    case EventKind::kLookupAbsent:
      return LookupAbsent(c);
    case EventKind::kDeadlineCheck:
      return DeadlineCheck(c);
    case EventKind::kOperatorResolve:
      return OperatorResolve(c, event);
  }
  return Keep(c, "unknown event");
}

}  // namespace ascenda
