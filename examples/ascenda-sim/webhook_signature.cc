#include "webhook_signature.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace ascenda_sim {

std::string HmacSha256Hex(const std::string& key, const std::string& message) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0xf]);
  }
  return hex;
}

std::string SignatureHeader(int64_t unix_s, const std::string& body, const std::string& secret,
                            const std::string& previous_secret) {
  std::string t = std::to_string(unix_s);
  std::string signed_text = t + "." + body;
  std::string header = "t=" + t + ",v1=" + HmacSha256Hex(secret, signed_text);
  if (!previous_secret.empty()) {
    header += ",v1=" + HmacSha256Hex(previous_secret, signed_text);
  }
  return header;
}

}  // namespace ascenda_sim
