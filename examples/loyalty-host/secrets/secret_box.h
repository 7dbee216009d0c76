// SecretBox: secret setting values sealed at rest with AES-256-GCM under the
// host's master key (secrets/master_key_file.h), which lives outside the
// database.
//
// Sealed text is "sealed:v1:<key id>:<base64(12-byte nonce | ciphertext |
// 16-byte tag)>"; the key id (16 hex digits of the key's SHA-256) says which
// key opens it, so older keys (host.secrets.previous_key_files) still open
// values sealed before a rotation, while Seal always uses the current key.
// `context` (e.g. "ascenda/ascenda.client_secret") is authenticated data: a
// value moved to another row does not open. Immutable; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "rewards/status.h"

namespace loyalty {

class SecretBox {
 public:
  static constexpr std::size_t kKeyBytes = 32;

  // REQUIRES: every key is kKeyBytes raw bytes; `current` first.
  SecretBox(std::string current, std::vector<std::string> previous);
  ~SecretBox();
  SecretBox(const SecretBox&) = delete;
  SecretBox& operator=(const SecretBox&) = delete;

  rewards::Result<std::string> Seal(const std::string& plaintext, const std::string& context) const;
  // kFailedPrecondition "secret_unreadable" for an unknown key id, a wrong
  // context or an altered value.
  rewards::Result<std::string> Open(const std::string& sealed, const std::string& context) const;
  bool HasKey(const std::string& key_id) const;
  const std::string& current_key_id() const { return keys_.front().id; }

  static bool IsSealed(const std::string& value);
  // The key id of a sealed value; "" when `value` is not sealed text.
  static std::string KeyIdOf(const std::string& value);
  static std::string KeyId(const std::string& raw_key);

 private:
  struct Key {
    std::string id;
    std::string bytes;
  };
  const Key* Find(const std::string& id) const;

  std::vector<Key> keys_;
};

}  // namespace loyalty
