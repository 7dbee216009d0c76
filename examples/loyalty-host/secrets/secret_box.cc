#include "secrets/secret_box.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <memory>

#include "auth/crypto_util.h"

namespace loyalty {

namespace {

constexpr char kPrefix[] = "sealed:v1:";
constexpr std::size_t kNonceBytes = 12;
constexpr std::size_t kTagBytes = 16;
constexpr std::size_t kKeyIdDigits = 16;

using Context = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

rewards::Status Unreadable(const std::string& why) {
  return rewards::Status(rewards::StatusCode::kFailedPrecondition, "secret_unreadable",
                         "a sealed setting cannot be opened: " + why);
}

unsigned char* Bytes(std::string& s) { return reinterpret_cast<unsigned char*>(&s[0]); }
const unsigned char* Bytes(const std::string& s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

SecretBox::SecretBox(std::string current, std::vector<std::string> previous) {
  keys_.push_back({KeyId(current), std::move(current)});
  for (std::string& k : previous) {
    std::string id = KeyId(k);
    if (!Find(id)) keys_.push_back({std::move(id), std::move(k)});
  }
}

SecretBox::~SecretBox() {
  for (Key& k : keys_) OPENSSL_cleanse(&k.bytes[0], k.bytes.size());
}

std::string SecretBox::KeyId(const std::string& raw_key) {
  return Sha256Hex(raw_key).substr(0, kKeyIdDigits);
}

bool SecretBox::IsSealed(const std::string& value) { return !KeyIdOf(value).empty(); }

std::string SecretBox::KeyIdOf(const std::string& value) {
  const std::string prefix = kPrefix;
  if (value.compare(0, prefix.size(), prefix) != 0) return "";
  const std::size_t colon = value.find(':', prefix.size());
  if (colon == std::string::npos || colon - prefix.size() != kKeyIdDigits) return "";
  return value.substr(prefix.size(), kKeyIdDigits);
}

const SecretBox::Key* SecretBox::Find(const std::string& id) const {
  for (const Key& k : keys_) {
    if (k.id == id) return &k;
  }
  return nullptr;
}

bool SecretBox::HasKey(const std::string& key_id) const { return Find(key_id) != nullptr; }

rewards::Result<std::string> SecretBox::Seal(const std::string& plaintext,
                                             const std::string& context) const {
  std::optional<std::string> nonce = RandomBytes(kNonceBytes);
  if (!nonce) return rewards::Internal("no random nonce");
  std::string blob = *nonce + std::string(plaintext.size() + kTagBytes, '\0');
  unsigned char* out = Bytes(blob) + kNonceBytes;
  Context ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int n = 0;
  const bool ok = ctx &&
                  EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr,
                                     Bytes(keys_.front().bytes), Bytes(blob)) == 1 &&
                  EVP_EncryptUpdate(ctx.get(), nullptr, &n, Bytes(context),
                                    static_cast<int>(context.size())) == 1 &&
                  EVP_EncryptUpdate(ctx.get(), out, &n, Bytes(plaintext),
                                    static_cast<int>(plaintext.size())) == 1 &&
                  EVP_EncryptFinal_ex(ctx.get(), out + plaintext.size(), &n) == 1 &&
                  EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagBytes),
                                      out + plaintext.size()) == 1;
  if (!ok) return rewards::Internal("AES-256-GCM sealing failed");
  return std::string(kPrefix) + keys_.front().id + ":" + ToBase64(blob);
}

rewards::Result<std::string> SecretBox::Open(const std::string& sealed,
                                             const std::string& context) const {
  const std::string id = KeyIdOf(sealed);
  if (id.empty()) return Unreadable("not sealed text");
  const Key* key = Find(id);
  if (!key) return Unreadable("sealed under key " + id + ", which no key file holds");
  std::optional<std::string> blob =
      FromBase64(sealed.substr(std::string(kPrefix).size() + kKeyIdDigits + 1));
  if (!blob || blob->size() < kNonceBytes + kTagBytes) return Unreadable("malformed");
  const std::size_t size = blob->size() - kNonceBytes - kTagBytes;
  std::string plain(size, '\0');
  std::string tag = blob->substr(kNonceBytes + size);
  Context ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int n = 0;
  unsigned char final_block[32];
  const bool ok = ctx &&
                  EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, Bytes(key->bytes),
                                     Bytes(*blob)) == 1 &&
                  EVP_DecryptUpdate(ctx.get(), nullptr, &n, Bytes(context),
                                    static_cast<int>(context.size())) == 1 &&
                  EVP_DecryptUpdate(ctx.get(), size ? Bytes(plain) : nullptr, &n,
                                    Bytes(*blob) + kNonceBytes, static_cast<int>(size)) == 1 &&
                  EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagBytes),
                                      Bytes(tag)) == 1 &&
                  EVP_DecryptFinal_ex(ctx.get(), final_block, &n) == 1;
  if (!ok) {
    OPENSSL_cleanse(Bytes(plain), plain.size());
    return Unreadable("authentication failed (wrong key, wrong row or altered value)");
  }
  return plain;
}

}  // namespace loyalty
