// Text helpers the plugin's rooms share: small, pure, thread-safe. (host-api
// must not depend on plugin code, and the host and the simulator are programs
// of their own: they keep theirs.)
#pragma once

#include <string>
#include <string_view>

namespace ascenda::wire {

// The items of `range` (any container of strings) in its order, with
// `separator` between two: Join({"a", "b"}) == "a, b"; Join({}) == "".
template <typename Range>
std::string Join(const Range& range, std::string_view separator = ", ") {
  std::string out;
  bool first = true;
  for (const auto& item : range) {
    if (!first) out += separator;
    out += item;
    first = false;
  }
  return out;
}

}  // namespace ascenda::wire
