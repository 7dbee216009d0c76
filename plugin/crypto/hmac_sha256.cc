#include "ascenda/crypto/hmac_sha256.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <memory>

#include "ascenda/crypto/openssl_algorithms.h"

namespace ascenda {

namespace {

constexpr std::size_t kBlockBytes = 64;  // SHA-256's block

using DigestContext = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

bool Digest(EVP_MD_CTX* ctx, const EVP_MD* md, std::string_view first,
            std::initializer_list<std::string_view> rest, unsigned char* out) {
  unsigned int length = 0;
  if (EVP_DigestInit_ex(ctx, md, nullptr) != 1 ||
      EVP_DigestUpdate(ctx, first.data(), first.size()) != 1) {
    return false;
  }
  for (std::string_view part : rest) {
    if (EVP_DigestUpdate(ctx, part.data(), part.size()) != 1) return false;
  }
  return EVP_DigestFinal_ex(ctx, out, &length) == 1 && length == kSha256Bytes;
}

}  // namespace

bool HmacSha256(std::string_view key, std::initializer_list<std::string_view> message,
                Sha256Digest* out) noexcept {
  const EVP_MD* md = Sha256Algorithm();
  DigestContext ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (md == nullptr || !ctx) return false;
  // K0: the key, hashed first when longer than a block, zero-padded.
  unsigned char block[kBlockBytes] = {};
  if (key.size() > kBlockBytes) {
    if (!Digest(ctx.get(), md, key, {}, block)) return false;
  } else {
    for (std::size_t i = 0; i < key.size(); ++i) block[i] = static_cast<unsigned char>(key[i]);
  }
  unsigned char pad[kBlockBytes];
  for (std::size_t i = 0; i < kBlockBytes; ++i) pad[i] = block[i] ^ 0x36;
  unsigned char inner[kSha256Bytes];
  bool ok =
      Digest(ctx.get(), md, {reinterpret_cast<const char*>(pad), kBlockBytes}, message, inner);
  for (std::size_t i = 0; i < kBlockBytes; ++i) pad[i] = block[i] ^ 0x5c;
  ok = ok && Digest(ctx.get(), md, {reinterpret_cast<const char*>(pad), kBlockBytes},
                    {{reinterpret_cast<const char*>(inner), kSha256Bytes}}, out->data());
  OPENSSL_cleanse(block, sizeof block);
  OPENSSL_cleanse(pad, sizeof pad);
  OPENSSL_cleanse(inner, sizeof inner);
  return ok;
}

}  // namespace ascenda
