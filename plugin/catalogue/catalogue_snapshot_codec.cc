// CatalogueSnapshot::Encode / Restore: the built snapshot's stored form.
//
// Little-endian, every length a u32 prefix:
//   u8  format (kStoredFormat)
//   str pricing fingerprint, str version
//   u32 count of cards N
//   str texts, u32[N] text ends
//   str folded names, u32[N] their ends
//   str ids, u32[N] their ends
//   u32[N] positions in id order
//   u32 currency count C, C × str currency, u32[N] each card's currency (< C)
//   i64[N] each card's cheapest price
//   3 × index (currency, category, country): u32 keys K, K × (str key,
//       u32 M, u32[M] positions)
// Restore checks every length, bound and order it relies on, so damaged
// bytes answer nullptr instead of a snapshot that reads out of its buffers.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "ascenda/catalogue/catalogue_snapshot.h"

namespace ascenda {

namespace {

// Bump when the stored layout, the card texts (rewards::AppendGiftCardJson)
// or FoldCase change: a stored snapshot of another format is not read.
constexpr std::uint8_t kStoredFormat = 1;

void PutU32(std::uint32_t v, std::string& out) {
  char bytes[4];
  for (int i = 0; i < 4; ++i) bytes[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
  out.append(bytes, 4);
}

void PutI64(std::int64_t value, std::string& out) {
  const auto v = static_cast<std::uint64_t>(value);
  char bytes[8];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
  out.append(bytes, 8);
}

void PutString(std::string_view s, std::string& out) {
  PutU32(static_cast<std::uint32_t>(s.size()), out);
  out.append(s.data(), s.size());
}

void PutU32s(const std::vector<std::uint32_t>& values, std::string& out) {
  for (std::uint32_t v : values) PutU32(v, out);
}

template <typename IndexMap>
void PutIndex(const IndexMap& index, std::string& out) {
  PutU32(static_cast<std::uint32_t>(index.size()), out);
  for (const auto& [key, positions] : index) {
    PutString(key, out);
    PutU32(static_cast<std::uint32_t>(positions.size()), out);
    PutU32s(positions, out);
  }
}

template <typename IndexMap>
std::size_t IndexBytes(const IndexMap& index) {
  std::size_t bytes = 4;
  for (const auto& [key, positions] : index) bytes += 8 + key.size() + 4 * positions.size();
  return bytes;
}

// Reads from the front of the bytes; every method answers false once
// anything is missing.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
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
  template <typename IndexMap>
  bool Index(IndexMap* index) {
    std::uint32_t keys = 0;
    if (!U32(&keys) || keys > in_.size() / 8) return false;
    for (std::uint32_t k = 0; k < keys; ++k) {
      std::string key;
      std::uint32_t n = 0;
      std::vector<std::uint32_t> positions;
      if (!String(&key) || !U32(&n) || !U32s(n, &positions)) return false;
      if (!index->emplace(std::move(key), std::move(positions)).second) return false;
    }
    return true;
  }
  bool done() const { return in_.empty(); }

 private:
  std::string_view in_;
};

// Every end at most the next and the last one the buffer's size.
bool EndsFit(const std::vector<std::uint32_t>& ends, std::size_t bytes) {
  std::uint32_t previous = 0;
  for (std::uint32_t end : ends) {
    if (end < previous) return false;
    previous = end;
  }
  return previous == bytes;
}

// Positions below `count`, strictly ascending.
bool PositionsFit(const std::vector<std::uint32_t>& positions, std::size_t count) {
  for (std::size_t i = 0; i < positions.size(); ++i) {
    if (positions[i] >= count || (i > 0 && positions[i] <= positions[i - 1])) return false;
  }
  return true;
}

template <typename IndexMap>
bool IndexFits(const IndexMap& index, std::size_t count) {
  for (const auto& entry : index) {
    if (!PositionsFit(entry.second, count)) return false;
  }
  return true;
}

}  // namespace

std::string CatalogueSnapshot::Encode() const {
  const std::size_t n = size();
  std::size_t bytes = 1 + 4 + pricing_fingerprint_.size() + 4 + version_.size() + 4;
  bytes += 4 + texts_.size() + 4 + folded_names_.size() + 4 + ids_.size() + 4 * 4 * n;
  bytes += 4 + 4 * n + 8 * n;
  for (const std::string& c : currencies_) bytes += 4 + c.size();
  bytes += IndexBytes(by_currency_) + IndexBytes(by_category_) + IndexBytes(by_country_);
  std::string out;
  out.reserve(bytes);
  out += static_cast<char>(kStoredFormat);
  PutString(pricing_fingerprint_, out);
  PutString(version_, out);
  PutU32(static_cast<std::uint32_t>(n), out);
  PutString(texts_, out);
  PutU32s(text_ends_, out);
  PutString(folded_names_, out);
  PutU32s(folded_ends_, out);
  PutString(ids_, out);
  PutU32s(id_ends_, out);
  PutU32s(by_id_, out);
  PutU32(static_cast<std::uint32_t>(currencies_.size()), out);
  for (const std::string& c : currencies_) PutString(c, out);
  PutU32s(currency_, out);
  for (std::int64_t points : min_points_) PutI64(points, out);
  PutIndex(by_currency_, out);
  PutIndex(by_category_, out);
  PutIndex(by_country_, out);
  return out;
}

std::shared_ptr<const CatalogueSnapshot> CatalogueSnapshot::Restore(
    std::string_view bytes, std::chrono::system_clock::time_point fetched_at,
    std::chrono::steady_clock::time_point fetched_at_monotonic) {
  Reader in(bytes);
  std::uint8_t format = 0;
  if (!in.U8(&format) || format != kStoredFormat) return nullptr;
  std::shared_ptr<CatalogueSnapshot> s(new CatalogueSnapshot());
  std::uint32_t n = 0;
  std::uint32_t currencies = 0;
  bool ok = in.String(&s->pricing_fingerprint_) && in.String(&s->version_) && in.U32(&n) &&
            in.String(&s->texts_) && in.U32s(n, &s->text_ends_) && in.String(&s->folded_names_) &&
            in.U32s(n, &s->folded_ends_) && in.String(&s->ids_) && in.U32s(n, &s->id_ends_) &&
            in.U32s(n, &s->by_id_) && in.U32(&currencies) && currencies <= n;
  if (!ok) return nullptr;
  s->currencies_.resize(currencies);
  for (std::string& c : s->currencies_) {
    if (!in.String(&c)) return nullptr;
  }
  ok = in.U32s(n, &s->currency_) && in.I64s(n, &s->min_points_) && in.Index(&s->by_currency_) &&
       in.Index(&s->by_category_) && in.Index(&s->by_country_) && in.done();
  if (!ok || !s->Consistent()) return nullptr;
  s->fetched_at_ = fetched_at;
  s->fetched_at_monotonic_ = fetched_at_monotonic;
  return s;
}

bool CatalogueSnapshot::Consistent() const {
  const std::size_t n = size();
  if (!EndsFit(text_ends_, texts_.size()) || !EndsFit(folded_ends_, folded_names_.size()) ||
      !EndsFit(id_ends_, ids_.size())) {
    return false;
  }
  if (!std::is_sorted(currencies_.begin(), currencies_.end())) return false;
  for (std::uint32_t c : currency_) {
    if (c >= currencies_.size()) return false;
  }
  // by_id_: every position once, in ascending order of the ids.
  std::vector<bool> seen(n, false);
  for (std::size_t i = 0; i < by_id_.size(); ++i) {
    const std::uint32_t p = by_id_[i];
    if (p >= n || seen[p]) return false;
    seen[p] = true;
    if (i > 0 && !(CardId(by_id_[i - 1]) < CardId(p))) return false;
  }
  return IndexFits(by_currency_, n) && IndexFits(by_category_, n) && IndexFits(by_country_, n);
}

}  // namespace ascenda
