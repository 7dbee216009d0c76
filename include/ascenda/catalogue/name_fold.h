// Name folding: the case-insensitive key the catalogue sorts and searches by.
//
// FoldCase maps every well-formed UTF-8 character to its Unicode simple
// lower-case form (Poco::Unicode::toLower: 'A' -> 'a', 'É' -> 'é', 'Ω' -> 'ω')
// and re-encodes it as UTF-8; bytes that are not part of a well-formed
// sequence are copied unchanged. Searching for a folded, valid UTF-8 needle
// inside a folded name byte-wise therefore matches whole characters only:
// UTF-8 is self-synchronising, so a needle that starts with a lead byte can
// never match from the middle of a multi-byte character.
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace ascenda {

// True when `text` is well-formed UTF-8 (no overlong forms, no surrogates,
// nothing above U+10FFFF).
bool IsValidUtf8(std::string_view text);

std::string FoldCase(std::string_view text);

}  // namespace ascenda
