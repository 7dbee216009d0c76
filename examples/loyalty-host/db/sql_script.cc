#include "db/sql_script.h"

#include <cctype>
#include <sstream>

namespace loyalty {

namespace {

std::string Trim(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// The statement without comment lines, to see whether anything is left.
bool HasCode(const std::string& statement) {
  std::istringstream in(statement);
  std::string line;
  while (std::getline(in, line)) {
    const std::string t = Trim(line);
    if (!t.empty() && t.rfind("--", 0) != 0) return true;
  }
  return false;
}

bool IsTrigger(const std::string& statement) {
  std::istringstream in(statement);
  std::string line;
  while (std::getline(in, line)) {
    const std::string t = Upper(Trim(line));
    if (t.empty() || t.rfind("--", 0) == 0) continue;
    return t.rfind("CREATE TRIGGER", 0) == 0;
  }
  return false;
}

std::size_t CountDollarQuotes(const std::string& line) {
  std::size_t n = 0;
  for (std::size_t pos = line.find("$$"); pos != std::string::npos;
       pos = line.find("$$", pos + 2)) {
    ++n;
  }
  return n;
}

}  // namespace

std::vector<std::string> SplitSqlScript(const std::string& sql) {
  std::vector<std::string> out;
  std::istringstream in(sql);
  std::string line, current;
  bool in_dollar = false;
  auto flush = [&]() {
    std::string t = Trim(current);
    if (!t.empty() && t.back() == ';') t.pop_back();
    if (HasCode(t)) out.push_back(Trim(t));
    current.clear();
  };
  while (std::getline(in, line)) {
    current += line;
    current += '\n';
    if (CountDollarQuotes(line) % 2 == 1) in_dollar = !in_dollar;
    const std::string t = Trim(line);
    if (in_dollar || t.empty() || t.back() != ';' || t.rfind("--", 0) == 0) continue;
    if (IsTrigger(current) && Upper(t) != "END;") continue;
    flush();
  }
  flush();
  return out;
}

}  // namespace loyalty
