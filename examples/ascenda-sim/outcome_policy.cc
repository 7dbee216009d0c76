#include "outcome_policy.h"

#include <sstream>

#include "wire_json.h"

namespace ascenda_sim {

std::string ParseOutcomeRules(const std::string& text, std::vector<OutcomeRule>& out) {
  std::stringstream in(text);
  std::string entry;
  while (std::getline(in, entry, ',')) {
    size_t b = entry.find_first_not_of(" \t"), e = entry.find_last_not_of(" \t");
    if (b == std::string::npos) continue;
    entry = entry.substr(b, e - b + 1);
    size_t eq = entry.find('=');
    if (eq == std::string::npos) return "outcome rule without '=': " + entry;
    OutcomeRule rule;
    std::string target = entry.substr(0, eq);
    std::optional<ItemStatus> outcome = ParseItemStatus(entry.substr(eq + 1));
    if (!outcome || !IsTerminal(*outcome)) {
      return "outcome rule needs fulfilled, failed or cancelled: " + entry;
    }
    rule.outcome = *outcome;
    size_t slash = target.find('/');
    rule.gift_card_id = target.substr(0, slash);
    if (slash != std::string::npos) rule.denomination = target.substr(slash + 1);
    if (rule.gift_card_id.empty()) return "outcome rule without card: " + entry;
    out.push_back(rule);
  }
  return "";
}

OutcomePolicy::OutcomePolicy(std::vector<OutcomeRule> rules, double failed_rate,
                             double cancelled_rate, uint64_t seed)
    : rules_(std::move(rules)),
      failed_rate_(failed_rate),
      cancelled_rate_(cancelled_rate),
      random_(seed) {}

ItemStatus OutcomePolicy::Choose(const std::string& gift_card_id, const std::string& denomination) {
  std::lock_guard<std::mutex> lock(mu_);
  int best_score = -1;
  ItemStatus best = ItemStatus::kFulfilled;
  for (const OutcomeRule& rule : rules_) {
    bool card_ok = rule.gift_card_id == "*" || rule.gift_card_id == gift_card_id;
    bool denomination_ok = rule.denomination.empty() || rule.denomination == denomination;
    if (!card_ok || !denomination_ok) continue;
    int score = (rule.gift_card_id != "*" ? 2 : 0) + (rule.denomination.empty() ? 0 : 1);
    if (score > best_score) {
      best_score = score;
      best = rule.outcome;
    }
  }
  if (best_score >= 0) return best;
  if (failed_rate_ <= 0 && cancelled_rate_ <= 0) return ItemStatus::kFulfilled;
  double draw = std::uniform_real_distribution<double>(0.0, 1.0)(random_);
  if (draw < failed_rate_) return ItemStatus::kFailed;
  if (draw < failed_rate_ + cancelled_rate_) return ItemStatus::kCancelled;
  return ItemStatus::kFulfilled;
}

void OutcomePolicy::SetRules(std::vector<OutcomeRule> rules) {
  std::lock_guard<std::mutex> lock(mu_);
  rules_ = std::move(rules);
}

void OutcomePolicy::AddRules(const std::vector<OutcomeRule>& rules) {
  std::lock_guard<std::mutex> lock(mu_);
  rules_.insert(rules_.end(), rules.begin(), rules.end());
}

std::vector<OutcomeRule> OutcomePolicy::rules() const {
  std::lock_guard<std::mutex> lock(mu_);
  return rules_;
}

std::vector<ItemError> DefaultItemErrors(ItemStatus outcome) {
  switch (outcome) {
    case ItemStatus::kFailed:
      return {{"GC4001", "supplier rejected the gift card order"}};
    case ItemStatus::kCancelled:
      return {{"GC4002", "gift card order was cancelled by the supplier"}};
    default:
      return {};
  }
}

}  // namespace ascenda_sim
