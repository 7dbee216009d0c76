// DeliveryCipher: seals gift card delivery data (code, pin, url, expiry — see
// delivery_payload.h) for storage at rest, with AES-256-GCM through OpenSSL's
// EVP interface.
//
// Keys: `ascenda.data_key` is base64 of 32 random bytes. Each key's id is the
// first 8 lowercase hex digits of SHA-256(raw key bytes) — stable, short, and
// it says nothing useful about the key. The id is stored beside each sealed
// value (delivery_key_id) so a value is always opened with the key that
// sealed it. DeliveryKeyring holds the current key (which seals) and older
// keys (which only open), so a rotation is: make the new key current, keep
// the old one as older until nothing sealed with it remains.
//
// Sealed blob: base64 (standard alphabet, padded, one line) of
//   nonce (12 random bytes) || ciphertext (same length as the plaintext) ||
//   GCM tag (16 bytes).
// The associated data (the redemption id) is authenticated, not stored: a
// blob copied to another row does not open there. Random 96-bit nonces are
// safe for far more values than one key will ever seal (NIST's 2^32 bound).
//
// Every failure to open — unknown key id, bad base64, short blob, tampered
// nonce / ciphertext / tag, wrong key or associated data — is
// kFailedPrecondition "delivery_unreadable"; never a crash or an exception.
// Messages name the key id at most, never key bytes or plaintext.
//
// Thread-safety: both classes are immutable after construction; Seal and
// Open may be called concurrently (each call has its own EVP context).
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "ascenda/crypto/random_source.h"
#include "rewards/status.h"

namespace ascenda {

class DeliveryKeyring {
 public:
  static constexpr std::size_t kKeyBytes = 32;

  // `current_base64`: ascenda.data_key. `older_base64`: retired keys, only
  // for opening. Any key that is not base64 of exactly 32 bytes, or two
  // different keys with one id, is kFailedPrecondition "bad_data_key"
  // (the message names the key's position, never its text).
  static rewards::Result<DeliveryKeyring> FromBase64(
      const std::string& current_base64, const std::vector<std::string>& older_base64 = {});

  // The id of a raw 32-byte key (see above).
  static std::string KeyIdOf(const std::string& raw_key);

  DeliveryKeyring(const DeliveryKeyring&) = default;
  DeliveryKeyring& operator=(const DeliveryKeyring&) = default;
  DeliveryKeyring(DeliveryKeyring&&) = default;
  DeliveryKeyring& operator=(DeliveryKeyring&&) = default;
  ~DeliveryKeyring();  // wipes the key bytes

  const std::string& current_key_id() const { return keys_.front().id; }
  // The key with `key_id`, or null. The pointer lives as long as this ring.
  const unsigned char* Find(const std::string& key_id) const;

 private:
  struct Key {
    std::string id;
    std::array<unsigned char, kKeyBytes> bytes;
  };
  DeliveryKeyring() = default;

  std::vector<Key> keys_;  // front() is the current key
};

struct SealedValue {
  std::string key_id;
  std::string blob;  // base64 text
};

class DeliveryCipher {
 public:
  // `random` is borrowed; it must outlive the cipher.
  DeliveryCipher(DeliveryKeyring keyring, RandomSource* random);

  // Seals under the current key. Fails (kInternal) only when the random
  // source or OpenSSL fails.
  rewards::Result<SealedValue> Seal(const std::string& plaintext,
                                    const std::string& associated_data) const;
  // The plaintext that Seal was given with the same associated data.
  rewards::Result<std::string> Open(const std::string& key_id, const std::string& blob,
                                    const std::string& associated_data) const;

  const std::string& current_key_id() const { return keyring_.current_key_id(); }

 private:
  DeliveryKeyring keyring_;
  RandomSource* random_;
};

}  // namespace ascenda
