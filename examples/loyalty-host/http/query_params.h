// Query strings: "a=1&b=x+y&a=2" -> ordered name/value pairs, percent- and
// '+'-decoded. A malformed escape keeps the raw text. Pure functions.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace loyalty {

class QueryParams {
 public:
  explicit QueryParams(const std::string& raw_query);

  bool Has(const std::string& name) const;
  // The first value, or `fallback`.
  std::string Get(const std::string& name, const std::string& fallback = "") const;
  std::vector<std::string> GetAll(const std::string& name) const;

 private:
  std::vector<std::pair<std::string, std::string>> pairs_;
};

// Parses a whole number in [min, max]; false when absent text is not one.
bool ParseBoundedInt(const std::string& text, int min, int max, int& out);

}  // namespace loyalty
