#include "ascenda/crypto/base64.h"

#include <Poco/Base64Decoder.h>

#include <array>
#include <cstdint>
#include <sstream>

namespace ascenda {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::uint8_t kNotBase64 = 0xff;

constexpr std::array<std::uint8_t, 256> DecodeTable() {
  std::array<std::uint8_t, 256> table{};
  for (auto& entry : table) entry = kNotBase64;
  for (std::uint8_t i = 0; i < 64; ++i) table[static_cast<unsigned char>(kAlphabet[i])] = i;
  return table;
}

constexpr std::array<std::uint8_t, 256> kDecode = DecodeTable();

std::uint32_t Sextet(char c) { return kDecode[static_cast<unsigned char>(c)]; }

// Canonical text only: groups of four alphabet characters, the last one
// possibly "xx==" or "xxx=". False (and `out` unspecified) otherwise.
bool DecodeCanonical(std::string_view text, std::string* out) {
  if (text.size() % 4 != 0) return false;
  out->clear();
  out->reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    std::size_t padding = 0;
    if (last && text[i + 3] == '=') padding = text[i + 2] == '=' ? 2 : 1;
    std::uint32_t group = 0;
    for (std::size_t j = 0; j < 4 - padding; ++j) {
      const std::uint32_t s = Sextet(text[i + j]);
      if (s == kNotBase64) return false;
      group |= s << (18 - 6 * j);
    }
    out->push_back(static_cast<char>(group >> 16));
    if (padding < 2) out->push_back(static_cast<char>((group >> 8) & 0xff));
    if (padding < 1) out->push_back(static_cast<char>(group & 0xff));
  }
  return true;
}

// Poco's decoder throws on a bad character inside the stream's read(), which
// catches it and sets badbit, so nothing is thrown out of here and nothing is
// built from a half-read range.
bool DecodeWithPoco(std::string_view text, std::string* out) {
  std::istringstream in{std::string(text)};
  Poco::Base64Decoder decoder(in);
  out->clear();
  char chunk[256];
  while (decoder.read(chunk, sizeof chunk) || decoder.gcount() > 0) {
    out->append(chunk, static_cast<std::size_t>(decoder.gcount()));
  }
  return !decoder.bad();
}

}  // namespace

std::string EncodeBase64(std::string_view bytes) {
  std::string out((bytes.size() + 2) / 3 * 4, '=');
  char* to = out.data();
  const auto* from = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t whole = bytes.size() / 3 * 3;
  for (std::size_t i = 0; i < whole; i += 3, to += 4) {
    const std::uint32_t group = from[i] << 16 | from[i + 1] << 8 | from[i + 2];
    to[0] = kAlphabet[group >> 18];
    to[1] = kAlphabet[(group >> 12) & 63];
    to[2] = kAlphabet[(group >> 6) & 63];
    to[3] = kAlphabet[group & 63];
  }
  const std::size_t left = bytes.size() - whole;
  if (left > 0) {  // the '=' padding is already there
    const std::uint32_t group = from[whole] << 16 | (left == 2 ? from[whole + 1] << 8 : 0);
    to[0] = kAlphabet[group >> 18];
    to[1] = kAlphabet[(group >> 12) & 63];
    if (left == 2) to[2] = kAlphabet[(group >> 6) & 63];
  }
  return out;
}

bool DecodeBase64(std::string_view text, std::string* out) {
  return DecodeCanonical(text, out) || DecodeWithPoco(text, out);
}

}  // namespace ascenda
