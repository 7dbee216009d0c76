#include "ascenda/crypto/delivery_cipher.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <climits>
#include <memory>

#include "ascenda/crypto/base64.h"
#include "ascenda/crypto/openssl_algorithms.h"

namespace ascenda {

namespace {

constexpr std::size_t kNonceBytes = 12;
constexpr std::size_t kTagBytes = 16;
constexpr std::size_t kKeyIdHexDigits = 8;

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherContext NewContext() { return CipherContext(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free); }

rewards::Status Unreadable(const std::string& why) {
  return rewards::Status(rewards::StatusCode::kFailedPrecondition, "delivery_unreadable",
                         "delivery data: " + why);
}

rewards::Status BadKey(const std::string& which) {
  return rewards::Status(rewards::StatusCode::kFailedPrecondition, "bad_data_key",
                         which + " is not base64 of exactly 32 bytes");
}

// EVP_*Update over `size` bytes in int-sized chunks. `out` null: AAD.
bool Update(EVP_CIPHER_CTX* ctx, bool encrypt, unsigned char* out, const unsigned char* in,
            std::size_t size) {
  while (size > 0) {
    const int chunk = static_cast<int>(std::min<std::size_t>(size, INT_MAX / 2));
    int written = 0;
    const int ok = encrypt ? EVP_EncryptUpdate(ctx, out, &written, in, chunk)
                           : EVP_DecryptUpdate(ctx, out, &written, in, chunk);
    if (ok != 1 || (out != nullptr && written != chunk)) return false;
    if (out != nullptr) out += chunk;
    in += chunk;
    size -= static_cast<std::size_t>(chunk);
  }
  return true;
}

const unsigned char* Bytes(const std::string& s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}
unsigned char* Bytes(std::string& s) { return reinterpret_cast<unsigned char*>(&s[0]); }

}  // namespace

rewards::Result<DeliveryKeyring> DeliveryKeyring::FromBase64(
    const std::string& current_base64, const std::vector<std::string>& older_base64) {
  DeliveryKeyring ring;
  ring.keys_.reserve(1 + older_base64.size());  // no reallocation copies of key bytes
  for (std::size_t i = 0; i <= older_base64.size(); ++i) {
    const std::string& text = i == 0 ? current_base64 : older_base64[i - 1];
    const std::string which =
        i == 0 ? "the current data key" : "older data key #" + std::to_string(i);
    std::string raw;
    const bool decoded = DecodeBase64(text, &raw) && raw.size() == kKeyBytes;
    Key key;
    if (decoded) {
      key.id = KeyIdOf(raw);
      std::copy(raw.begin(), raw.end(), key.bytes.begin());
    }
    OPENSSL_cleanse(&raw[0], raw.size());
    if (!decoded) return BadKey(which);
    const unsigned char* same_id = ring.Find(key.id);
    if (same_id == nullptr) {
      ring.keys_.push_back(key);
    } else if (CRYPTO_memcmp(same_id, key.bytes.data(), kKeyBytes) != 0) {
      OPENSSL_cleanse(key.bytes.data(), kKeyBytes);
      return rewards::Status(rewards::StatusCode::kFailedPrecondition, "bad_data_key",
                             which + " has the key id of another key; make a new key");
    }
    OPENSSL_cleanse(key.bytes.data(), kKeyBytes);
  }
  return ring;
}

std::string DeliveryKeyring::KeyIdOf(const std::string& raw_key) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(raw_key.data(), raw_key.size(), digest, &length, Sha256Algorithm(), nullptr) !=
      1) {
    return "";
  }
  static const char kDigits[] = "0123456789abcdef";
  std::string id;
  for (std::size_t i = 0; i < kKeyIdHexDigits / 2; ++i) {
    id += kDigits[digest[i] >> 4];
    id += kDigits[digest[i] & 0xf];
  }
  return id;
}

DeliveryKeyring::~DeliveryKeyring() {
  for (Key& key : keys_) OPENSSL_cleanse(key.bytes.data(), kKeyBytes);
}

const unsigned char* DeliveryKeyring::Find(const std::string& key_id) const {
  for (const Key& key : keys_) {
    if (key.id == key_id) return key.bytes.data();
  }
  return nullptr;
}

DeliveryCipher::DeliveryCipher(DeliveryKeyring keyring, RandomSource* random)
    : keyring_(std::move(keyring)), random_(random) {}

rewards::Result<SealedValue> DeliveryCipher::Seal(const std::string& plaintext,
                                                  const std::string& associated_data) const {
  std::string blob(kNonceBytes + plaintext.size() + kTagBytes, '\0');
  unsigned char* nonce = Bytes(blob);
  unsigned char* ciphertext = nonce + kNonceBytes;
  unsigned char* tag = ciphertext + plaintext.size();
  if (!random_->Fill(nonce, kNonceBytes)) return rewards::Internal("no random nonce");
  CipherContext ctx = NewContext();
  int final_bytes = 0;
  if (!ctx ||
      EVP_EncryptInit_ex(ctx.get(), Aes256GcmAlgorithm(), nullptr, keyring_.Find(current_key_id()),
                         nonce) != 1 ||
      !Update(ctx.get(), true, nullptr, Bytes(associated_data), associated_data.size()) ||
      !Update(ctx.get(), true, ciphertext, Bytes(plaintext), plaintext.size()) ||
      EVP_EncryptFinal_ex(ctx.get(), tag, &final_bytes) != 1 || final_bytes != 0 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagBytes), tag) != 1) {
    return rewards::Internal("AES-256-GCM sealing failed");
  }
  return SealedValue{current_key_id(), EncodeBase64(blob)};
}

rewards::Result<std::string> DeliveryCipher::Open(const std::string& key_id,
                                                  const std::string& blob,
                                                  const std::string& associated_data) const {
  const unsigned char* key = keyring_.Find(key_id);
  if (key == nullptr) return Unreadable("no data key with id \"" + key_id.substr(0, 16) + "\"");
  std::string raw;
  if (!DecodeBase64(blob, &raw)) return Unreadable("the sealed value is not base64");
  if (raw.size() < kNonceBytes + kTagBytes) return Unreadable("the sealed value is too short");
  const std::size_t size = raw.size() - kNonceBytes - kTagBytes;
  const unsigned char* nonce = Bytes(raw);
  const unsigned char* ciphertext = nonce + kNonceBytes;
  // The tag is only read, but OpenSSL's ctrl takes a non-const pointer.
  unsigned char* tag = Bytes(raw) + kNonceBytes + size;
  std::string plaintext(size, '\0');
  CipherContext ctx = NewContext();
  int final_bytes = 0;
  const bool opened =
      ctx && EVP_DecryptInit_ex(ctx.get(), Aes256GcmAlgorithm(), nullptr, key, nonce) == 1 &&
      Update(ctx.get(), false, nullptr, Bytes(associated_data), associated_data.size()) &&
      Update(ctx.get(), false, Bytes(plaintext), ciphertext, size) &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagBytes), tag) == 1 &&
      EVP_DecryptFinal_ex(ctx.get(), Bytes(plaintext) + size, &final_bytes) == 1 &&
      final_bytes == 0;
  if (!opened) {
    OPENSSL_cleanse(Bytes(plaintext), plaintext.size());
    return Unreadable("authentication failed (wrong key, wrong row or altered value)");
  }
  return plaintext;
}

}  // namespace ascenda
