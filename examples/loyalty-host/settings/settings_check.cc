#include "settings/settings_check.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

namespace loyalty {

namespace {

bool IsHttpUrl(const std::string& text) {
  try {
    Poco::URI uri(text);
    return (uri.getScheme() == "https" || uri.getScheme() == "http") && !uri.getHost().empty();
  } catch (const Poco::Exception&) {
    return false;
  }
}

// A type problem's message, or "" when the value fits.
std::string TypeProblem(const rewards::SettingSpec& spec, const rewards::SettingsValues& values) {
  const std::string value = values.GetString(spec.key);
  if (value.empty()) return "";
  switch (spec.type) {
    case rewards::SettingType::kInteger:
      return values.GetInteger(spec.key).ok() ? "" : spec.key + " must be a whole number";
    case rewards::SettingType::kBoolean:
      return values.GetBoolean(spec.key).ok() ? "" : spec.key + " must be true or false";
    case rewards::SettingType::kUrl:
      return IsHttpUrl(value) ? "" : spec.key + " must be an http(s) URL";
    case rewards::SettingType::kString:
    case rewards::SettingType::kList:
      return "";
  }
  return "";
}

}  // namespace

std::vector<rewards::SettingProblem> CheckSettings(
    const std::vector<rewards::SettingSpec>& schema,
    const std::map<std::string, std::string>& changes, const rewards::SettingsValues& merged) {
  std::vector<rewards::SettingProblem> out;
  for (const auto& [key, value] : changes) {
    bool known = false;
    for (const rewards::SettingSpec& spec : schema) known = known || spec.key == key;
    if (!known) out.push_back({key, "unknown setting " + key});
  }
  for (const rewards::SettingSpec& spec : schema) {
    std::string problem = TypeProblem(spec, merged);
    if (!problem.empty()) {
      out.push_back({spec.key, problem});
    } else if (spec.required && merged.GetString(spec.key).empty()) {
      out.push_back({spec.key, spec.key + " is required"});
    }
  }
  return out;
}

}  // namespace loyalty
