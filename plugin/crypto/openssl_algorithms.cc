#include "ascenda/crypto/openssl_algorithms.h"

#include <memory>

namespace ascenda {

const EVP_MD* Sha256Algorithm() {
  static const std::unique_ptr<EVP_MD, decltype(&EVP_MD_free)> md(
      EVP_MD_fetch(nullptr, "SHA256", nullptr), &EVP_MD_free);
  return md.get();
}

const EVP_CIPHER* Aes256GcmAlgorithm() {
  static const std::unique_ptr<EVP_CIPHER, decltype(&EVP_CIPHER_free)> cipher(
      EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr), &EVP_CIPHER_free);
  return cipher.get();
}

}  // namespace ascenda
