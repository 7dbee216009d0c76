// Small helpers to write JSON text by hand. The simulator builds its answers
// with plain string appends (not Poco::JSON objects) because the create-order
// path must stay cheap; these helpers keep the escaping in one place.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ascenda_sim {

// Appends `value` as a quoted JSON string (UTF-8 passes through unchanged).
void AppendJsonString(std::string& out, const std::string& value);
std::string JsonString(const std::string& value);

// Appends a quoted string, or `null` when the optional is empty.
void AppendJsonNullable(std::string& out, const std::optional<std::string>& value);

// Appends ["a","b"].
void AppendJsonStringArray(std::string& out, const std::vector<std::string>& values);

// "2026-11-26T10:15:30Z" for a Unix time in milliseconds (UTC, whole seconds).
std::string IsoTime(int64_t unix_ms);

// True when `text` is an ISO 8601 / RFC 3339 date-time with a time zone,
// e.g. "2026-11-26T10:15:30Z" or "2026-11-26T18:15:30.250+08:00".
bool IsIsoDateTime(const std::string& text);

}  // namespace ascenda_sim
