// Misbehaviour on demand. A fault is chosen for each public API request:
// first from the scripted queue (the control API adds entries such as "the
// next 2 creates for reference X close the connection after committing"),
// otherwise by the configured rates (for the operations rates apply to).
//
// What each kind does is carried out by the API router (api_router.cc):
//   delay                 sleep delay_ms, then handle normally (slow endpoint)
//   timeout_after_commit  handle (commit), sleep delay_ms, then answer
//   close_before_commit   close the connection without handling
//   close_after_commit    handle (commit), close without answering
//   status_500|502|503|504  answer that status; with commit=true after handling
//   status_429            answer 429 with Retry-After, nothing handled
//   invalid_token         answer 401 as for an unknown token, nothing handled
//   expired_token         expire the caller's token, answer 401
//   member_invalid        answer 422 NN1301, nothing handled
//   tenant_not_found      answer 404 AF2006, nothing handled
//   status_404            answer 404 NN1002, nothing handled (e.g. a create
//                         refused before its duplicate check; a token
//                         endpoint that is not there)
//   trickle               answer one byte every delay_ms: an interim
//                         "100 Continue" first, then the real answer; with
//                         commit=false the request is handled only after the
//                         interim is out (a slow Ascenda that commits late),
//                         with commit=true before. A client that hangs up
//                         during the trickle ends it; the request is then not
//                         handled (commit=false).
//   ignore_filter         list_orders: answer the most recent orders, newest
//                         first, as if there were no reference_id filter
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace ascenda_sim {

enum class ApiOp { kToken, kListGiftCards, kCreate, kListOrders, kGetOrder, kResend };

enum class FaultKind {
  kNone,
  kDelay,
  kTimeoutAfterCommit,
  kCloseBeforeCommit,
  kCloseAfterCommit,
  kStatus500,
  kStatus502,
  kStatus503,
  kStatus504,
  kStatus429,
  kInvalidToken,
  kExpiredToken,
  kMemberInvalid,
  kTenantNotFound,
  kStatus404,
  kTrickle,
  kIgnoreFilter,
};

// Wire names: "token", "list_gift_cards", "create", "list_orders",
// "get_order", "resend".
const char* ApiOpName(ApiOp op);
std::optional<ApiOp> ParseApiOp(const std::string& name);
// Wire names: "delay", "timeout_after_commit", ..., "expired_token".
const char* FaultKindName(FaultKind kind);
std::optional<FaultKind> ParseFaultKind(const std::string& name);
// The HTTP status of a status_* fault, else 0.
int FaultStatus(FaultKind kind);

struct Fault {
  FaultKind kind = FaultKind::kNone;
  bool commit = false;  // status_* and trickle: handle the request before answering
  int delay_ms = 0;     // delay / timeout_after_commit; trickle: per byte
};

struct ScriptedFault {
  ApiOp op = ApiOp::kCreate;
  std::string reference_id;  // empty = any request of `op`
  Fault fault;
  int count = 1;  // how many matching requests it applies to
};

struct FaultRates {
  std::map<FaultKind, double> rate;  // probability per request, summed <= 1
  std::set<ApiOp> ops = {ApiOp::kCreate};
  double status_commit_rate = 0.5;  // share of rate-chosen 5xx that commit
  int delay_ms = 15000;
};

class FaultInjector {
 public:
  FaultInjector(FaultRates rates, uint64_t seed);

  // Appends to the queue. A zero delay_ms takes the configured default.
  void Enqueue(ScriptedFault fault);
  // The fault for one request; kind kNone when it should behave. `key` is the
  // request's reference_id (create, list_orders filter, the order's own).
  Fault Next(ApiOp op, const std::string& key);

  std::vector<ScriptedFault> Pending() const;
  void ClearScripted();
  int64_t injected_count() const;

  // Replaces the per-request probabilities (ops, commit share and delay stay
  // as configured); an empty map turns rate faults off. REQUIRES: sum <= 1.
  void SetRateShares(std::map<FaultKind, double> rate);
  // Back to the configured rates (POST /control/reset).
  void RestoreRates();

 private:
  mutable std::mutex mu_;
  const FaultRates configured_;
  FaultRates rates_;  // guarded by mu_
  std::deque<ScriptedFault> queue_;
  std::mt19937_64 random_;
  int64_t injected_ = 0;
};

}  // namespace ascenda_sim
