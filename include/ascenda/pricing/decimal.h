// Decimal: an exact, non-negative decimal number read from money text.
//
// Ascenda sends money as decimal strings ("25.00", "5000" for JPY) and the
// operator configures cost-per-point the same way ("0.0075"). Pricing must be
// exact, so these are never turned into floating point: Parse keeps the digits
// as an integer mantissa and a scale (value = mantissa / 10^scale).
//
// Accepted text (anything else is refused with kInvalidArgument
// "invalid_decimal"):
//   digits [ "." digits ]
//   - at most kMaxIntegerDigits digits before the point and at most
//     kMaxFractionDigits after it (leading and trailing zeros count);
//   - no sign, exponent, spaces, thousands separators, empty parts (".5",
//     "5." and "" are refused).
// With these limits the mantissa is below 10^36, well inside 128 bits.
//
// Immutable value type; thread-safe.
#pragma once

#include <string_view>

#include "rewards/status.h"

namespace ascenda {

class Decimal {
 public:
  static constexpr int kMaxIntegerDigits = 18;
  static constexpr int kMaxFractionDigits = 18;

  static rewards::Result<Decimal> Parse(std::string_view text);

  Decimal() = default;  // zero

  unsigned __int128 mantissa() const noexcept { return mantissa_; }
  int scale() const noexcept { return scale_; }
  bool is_zero() const noexcept { return mantissa_ == 0; }

 private:
  Decimal(unsigned __int128 mantissa, int scale) : mantissa_(mantissa), scale_(scale) {}

  unsigned __int128 mantissa_ = 0;
  int scale_ = 0;
};

}  // namespace ascenda
