// Helpers for the libFuzzer targets: one input cut into several fields.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace fuzz {

// The input as text, cut at every `separator` (at most `max_parts` parts;
// the last one keeps the rest, separators included).
inline std::vector<std::string> Split(const std::uint8_t* data, std::size_t size, char separator,
                                      std::size_t max_parts) {
  std::vector<std::string> parts(1);
  for (std::size_t i = 0; i < size; ++i) {
    const char c = static_cast<char>(data[i]);
    if (c == separator && parts.size() < max_parts) {
      parts.emplace_back();
    } else {
      parts.back().push_back(c);
    }
  }
  return parts;
}

// Aborts (a libFuzzer crash) when `condition` is false: a property the
// target checks beyond "does not crash".
inline void Check(bool condition) {
  if (!condition) __builtin_trap();
}

}  // namespace fuzz
