#include "ascenda/catalogue/name_fold.h"

#include <Poco/Unicode.h>

namespace ascenda {

namespace {

// Decodes the well-formed UTF-8 character at text[i]; answers its length in
// bytes (1..4) and sets *code_point, or 0 when the bytes there are not one.
std::size_t Decode(std::string_view text, std::size_t i, int* code_point) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) {
    *code_point = lead;
    return 1;
  }
  // Leads C0, C1 (always overlong), F5..FF and bare continuation bytes are
  // never valid; overlong 3- and 4-byte forms are caught by `minimum` below.
  struct Form {
    std::size_t length;
    int payload_mask;
    int minimum;
  };
  Form form;
  if (lead >= 0xC2 && lead <= 0xDF) {
    form = {2, 0x1F, 0x80};
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    form = {3, 0x0F, 0x800};
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    form = {4, 0x07, 0x10000};
  } else {
    return 0;
  }
  const std::size_t length = form.length;
  int value = lead & form.payload_mask;
  const int minimum = form.minimum;
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    const unsigned char next = byte(i + k);
    if ((next & 0xC0) != 0x80) return 0;
    value = (value << 6) | (next & 0x3F);
  }
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0;
  *code_point = value;
  return length;
}

void Encode(int code_point, std::string* out) {
  const auto put = [&](int bits) { out->push_back(static_cast<char>(bits)); };
  if (code_point < 0x80) {
    put(code_point);
  } else if (code_point < 0x800) {
    put(0xC0 | (code_point >> 6));
    put(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    put(0xE0 | (code_point >> 12));
    put(0x80 | ((code_point >> 6) & 0x3F));
    put(0x80 | (code_point & 0x3F));
  } else {
    put(0xF0 | (code_point >> 18));
    put(0x80 | ((code_point >> 12) & 0x3F));
    put(0x80 | ((code_point >> 6) & 0x3F));
    put(0x80 | (code_point & 0x3F));
  }
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  int code_point = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = Decode(text, i, &code_point);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

std::string FoldCase(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  int code_point = 0;
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {  // ASCII fast path
      out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c));
      ++i;
      continue;
    }
    const std::size_t length = Decode(text, i, &code_point);
    if (length == 0) {
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    const int lower = Poco::Unicode::toLower(code_point);
    // Keep the original when the table answers something unencodable.
    Encode(lower > 0 && lower <= 0x10FFFF && !(lower >= 0xD800 && lower <= 0xDFFF) ? lower
                                                                                   : code_point,
           &out);
    i += length;
  }
  return out;
}

}  // namespace ascenda
