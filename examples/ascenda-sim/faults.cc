#include "faults.h"

namespace ascenda_sim {
namespace {

struct OpName {
  ApiOp op;
  const char* name;
};
const OpName kOps[] = {{ApiOp::kToken, "token"},        {ApiOp::kListGiftCards, "list_gift_cards"},
                       {ApiOp::kCreate, "create"},      {ApiOp::kListOrders, "list_orders"},
                       {ApiOp::kGetOrder, "get_order"}, {ApiOp::kResend, "resend"}};

struct KindName {
  FaultKind kind;
  const char* name;
};
const KindName kKinds[] = {{FaultKind::kNone, "none"},
                           {FaultKind::kDelay, "delay"},
                           {FaultKind::kTimeoutAfterCommit, "timeout_after_commit"},
                           {FaultKind::kCloseBeforeCommit, "close_before_commit"},
                           {FaultKind::kCloseAfterCommit, "close_after_commit"},
                           {FaultKind::kStatus500, "status_500"},
                           {FaultKind::kStatus502, "status_502"},
                           {FaultKind::kStatus503, "status_503"},
                           {FaultKind::kStatus504, "status_504"},
                           {FaultKind::kStatus429, "status_429"},
                           {FaultKind::kInvalidToken, "invalid_token"},
                           {FaultKind::kExpiredToken, "expired_token"},
                           {FaultKind::kMemberInvalid, "member_invalid"},
                           {FaultKind::kTenantNotFound, "tenant_not_found"},
                           {FaultKind::kStatus404, "status_404"},
                           {FaultKind::kTrickle, "trickle"},
                           {FaultKind::kIgnoreFilter, "ignore_filter"}};

}  // namespace

const char* ApiOpName(ApiOp op) {
  for (const OpName& entry : kOps) {
    if (entry.op == op) return entry.name;
  }
  return "?";
}

std::optional<ApiOp> ParseApiOp(const std::string& name) {
  for (const OpName& entry : kOps) {
    if (name == entry.name) return entry.op;
  }
  return std::nullopt;
}

const char* FaultKindName(FaultKind kind) {
  for (const KindName& entry : kKinds) {
    if (entry.kind == kind) return entry.name;
  }
  return "?";
}

std::optional<FaultKind> ParseFaultKind(const std::string& name) {
  for (const KindName& entry : kKinds) {
    if (name == entry.name) return entry.kind;
  }
  return std::nullopt;
}

int FaultStatus(FaultKind kind) {
  switch (kind) {
    case FaultKind::kStatus500:
      return 500;
    case FaultKind::kStatus502:
      return 502;
    case FaultKind::kStatus503:
      return 503;
    case FaultKind::kStatus504:
      return 504;
    default:
      return 0;
  }
}

FaultInjector::FaultInjector(FaultRates rates, uint64_t seed)
    : configured_(std::move(rates)), rates_(configured_), random_(seed) {}

void FaultInjector::Enqueue(ScriptedFault fault) {
  if (fault.fault.delay_ms <= 0) fault.fault.delay_ms = configured_.delay_ms;
  if (fault.count < 1) fault.count = 1;
  std::lock_guard<std::mutex> lock(mu_);
  queue_.push_back(std::move(fault));
}

Fault FaultInjector::Next(ApiOp op, const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = queue_.begin(); it != queue_.end(); ++it) {
    if (it->op != op || (!it->reference_id.empty() && it->reference_id != key)) {
      continue;
    }
    Fault fault = it->fault;
    if (--it->count <= 0) queue_.erase(it);
    ++injected_;
    return fault;
  }
  if (rates_.rate.empty() || !rates_.ops.count(op)) return Fault{};
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  double draw = unit(random_), sum = 0;
  for (const auto& [kind, rate] : rates_.rate) {
    sum += rate;
    if (draw < sum) {
      ++injected_;
      Fault fault{kind, false, rates_.delay_ms};
      if (FaultStatus(kind)) fault.commit = unit(random_) < rates_.status_commit_rate;
      return fault;
    }
  }
  return Fault{};
}

std::vector<ScriptedFault> FaultInjector::Pending() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {queue_.begin(), queue_.end()};
}

void FaultInjector::ClearScripted() {
  std::lock_guard<std::mutex> lock(mu_);
  queue_.clear();
}

int64_t FaultInjector::injected_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return injected_;
}

void FaultInjector::SetRateShares(std::map<FaultKind, double> rate) {
  std::lock_guard<std::mutex> lock(mu_);
  rates_.rate = std::move(rate);
}

void FaultInjector::RestoreRates() {
  std::lock_guard<std::mutex> lock(mu_);
  rates_ = configured_;
}

}  // namespace ascenda_sim
