#include "ascenda/pricing/points_price.h"

#include <limits>

namespace ascenda {

namespace {

using Wide = unsigned __int128;

// value * 10^exponent, or false when it does not fit 128 bits.
bool ScaleUp(Wide value, int exponent, Wide* out) {
  for (int i = 0; i < exponent; ++i) {
    if (__builtin_mul_overflow(value, Wide{10}, &value)) return false;
  }
  *out = value;
  return true;
}

rewards::Status OutOfRange() {
  return rewards::InvalidArgument("price_out_of_range",
                                  "the points price is too large to represent");
}

}  // namespace

rewards::Result<std::int64_t> PointsPrice(const Decimal& face_value,
                                          const Decimal& cost_per_point) {
  if (face_value.is_zero()) {
    return rewards::InvalidArgument("invalid_price", "a face value of zero has no points price");
  }
  if (cost_per_point.is_zero()) {
    return rewards::InvalidArgument("invalid_price", "cost per point must be greater than zero");
  }
  // face / cpp = (fm / 10^fs) / (cm / 10^cs) = (fm * 10^cs) / (cm * 10^fs);
  // only the difference of the scales is needed on one side.
  Wide numerator = face_value.mantissa();
  Wide denominator = cost_per_point.mantissa();
  const int shift = cost_per_point.scale() - face_value.scale();
  if (shift > 0 && !ScaleUp(numerator, shift, &numerator)) return OutOfRange();
  if (shift < 0 && !ScaleUp(denominator, -shift, &denominator)) {
    // The denominator alone exceeds 2^128 while the numerator is below it: the
    // quotient is below 1 and rounds up to 1 point.
    return std::int64_t{1};
  }
  Wide points = numerator / denominator;
  if (numerator % denominator != 0) ++points;  // points < 2^128 - 1 here: no wrap
  if (points > static_cast<Wide>(std::numeric_limits<std::int64_t>::max())) return OutOfRange();
  return static_cast<std::int64_t>(points);
}

rewards::Result<std::int64_t> PointsPrice(const std::string& face_value,
                                          const std::string& cost_per_point) {
  auto face = Decimal::Parse(face_value);
  if (!face.ok()) return face.status();
  auto cost = Decimal::Parse(cost_per_point);
  if (!cost.ok()) return cost.status();
  return PointsPrice(face.value(), cost.value());
}

}  // namespace ascenda
