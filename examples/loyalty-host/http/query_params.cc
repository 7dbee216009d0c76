#include "http/query_params.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <charconv>

namespace loyalty {

namespace {

std::string Decode(std::string text) {
  for (char& c : text) {
    if (c == '+') c = ' ';
  }
  try {
    std::string out;
    Poco::URI::decode(text, out);
    return out;
  } catch (const Poco::Exception&) {
    return text;
  }
}

}  // namespace

QueryParams::QueryParams(const std::string& raw) {
  std::size_t start = 0;
  while (start < raw.size()) {
    std::size_t amp = raw.find('&', start);
    if (amp == std::string::npos) amp = raw.size();
    const std::string part = raw.substr(start, amp - start);
    if (!part.empty()) {
      const std::size_t eq = part.find('=');
      if (eq == std::string::npos) {
        pairs_.emplace_back(Decode(part), "");
      } else {
        pairs_.emplace_back(Decode(part.substr(0, eq)), Decode(part.substr(eq + 1)));
      }
    }
    start = amp + 1;
  }
}

bool QueryParams::Has(const std::string& name) const {
  for (const auto& [k, v] : pairs_) {
    if (k == name) return true;
  }
  return false;
}

std::string QueryParams::Get(const std::string& name, const std::string& fallback) const {
  for (const auto& [k, v] : pairs_) {
    if (k == name) return v;
  }
  return fallback;
}

std::vector<std::string> QueryParams::GetAll(const std::string& name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : pairs_) {
    if (k == name) out.push_back(v);
  }
  return out;
}

bool ParseBoundedInt(const std::string& text, int min, int max, int& out) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return false;
  if (value < min || value > max) return false;
  out = value;
  return true;
}

}  // namespace loyalty
