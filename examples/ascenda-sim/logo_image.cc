#include "logo_image.h"

#include <cctype>
#include <cstdint>
#include <cstdio>

namespace ascenda_sim {

namespace {

// Dark enough that white initials pass WCAG AA (4.5:1) on every one.
constexpr const char* kColours[] = {"#1f4e79", "#7a2e0e", "#245c2e", "#5b2a86", "#8a1c3b",
                                    "#0b5563", "#6b4e16", "#37474f", "#a0301c", "#304ffe"};

std::uint32_t Fnv1a(const std::string& s) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : s) h = (h ^ c) * 16777619u;
  return h;
}

}  // namespace

std::string LogoInitials(const std::string& name) {
  std::string out;
  bool at_word = true;
  for (unsigned char c : name) {
    if (std::isalnum(c) && at_word && out.size() < 2) {
      out += static_cast<char>(std::toupper(c));
    }
    at_word = std::isspace(c) != 0;
  }
  return out.empty() ? "?" : out;
}

std::string LogoSvg(const GiftCard& card) {
  const char* colour = kColours[Fnv1a(card.id) % (sizeof(kColours) / sizeof(kColours[0]))];
  return std::string(
             "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 160 100\" "
             "width=\"160\" height=\"100\"><rect width=\"160\" height=\"100\" rx=\"12\" "
             "fill=\"") +
         colour +
         "\"/><text x=\"80\" y=\"64\" font-family=\"sans-serif\" font-size=\"40\" "
         "font-weight=\"700\" fill=\"#ffffff\" text-anchor=\"middle\">" +
         LogoInitials(card.name) + "</text></svg>";
}

std::string LogoCardId(const std::string& path) {
  static const std::string kPrefix = "/logos/";
  if (path.compare(0, kPrefix.size(), kPrefix) != 0) return "";
  std::string rest = path.substr(kPrefix.size());
  if (rest.size() <= 4) return "";
  const std::string ext = rest.substr(rest.size() - 4);
  if (ext != ".svg" && ext != ".png") return "";
  rest.resize(rest.size() - 4);
  return rest.find('/') == std::string::npos ? rest : "";
}

}  // namespace ascenda_sim
