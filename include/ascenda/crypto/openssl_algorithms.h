// The OpenSSL 3 algorithms the plugin uses, each fetched once per process.
// EVP_sha256() / EVP_aes_256_gcm() handed to an init function are looked up
// by name again on every call ("implicit fetch"), which cost a webhook
// acknowledgement about as much as hashing its body.
//
// Each is freed when the plugin is unloaded or the process exits, before
// OpenSSL's own clean-up (registered earlier, so run later). Null only if
// OpenSSL has no such algorithm; callers then fail as on any OpenSSL error.
// Thread-safe.
#pragma once

#include <openssl/evp.h>

namespace ascenda {

const EVP_MD* Sha256Algorithm();
const EVP_CIPHER* Aes256GcmAlgorithm();

}  // namespace ascenda
