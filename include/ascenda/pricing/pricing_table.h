// PricingTable: the operator's cost-per-point for each currency, ready to price
// gift card denominations.
//
// Built from AscendaSettings::cost_per_point (currency code -> decimal text).
// A currency is "offered" only when it has a valid cost-per-point greater than
// zero; cards in any other currency are not sold (the catalogue hides them).
// Currency codes are matched exactly (byte-wise; Ascenda sends ISO codes in
// upper case). An entry whose cost is not a valid positive decimal (settings
// validation normally prevents this) is left out and listed in
// rejected_currencies() so the caller can log it.
//
// Immutable after construction; thread-safe. Copyable (it is small).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ascenda/pricing/decimal.h"

namespace ascenda {

class PricingTable {
 public:
  PricingTable() = default;  // offers nothing
  explicit PricingTable(const std::map<std::string, std::string>& cost_per_point);

  bool Offers(const std::string& currency) const;

  // Points price of `face_value` in `currency` (see points_price.h), or
  // nullopt when the currency is not offered or the price cannot be computed
  // (malformed or zero face value, price beyond std::int64_t).
  std::optional<std::int64_t> Price(const std::string& currency,
                                    const std::string& face_value) const;

  // Configured currencies whose cost-per-point was refused, in code order.
  const std::vector<std::string>& rejected_currencies() const { return rejected_; }

  // What the prices depend on: every offered currency with its cost-per-point
  // text, in code order, each part length-prefixed ("3:USD4:0.01..."). Two
  // tables with the same fingerprint price every denomination alike, so a
  // catalogue priced by one is the catalogue the other would price (a stored
  // catalogue is served only under its own fingerprint).
  const std::string& fingerprint() const { return fingerprint_; }

 private:
  std::map<std::string, Decimal> cost_per_point_;
  std::string fingerprint_;
  std::vector<std::string> rejected_;
};

}  // namespace ascenda
