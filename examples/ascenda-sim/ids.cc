#include "ids.h"

#include <cctype>
#include <cstdint>
#include <random>

namespace ascenda_sim {
namespace {

std::mt19937_64& Generator() {
  thread_local std::mt19937_64 generator{[] {
    std::random_device device;
    return (static_cast<uint64_t>(device()) << 32) ^ device();
  }()};
  return generator;
}

const char kHex[] = "0123456789abcdef";

}  // namespace

std::string NewUuid() {
  uint64_t hi = Generator()(), lo = Generator()();
  hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // variant 1
  std::string out(36, '-');
  int pos = 0;
  for (int i = 15; i >= 0; --i) {
    uint64_t word = i >= 8 ? hi : lo;
    int shift = (i % 8) * 8;
    uint8_t byte = static_cast<uint8_t>(word >> shift);
    if (pos == 8 || pos == 13 || pos == 18 || pos == 23) ++pos;
    out[pos++] = kHex[byte >> 4];
    if (pos == 8 || pos == 13 || pos == 18 || pos == 23) ++pos;
    out[pos++] = kHex[byte & 0xf];
  }
  return out;
}

std::string RandomHex(int bytes) {
  std::string out;
  out.reserve(bytes * 2);
  uint64_t word = 0;
  for (int i = 0; i < bytes; ++i) {
    if (i % 8 == 0) word = Generator()();
    uint8_t byte = static_cast<uint8_t>(word >> ((i % 8) * 8));
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 0xf]);
  }
  return out;
}

bool IsUuid(const std::string& text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !std::isxdigit(static_cast<unsigned char>(text[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace ascenda_sim
