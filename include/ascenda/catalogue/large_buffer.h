// LargeBuffer: a fixed-size buffer for megabytes filled at once — the stored
// built catalogue, which a warm start reads into one (catalogue_store.h) and
// the restored snapshot then views (catalogue_snapshot.h).
//
// From 2 MiB up its memory is aligned to 2 MiB and offered to the kernel for
// transparent huge pages (Linux, madvise(MADV_HUGEPAGE)): filling 18 MB then
// touches about nine fresh pages instead of about 4,400 of 4 KiB, and on a
// virtual machine each first touch of a small page costs microseconds — half
// of reading the built form. Where huge pages are off, or below 2 MiB, it is
// ordinary memory; the contents are the same either way. The bytes start
// zeroed only as far as the kernel's fresh pages are; callers fill them all.
//
// Not copyable; not thread-safe while written, read-only after.
#pragma once

#include <cstddef>
#include <string_view>

namespace ascenda {

class LargeBuffer {
 public:
  static constexpr std::size_t kHugePage = std::size_t{2} << 20;

  // Throws std::bad_alloc when the memory cannot be had.
  explicit LargeBuffer(std::size_t size);
  ~LargeBuffer();
  LargeBuffer(const LargeBuffer&) = delete;
  LargeBuffer& operator=(const LargeBuffer&) = delete;

  char* data() { return data_; }
  const char* data() const { return data_; }
  std::size_t size() const { return size_; }
  std::string_view view() const { return {data_, size_}; }

 private:
  char* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace ascenda
