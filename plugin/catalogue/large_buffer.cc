#include "ascenda/catalogue/large_buffer.h"

#include <cstdlib>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace ascenda {

LargeBuffer::LargeBuffer(std::size_t size) : size_(size) {
  if (size == 0) return;
  if (size < kHugePage) {
    data_ = static_cast<char*>(std::malloc(size));
  } else {
    const std::size_t rounded = (size + kHugePage - 1) / kHugePage * kHugePage;
    data_ = static_cast<char*>(std::aligned_alloc(kHugePage, rounded));
#if defined(__linux__)
    // Advice only: refused (huge pages off, an old kernel) it changes nothing.
    if (data_ != nullptr) (void)madvise(data_, rounded, MADV_HUGEPAGE);
#endif
  }
  if (data_ == nullptr) throw std::bad_alloc();
}

LargeBuffer::~LargeBuffer() { std::free(data_); }

}  // namespace ascenda
