// The picture at a card's logo_url: a small generated SVG (the brand's
// initials on a colour chosen from the card id), so a demo shows logos
// without image files. Served without a token on the public API at
// GET <prefix>/logos/<card id>.svg (.png is accepted too: the fixture's
// URLs end so), public like a CDN. Pure functions.
#pragma once

#include <string>

#include "catalogue_store.h"

namespace ascenda_sim {

// Up to two letters: the first letters of the name's first two words.
std::string LogoInitials(const std::string& name);

// The SVG document for `card`.
std::string LogoSvg(const GiftCard& card);

// The card id in a "/logos/<id>.svg" or ".png" path, or "" for another path.
std::string LogoCardId(const std::string& path);

}  // namespace ascenda_sim
