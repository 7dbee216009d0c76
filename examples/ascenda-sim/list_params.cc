#include "list_params.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <cctype>
#include <sstream>

namespace ascenda_sim {
namespace {

std::optional<ApiError> IntParam(const QueryMap& query, const std::string& key, int min, int max,
                                 int& value) {
  auto it = query.find(key);
  if (it == query.end()) return std::nullopt;
  const std::string& text = it->second;
  size_t first = !text.empty() && text[0] == '-' ? 1 : 0;
  bool digits = text.size() > first && text.size() <= 9;
  for (size_t i = first; i < text.size(); ++i) {
    digits = digits && std::isdigit(static_cast<unsigned char>(text[i]));
  }
  if (!digits) return ApiError::InvalidParameterType(key + " must be an integer");
  value = std::stoi(text);
  if (value < min || value > max) {
    return ApiError::InvalidParameters(key + " must be between " + std::to_string(min) + " and " +
                                       std::to_string(max));
  }
  return std::nullopt;
}

}  // namespace

QueryMap ParseQuery(const std::string& uri) {
  QueryMap out;
  try {
    for (auto& [key, value] : Poco::URI(uri).getQueryParameters()) out[key] = value;
  } catch (const Poco::Exception&) {
    // A malformed query reads as no parameters.
  }
  return out;
}

std::optional<ApiError> ParsePaging(const QueryMap& query, int& page, int& page_size) {
  page = 1;
  page_size = 25;
  if (auto e = IntParam(query, "page", 1, 1000000, page)) return e;
  return IntParam(query, "page_size", 1, 100, page_size);
}

std::optional<ApiError> ParseCardQuery(const QueryMap& query, CardQuery& out) {
  if (auto e = ParsePaging(query, out.page, out.page_size)) return e;
  auto sort = query.find("sort");
  if (sort != query.end()) {
    if (sort->second == "name:desc")
      out.descending = true;
    else if (sort->second != "name:asc") {
      return ApiError::InvalidParameters("sort must be name:asc or name:desc");
    }
  }
  auto currency = query.find("currency");
  if (currency != query.end()) {
    out.currency = currency->second;
    for (char& c : out.currency) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  auto name = query.find("name");
  if (name != query.end()) {
    out.name_lower = name->second;
    for (char& c : out.name_lower)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  auto categories = query.find("categories");
  if (categories != query.end()) {
    std::stringstream in(categories->second);
    std::string category;
    while (std::getline(in, category, ',')) {
      size_t b = category.find_first_not_of(' '), e = category.find_last_not_of(' ');
      if (b != std::string::npos) out.categories.push_back(category.substr(b, e - b + 1));
    }
  }
  return std::nullopt;
}

}  // namespace ascenda_sim
