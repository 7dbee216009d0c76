// RedemptionOperations (ABI 1.2, provider interface
// "rewards.redemption_operations.v1"): what an operator does with
// redemptions beyond RewardsProvider — search, a detail with the history, and
// resolving one that needs attention.
//
// RewardsProvider's vtable is shipped and never edited, so this is a second
// interface the same provider object may implement. The host asks for it
// through the descriptor's `find_provider_interface` (plugin_entry.h) when the
// plugin's ABI minor is >= 2; nullptr (or an older plugin) means the plugin
// lacks it, and the host answers those routes 501 `not_supported_by_plugin`.
// The interface lives as long as the provider it came from. Every method is
// noexcept and thread-safe; failures are Status values (status.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "rewards/redemption_types.h"
#include "rewards/status.h"

namespace rewards {

inline constexpr char kRedemptionOperationsInterface[] = "rewards.redemption_operations.v1";

// What an operator decided about a needs_attention redemption.
enum class ResolveOutcome {
  kFulfilled,  // the member has the card: nothing moves
  kRefunded,   // the points go back (at most once per redemption, ever)
};

const char* ResolveOutcomeName(ResolveOutcome o) noexcept;

struct ResolveRequest {
  std::string redemption_id;
  ResolveOutcome outcome = ResolveOutcome::kFulfilled;
  std::string operator_name;  // who decided, as the host authenticated them
  std::string note;           // why; non-empty (the host bounds its length)
};

// One state change of a redemption, oldest first in a detail.
struct RedemptionStateChange {
  std::string at;          // RFC 3339, UTC
  std::string from_state;  // empty for the first (reserved)
  std::string to_state;
  std::string event;  // what moved it: "reserved", "order_observed", "operator_resolve", …
  std::string note;   // why, for operators; never delivery data
};

// The operator's detail of a redemption: never delivery data.
struct RedemptionDetail {
  Redemption redemption;     // operator view: `state` set, `delivery` empty
  std::string order_id;      // the provider's order id; empty until known
  std::string item_status;   // the provider's item status; empty until known
  int submit_attempts = 0;   // create calls without a definite answer
  int reconcile_checks = 0;  // lookups since the state last changed
  std::string failure_code;  // the provider's or the plugin's error code
  std::string failure_reason;
  bool refunded = false;  // the points went back
  std::vector<RedemptionStateChange> history;
};

// Operators' search: every filter is optional and they combine (AND).
struct OperatorRedemptionQuery {
  std::string state;         // internal state name; empty = all
  std::string member_id;     // exact member id; empty = all
  std::string reference_id;  // exact reference id (or redemption id); empty = all
  int page = 1;
  int page_size = 25;
};

class RedemptionOperations {
 public:
  // Only a needs_attention redemption: kConflict "not_needs_attention"
  // otherwise (also when a webhook or the reconciler settled it first);
  // kNotFound "unknown_redemption"; kInvalidArgument "invalid_note".
  // Answers the operator view after the change.
  virtual Result<Redemption> Resolve(const ResolveRequest& request) noexcept = 0;
  virtual Result<RedemptionDetail> GetRedemptionDetail(
      const std::string& redemption_id) noexcept = 0;
  // kInvalidArgument "invalid_query" for a bad state, paging or filter.
  virtual Result<RedemptionPage> SearchRedemptions(
      const OperatorRedemptionQuery& query) noexcept = 0;

 protected:
  ~RedemptionOperations() = default;  // owned by the plugin; the host never deletes it
};

}  // namespace rewards
