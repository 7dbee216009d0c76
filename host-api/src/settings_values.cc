#include <cctype>
#include <charconv>

#include "rewards/settings.h"

namespace rewards {

const char* SettingTypeName(SettingType type) noexcept {
  switch (type) {
    case SettingType::kString:
      return "string";
    case SettingType::kInteger:
      return "integer";
    case SettingType::kBoolean:
      return "boolean";
    case SettingType::kUrl:
      return "url";
    case SettingType::kList:
      return "list";
  }
  return "string";
}

namespace {

std::string Trim(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::string SettingsValues::GetString(const std::string& key) const {
  auto it = values_.find(key);
  return it == values_.end() ? std::string() : it->second;
}

Result<std::int64_t> SettingsValues::GetInteger(const std::string& key) const {
  const std::string text = Trim(GetString(key));
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    return InvalidArgument("invalid_setting", key + " must be a whole number");
  }
  return value;
}

Result<bool> SettingsValues::GetBoolean(const std::string& key) const {
  const std::string text = Lower(Trim(GetString(key)));
  if (text == "true" || text == "1" || text == "yes" || text == "on") return true;
  if (text == "false" || text == "0" || text == "no" || text == "off") return false;
  return InvalidArgument("invalid_setting", key + " must be true or false");
}

std::vector<std::string> SettingsValues::GetList(const std::string& key) const {
  std::vector<std::string> out;
  const std::string text = GetString(key);
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string item = Trim(text.substr(start, comma - start));
    if (!item.empty()) out.push_back(std::move(item));
    start = comma + 1;
  }
  return out;
}

}  // namespace rewards
