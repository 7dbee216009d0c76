// RandomSource: unpredictable bytes (AES-GCM nonces), behind an interface so
// a test can make them fixed. OpenSslRandom is the real one (RAND_bytes,
// OpenSSL's CSPRNG, seeded from the OS). Implementations must be thread-safe;
// OpenSslRandom is.
#pragma once

#include <cstddef>

namespace ascenda {

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  // Fills out[0, size) with unpredictable bytes; false when it could not
  // (then `out` must not be used).
  [[nodiscard]] virtual bool Fill(unsigned char* out, std::size_t size) noexcept = 0;
};

class OpenSslRandom final : public RandomSource {
 public:
  [[nodiscard]] bool Fill(unsigned char* out, std::size_t size) noexcept override;
};

}  // namespace ascenda
