// Chooses the terminal status of a new order item: first by rule (a card, or
// a card and denomination, or any card with a denomination), else by rate.
//
// Rule text (setting sim.outcome.rules): comma-separated
//   <gift_card_id|*>[/<denomination>]=<fulfilled|failed|cancelled>
// e.g. "00000000-0000-4000-8000-000000000001/13.00=failed,*/99.00=cancelled".
// The most specific matching rule wins (card+denomination, card, denomination).
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "order.h"

namespace ascenda_sim {

struct OutcomeRule {
  std::string gift_card_id;  // "*" = any card
  std::string denomination;  // empty = any denomination
  ItemStatus outcome = ItemStatus::kFulfilled;
};

// Parses rule text as above; returns an error message or "".
[[nodiscard]] std::string ParseOutcomeRules(const std::string& text, std::vector<OutcomeRule>& out);

class OutcomePolicy {
 public:
  // REQUIRES: 0 <= failed_rate + cancelled_rate <= 1.
  OutcomePolicy(std::vector<OutcomeRule> rules, double failed_rate, double cancelled_rate,
                uint64_t seed);

  ItemStatus Choose(const std::string& gift_card_id, const std::string& denomination);

  void SetRules(std::vector<OutcomeRule> rules);
  void AddRules(const std::vector<OutcomeRule>& rules);
  std::vector<OutcomeRule> rules() const;

 private:
  mutable std::mutex mu_;
  std::vector<OutcomeRule> rules_;
  const double failed_rate_;
  const double cancelled_rate_;
  std::mt19937_64 random_;
};

// The errors[] an item gets when it ends failed or cancelled ([sim choice]).
std::vector<ItemError> DefaultItemErrors(ItemStatus outcome);

}  // namespace ascenda_sim
