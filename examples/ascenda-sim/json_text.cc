#include "json_text.h"

#include <cctype>
#include <cstdio>
#include <ctime>

namespace ascenda_sim {

void AppendJsonString(std::string& out, const std::string& value) {
  out.push_back('"');
  for (unsigned char c : value) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
}

std::string JsonString(const std::string& value) {
  std::string out;
  AppendJsonString(out, value);
  return out;
}

void AppendJsonNullable(std::string& out, const std::optional<std::string>& value) {
  if (value) {
    AppendJsonString(out, *value);
  } else {
    out += "null";
  }
}

void AppendJsonStringArray(std::string& out, const std::vector<std::string>& values) {
  out.push_back('[');
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out.push_back(',');
    AppendJsonString(out, values[i]);
  }
  out.push_back(']');
}

std::string IsoTime(int64_t unix_ms) {
  std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

namespace {

bool Digits(const std::string& s, size_t pos, size_t count) {
  if (pos + count > s.size()) return false;
  for (size_t i = pos; i < pos + count; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

}  // namespace

bool IsIsoDateTime(const std::string& t) {
  // YYYY-MM-DDTHH:MM:SS[.fff][Z|+HH:MM|-HH:MM]
  if (!Digits(t, 0, 4) || t.size() < 20 || t[4] != '-' || !Digits(t, 5, 2) || t[7] != '-' ||
      !Digits(t, 8, 2) || (t[10] != 'T' && t[10] != 't') || !Digits(t, 11, 2) || t[13] != ':' ||
      !Digits(t, 14, 2) || t[16] != ':' || !Digits(t, 17, 2)) {
    return false;
  }
  int month = std::stoi(t.substr(5, 2)), day = std::stoi(t.substr(8, 2));
  int hour = std::stoi(t.substr(11, 2)), minute = std::stoi(t.substr(14, 2));
  int second = std::stoi(t.substr(17, 2));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return false;
  }
  size_t pos = 19;
  if (pos < t.size() && t[pos] == '.') {
    ++pos;
    size_t start = pos;
    while (pos < t.size() && std::isdigit(static_cast<unsigned char>(t[pos]))) ++pos;
    if (pos == start) return false;
  }
  if (pos == t.size()) return false;  // a zone is required
  if (t[pos] == 'Z' || t[pos] == 'z') return pos + 1 == t.size();
  if (t[pos] != '+' && t[pos] != '-') return false;
  return pos + 6 == t.size() && Digits(t, pos + 1, 2) && t[pos + 3] == ':' && Digits(t, pos + 4, 2);
}

}  // namespace ascenda_sim
