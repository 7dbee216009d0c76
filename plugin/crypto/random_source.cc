#include "ascenda/crypto/random_source.h"

#include <openssl/rand.h>

#include <algorithm>
#include <climits>

namespace ascenda {

bool OpenSslRandom::Fill(unsigned char* out, std::size_t size) noexcept {
  while (size > 0) {
    const std::size_t chunk = std::min<std::size_t>(size, INT_MAX);
    if (RAND_bytes(out, static_cast<int>(chunk)) != 1) return false;
    out += chunk;
    size -= chunk;
  }
  return true;
}

}  // namespace ascenda
