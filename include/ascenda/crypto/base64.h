// Base64 (RFC 4648, standard alphabet, `=` padding, no line breaks) for the
// plugin's sealed values and data keys.
//
//   EncodeBase64(bytes)        the canonical text of `bytes`.
//   DecodeBase64(text, &out)   false when `text` is not base64. Canonical
//                              text (what EncodeBase64 writes) is decoded
//                              directly; anything else — whitespace or line
//                              breaks, missing padding, an operator's pasted
//                              key — goes to Poco's decoder, so what is
//                              accepted, and what it decodes to, is what Poco
//                              1.11's Base64Decoder gives.
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace ascenda {

std::string EncodeBase64(std::string_view bytes);
bool DecodeBase64(std::string_view text, std::string* out);

}  // namespace ascenda
