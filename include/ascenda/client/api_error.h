// ApiError: what an Ascenda answer that is not a success means, as a
// rewards::Status (docs/ascenda-api.md §4). The one place that maps HTTP statuses.
//
//   400          kInvalidArgument     terminal
//   401          kUnauthenticated     terminal (the client refreshes its token once)
//   403          kPermissionDenied    terminal
//   404          kNotFound            terminal
//   409          kConflict            terminal (NN1011: reference_id already used)
//   422          kFailedPrecondition  terminal
//   other 4xx    kFailedPrecondition  terminal
//   429          kResourceExhausted   retryable; details "retry_after_ms" and
//                                     "retry_after_s" from Retry-After
//   500..599     kUnknown             indeterminate (an order may or may not exist)
//   1xx / 3xx    kUnknown             indeterminate ("unexpected_status")
//
// error() is the Ascenda code of errors[0] (e.g. "NN1002") when the body has
// one, else "http_<status>" (5xx gateways answer HTML); message() holds the
// title and detail for a person — callers must never branch on it. Every
// status carries details["http_status"].
//
// Pure functions; thread-safe.
#pragma once

#include <chrono>
#include <string>

#include "ascenda/client/http_transport.h"
#include "rewards/status.h"

namespace ascenda {

// REQUIRES: response.status is not 2xx.
rewards::Status StatusFromResponse(const HttpResponse& response,
                                   std::chrono::system_clock::time_point now);

// Retry-After as delay-seconds or an HTTP date (relative to `now`), at least
// 0; kDefaultRetryAfter when absent or unreadable.
constexpr std::chrono::milliseconds kDefaultRetryAfter{1000};
std::chrono::milliseconds RetryAfter(const HttpResponse& response,
                                     std::chrono::system_clock::time_point now);

// kUnknown "bad_response": a success whose body cannot be read; `what` says
// why (never the body itself).
rewards::Status BadResponse(const std::string& what);

}  // namespace ascenda
