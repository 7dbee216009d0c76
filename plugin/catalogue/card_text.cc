#include "ascenda/catalogue/card_text.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace ascenda {

namespace {

// Reads from the front of the text; every method answers false once the text
// is not what AppendGiftCardJson writes.
class CardReader {
 public:
  explicit CardReader(std::string_view text) : in_(text) {}

  bool Literal(std::string_view literal) {
    if (in_.substr(0, literal.size()) != literal) return false;
    in_.remove_prefix(literal.size());
    return true;
  }

  bool String(std::string* out) {
    if (!Literal("\"")) return false;
    out->clear();
    for (;;) {
      std::size_t run = 0;
      while (run < in_.size() && in_[run] != '"' && in_[run] != '\\') ++run;
      if (run == in_.size()) return false;
      out->append(in_.data(), run);
      const char stop = in_[run];
      in_.remove_prefix(run + 1);
      if (stop == '"') return true;
      if (!Escape(out)) return false;
    }
  }

  bool Strings(std::vector<std::string>* out) {
    if (!Literal("[")) return false;
    out->clear();
    if (Literal("]")) return true;
    for (;;) {
      out->emplace_back();
      if (!String(&out->back())) return false;
      if (Literal("]")) return true;
      if (!Literal(",")) return false;
    }
  }

  bool Integer(std::int64_t* out) {
    const bool negative = Literal("-");
    std::uint64_t magnitude = 0;
    std::size_t digits = 0;
    while (digits < in_.size() && in_[digits] >= '0' && in_[digits] <= '9') {
      const auto digit = static_cast<std::uint64_t>(in_[digits] - '0');
      if (magnitude > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) return false;
      magnitude = magnitude * 10 + digit;
      ++digits;
    }
    if (digits == 0 || (digits > 1 && in_[0] == '0')) return false;
    in_.remove_prefix(digits);
    const auto max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (negative) {
      if (magnitude == 0 || magnitude > max + 1) return false;
      *out = magnitude == max + 1 ? std::numeric_limits<std::int64_t>::min()
                                  : -static_cast<std::int64_t>(magnitude);
    } else {
      if (magnitude > max) return false;
      *out = static_cast<std::int64_t>(magnitude);
    }
    return true;
  }

  bool Denominations(std::vector<rewards::Denomination>* out) {
    if (!Literal("[")) return false;
    out->clear();
    if (Literal("]")) return true;
    for (;;) {
      rewards::Denomination d;
      if (!Literal("{\"value\":") || !String(&d.value) || !Literal(",\"points\":") ||
          !Integer(&d.points) || !Literal("}")) {
        return false;
      }
      out->push_back(std::move(d));
      if (Literal("]")) return true;
      if (!Literal(",")) return false;
    }
  }

  bool done() const { return in_.empty(); }

 private:
  // After a backslash: the one escape AppendJsonString writes for that byte.
  bool Escape(std::string* out) {
    if (in_.empty()) return false;
    const char c = in_[0];
    in_.remove_prefix(1);
    switch (c) {
      case '"':
      case '\\':
        *out += c;
        return true;
      case 'b':
        *out += '\b';
        return true;
      case 'f':
        *out += '\f';
        return true;
      case 'n':
        *out += '\n';
        return true;
      case 'r':
        *out += '\r';
        return true;
      case 't':
        *out += '\t';
        return true;
      case 'u':
        return ControlByte(out);
      default:
        return false;
    }
  }

  // \u00XX (upper-case hex) of a byte below 0x20 that has no letter escape.
  bool ControlByte(std::string* out) {
    if (in_.size() < 4 || in_[0] != '0' || in_[1] != '0') return false;
    int value = 0;
    for (int i = 2; i < 4; ++i) {
      const char h = in_[static_cast<std::size_t>(i)];
      int nibble = 0;
      if (h >= '0' && h <= '9') {
        nibble = h - '0';
      } else if (h >= 'A' && h <= 'F') {
        nibble = h - 'A' + 10;
      } else {
        return false;
      }
      value = value * 16 + nibble;
    }
    if (value >= 0x20) return false;
    switch (value) {
      case '\b':
      case '\f':
      case '\n':
      case '\r':
      case '\t':
        return false;  // these have letter escapes
      default:
        break;
    }
    in_.remove_prefix(4);
    *out += static_cast<char>(value);
    return true;
  }

  std::string_view in_;
};

}  // namespace

std::optional<rewards::GiftCard> ParseCardText(std::string_view text) {
  CardReader in(text);
  rewards::GiftCard card;
  const bool ok =
      in.Literal("{\"id\":") && in.String(&card.id) && in.Literal(",\"name\":") &&
      in.String(&card.name) && in.Literal(",\"description\":") && in.String(&card.description) &&
      in.Literal(",\"terms_and_conditions\":") && in.String(&card.terms_and_conditions) &&
      in.Literal(",\"redemption_instructions\":") && in.String(&card.redemption_instructions) &&
      in.Literal(",\"logo_url\":") && in.String(&card.logo_url) && in.Literal(",\"categories\":") &&
      in.Strings(&card.categories) && in.Literal(",\"countries\":") &&
      in.Strings(&card.countries) && in.Literal(",\"currency\":") && in.String(&card.currency) &&
      in.Literal(",\"required_user_fields\":") && in.Strings(&card.required_user_fields) &&
      in.Literal(",\"denominations\":") && in.Denominations(&card.denominations) &&
      in.Literal("}") && in.done();
  if (!ok) return std::nullopt;
  return card;
}

}  // namespace ascenda
