// PointsPrice: what a gift card denomination costs in points.
//
//   points = ceil(face value / cost-per-point)
//
// computed exactly on decimal text (see decimal.h; never floating point), so
// "10.00" at "0.03" is 334 points, not 333. A positive face value always costs
// at least 1 point. The arithmetic is done in 128 bits with the operands
// bounded by Decimal's digit limits, and every multiplication is checked
// anyway; a price that does not fit std::int64_t is refused, never wrapped.
//
// Errors (all kInvalidArgument, terminal):
//   "invalid_decimal"      a text is not a decimal amount (Decimal::Parse)
//   "invalid_price"        face value is zero (nothing is sold for 0 points) or
//                          cost-per-point is zero
//   "price_out_of_range"   the price does not fit std::int64_t
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "ascenda/pricing/decimal.h"
#include "rewards/status.h"

namespace ascenda {

rewards::Result<std::int64_t> PointsPrice(const Decimal& face_value, const Decimal& cost_per_point);

rewards::Result<std::int64_t> PointsPrice(const std::string& face_value,
                                          const std::string& cost_per_point);

}  // namespace ascenda
