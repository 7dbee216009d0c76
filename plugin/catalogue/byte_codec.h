// The catalogue room's byte layout for what it stores (the fetched records,
// catalogue_store.cc; the built snapshot, catalogue_snapshot_codec.cc):
// little-endian integers, every string and list prefixed by its u32 length.
// ByteReader reads from the front of a buffer; every method answers false
// once anything is missing or a length cannot fit what is left, and the
// reader is unusable then.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace ascenda::byte_codec {

inline void PutU32(std::uint32_t v, std::string& out) {
  char b[4];
  for (int i = 0; i < 4; ++i) b[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
  out.append(b, 4);
}

inline void PutI64(std::int64_t value, std::string& out) {
  const auto v = static_cast<std::uint64_t>(value);
  char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
  out.append(b, 8);
}

inline void PutString(std::string_view s, std::string& out) {
  PutU32(static_cast<std::uint32_t>(s.size()), out);
  out.append(s.data(), s.size());
}

inline void PutU32s(const std::vector<std::uint32_t>& values, std::string& out) {
  for (std::uint32_t v : values) PutU32(v, out);
}

inline void PutList(const std::vector<std::string>& items, std::string& out) {
  PutU32(static_cast<std::uint32_t>(items.size()), out);
  for (const std::string& s : items) PutString(s, out);
}

class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  bool U8(std::uint8_t* v) {
    if (in_.empty()) return false;
    *v = static_cast<std::uint8_t>(in_[0]);
    in_.remove_prefix(1);
    return true;
  }
  bool U32(std::uint32_t* v) {
    if (in_.size() < 4) return false;
    *v = 0;
    for (int i = 0; i < 4; ++i) {
      *v |= static_cast<std::uint32_t>(static_cast<unsigned char>(in_[i])) << (8 * i);
    }
    in_.remove_prefix(4);
    return true;
  }
  bool I64(std::int64_t* value) {
    if (in_.size() < 8) return false;
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) {
      v |= static_cast<std::uint64_t>(static_cast<unsigned char>(in_[i])) << (8 * i);
    }
    in_.remove_prefix(8);
    std::memcpy(value, &v, sizeof v);
    return true;
  }
  bool String(std::string* s) {
    std::uint32_t n = 0;
    if (!U32(&n) || in_.size() < n) return false;
    s->assign(in_.data(), n);
    in_.remove_prefix(n);
    return true;
  }
  // A string as a view of the buffer read from (valid while it is).
  bool View(std::string_view* s) {
    std::uint32_t n = 0;
    if (!U32(&n) || in_.size() < n) return false;
    *s = in_.substr(0, n);
    in_.remove_prefix(n);
    return true;
  }
  bool List(std::vector<std::string>* items) {
    std::uint32_t n = 0;
    if (!U32(&n) || n > in_.size() / 4) return false;  // each item takes 4 bytes at least
    items->resize(n);
    for (std::string& s : *items) {
      if (!String(&s)) return false;
    }
    return true;
  }
  bool U32s(std::size_t n, std::vector<std::uint32_t>* values) {
    if (in_.size() / 4 < n) return false;
    values->resize(n);
    for (std::uint32_t& v : *values) (void)U32(&v);
    return true;
  }
  bool I64s(std::size_t n, std::vector<std::int64_t>* values) {
    if (in_.size() / 8 < n) return false;
    values->resize(n);
    for (std::int64_t& v : *values) (void)I64(&v);
    return true;
  }
  std::size_t remaining() const { return in_.size(); }
  bool done() const { return in_.empty(); }

 private:
  std::string_view in_;
};

}  // namespace ascenda::byte_codec
