#include "ascenda/pricing/pricing_table.h"

#include "ascenda/pricing/points_price.h"

namespace ascenda {

PricingTable::PricingTable(const std::map<std::string, std::string>& cost_per_point) {
  for (const auto& [currency, text] : cost_per_point) {
    auto cost = Decimal::Parse(text);
    if (cost.ok() && !cost->is_zero()) {
      cost_per_point_.emplace(currency, cost.value());
      for (const std::string* part : {&currency, &text}) {
        fingerprint_ += std::to_string(part->size());
        fingerprint_ += ':';
        fingerprint_ += *part;
      }
    } else {
      rejected_.push_back(currency);
    }
  }
}

bool PricingTable::Offers(const std::string& currency) const {
  return cost_per_point_.count(currency) != 0;
}

std::optional<std::int64_t> PricingTable::Price(const std::string& currency,
                                                const std::string& face_value) const {
  auto cost = cost_per_point_.find(currency);
  if (cost == cost_per_point_.end()) return std::nullopt;
  auto face = Decimal::Parse(face_value);
  if (!face.ok()) return std::nullopt;
  auto points = PointsPrice(face.value(), cost->second);
  if (!points.ok()) return std::nullopt;
  return points.value();
}

}  // namespace ascenda
