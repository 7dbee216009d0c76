// JSON text: the one string escaper of the plugin, for the bodies it writes by
// hand (the create-order request, the webhook receiver's error replies).
//
// RFC 8259 §7: '"' and '\' are escaped, the control characters U+0000..U+001F
// use their two-character escape where JSON has one (\b \f \n \r \t) and
// \u00XX (lower-case hex) otherwise; every other byte, UTF-8 included, is
// copied as it is (the input is expected to be UTF-8 already).
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace ascenda::wire {

// Appends `text` to `out` as a quoted JSON string.
void AppendJsonString(std::string& out, std::string_view text);

// `text` as a quoted JSON string.
std::string JsonString(std::string_view text);

}  // namespace ascenda::wire
