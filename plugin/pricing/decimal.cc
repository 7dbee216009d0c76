#include "ascenda/pricing/decimal.h"

#include <string>

namespace ascenda {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

rewards::Status Refuse(std::string_view text, const std::string& why) {
  // Quote at most a short prefix: the text may come from a remote server.
  std::string shown(text.substr(0, 40));
  return rewards::InvalidArgument("invalid_decimal",
                                  "\"" + shown + "\" is not a decimal amount: " + why);
}

}  // namespace

rewards::Result<Decimal> Decimal::Parse(std::string_view text) {
  if (text.empty()) return Refuse(text, "it is empty");
  const std::size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (whole.empty()) return Refuse(text, "digits are required before the point");
  if (dot != std::string_view::npos && fraction.empty()) {
    return Refuse(text, "digits are required after the point");
  }
  if (whole.size() > static_cast<std::size_t>(kMaxIntegerDigits)) {
    return Refuse(text,
                  "more than " + std::to_string(kMaxIntegerDigits) + " digits before the point");
  }
  if (fraction.size() > static_cast<std::size_t>(kMaxFractionDigits)) {
    return Refuse(text,
                  "more than " + std::to_string(kMaxFractionDigits) + " digits after the point");
  }
  unsigned __int128 mantissa = 0;
  for (std::string_view part : {whole, fraction}) {
    for (char c : part) {
      if (!IsDigit(c)) return Refuse(text, "only digits and one point are allowed");
      mantissa = mantissa * 10 + static_cast<unsigned>(c - '0');  // < 10^36, no overflow
    }
  }
  return Decimal(mantissa, static_cast<int>(fraction.size()));
}

}  // namespace ascenda
