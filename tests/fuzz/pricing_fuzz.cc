// libFuzzer: decimal parsing and points pricing (plugin/pricing). Input:
// "<face value>\n<cost per point>". Properties: never crashes; a parsed
// decimal keeps its digit limits; a price is at least 1 point and, checked
// in 128 bits, the smallest whole number of points that covers the face value.
#include <cstdint>
#include <map>
#include <string>

#include "ascenda/pricing/decimal.h"
#include "ascenda/pricing/points_price.h"
#include "ascenda/pricing/pricing_table.h"
#include "fuzz_input.h"

namespace {

using U128 = unsigned __int128;

U128 Pow10(int n) {
  U128 p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto parts = fuzz::Split(data, size, '\n', 2);
  parts.resize(2);
  auto face = ascenda::Decimal::Parse(parts[0]);
  auto cost = ascenda::Decimal::Parse(parts[1]);
  for (const auto* d : {&face, &cost}) {
    if (d->ok()) {
      fuzz::Check(d->value().scale() >= 0 &&
                  d->value().scale() <= ascenda::Decimal::kMaxFractionDigits);
      fuzz::Check(d->value().mantissa() < Pow10(36));
    }
  }
  auto price = ascenda::PointsPrice(parts[0], parts[1]);
  if (price.ok()) {
    fuzz::Check(face.ok() && cost.ok());
    const std::int64_t p = price.value();
    fuzz::Check(p >= 1);
    // face = fm / 10^fs, cost = cm / 10^cs: p is the least integer with
    // p * cm * 10^fs >= fm * 10^cs. Both sides fit: mantissas < 10^36 would
    // not, so compare by the quotient instead: ceil(fm * 10^cs / (cm * 10^fs)).
    const U128 fm = face.value().mantissa(), cm = cost.value().mantissa();
    const int fs = face.value().scale(), cs = cost.value().scale();
    if (fm < Pow10(19) && cm < Pow10(19)) {  // then every product below fits 128 bits
      const U128 lhs = fm * Pow10(cs);
      const U128 rhs = cm * Pow10(fs);
      const U128 want = (lhs + rhs - 1) / rhs;
      fuzz::Check(static_cast<U128>(p) == want);
    }
  } else {
    fuzz::Check(price.status().code() == rewards::StatusCode::kInvalidArgument);
  }
  ascenda::PricingTable table({{"USD", parts[1]}});
  auto table_price = table.Price("USD", parts[0]);
  if (price.ok()) fuzz::Check(table_price && *table_price == price.value());
  return 0;
}
