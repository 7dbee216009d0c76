// Submit answers: what one Ascenda answer means for a redemption being
// submitted or checked — the exact mapping from AscendaClient results to
// state machine events (redemption_transitions.h) or to "try again" /
// "leave it to the reconciler". Pure, so every branch is unit-tested.
//
// Only this redemption's order is ever applied: every answer is matched to
// the redemption's reference_id (and, for a poll, its known order id). The
// lookup's reference_id filter is our assumption about Ascenda's API
// (docs/ascenda-api.md), so a lookup answer listing other references' orders
// is read as if they were not there, and a create or poll answer for another
// reference is indeterminate.
//
// Create (POST /fulfillment_orders/gift_cards):
//   201 with a readable order       -> kApply CreateAccepted(order)
//   201 for another reference_id    -> kApply CreateIndeterminate
//   201 with an unreadable body     -> kApply CreateIndeterminate (an order
//                                      exists, its facts are unknown: look up)
//   400 / 404 / 422 (HTTP answers)  -> kApply CreateRejected(code, reason for
//                                      a person); no order exists, so the
//                                      store refunds in the same transaction
//   409 (NN1011 or any other 409)   -> kApply CreateConflict: the order exists
//   kDeadlineExceeded / kUnknown    -> kApply CreateIndeterminate (timeout,
//     (timeout, connection lost,       connection lost mid-exchange, 5xx,
//      5xx, unreadable answer)         not HTTP): the order may or may not exist
//   429                             -> kWaitAndRetry after Retry-After; Ascenda
//                                      did nothing, so no attempt is counted
//   kUnavailable (never sent: refused, TLS failed, connect timeout)
//                                   -> kRetryNotSent: provably never left this
//                                      process, so repeating it is safe and it
//                                      is not an attempt
//   401 / 403 (the client already refreshed its token once), other 4xx, a
//   request that could not be formed -> kHandOff: our configuration is wrong,
//                                      not the order; nothing is applied (no
//                                      refund), the reconciler looks again
// Lookup (GET /orders?reference_id=) and poll (GET /orders/{id}):
//   a readable answer -> kApply LookupFound(first order of this reference;
//   further ones in more_orders) / LookupAbsent (none of this reference);
//   a poll answer for another reference or order id -> kHandOff;
//   429 -> kWaitAndRetry; kUnavailable -> kRetryNotSent; anything else
//   (timeout, 5xx, unreadable, 404 for a known order id) -> kHandOff: a lookup
//   that fails never refunds; the row waits for the reconciler.
//
// Pure functions; thread-safe.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "ascenda/client/ascenda_client.h"
#include "ascenda/redemption/redemption_transitions.h"
#include "rewards/status.h"

namespace ascenda {

enum class AnswerAction { kApply, kWaitAndRetry, kRetryNotSent, kHandOff };

struct Answer {
  AnswerAction action = AnswerAction::kHandOff;
  RedemptionEvent event;                   // kApply
  std::vector<ObservedOrder> more_orders;  // kApply of a lookup: further orders (never expected)
  std::chrono::milliseconds wait{0};       // kWaitAndRetry: Retry-After
  std::string why;                         // for logs; never a delivery value
};

using ApiResult = rewards::Result<AscendaClient::ApiResponse>;

// `reference_id`: the redemption's; `order_id`: the one it knows.
Answer ClassifyCreate(const ApiResult& result, const std::string& reference_id);
Answer ClassifyLookup(const ApiResult& result, const std::string& reference_id);
Answer ClassifyPoll(const ApiResult& result, const std::string& reference_id,
                    const std::string& order_id);

// A rejection's reason for the member, by Ascenda's error code.
std::string RejectionReason(const std::string& code);

}  // namespace ascenda
