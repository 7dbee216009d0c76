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
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ascenda/catalogue/catalogue_snapshot.h"
#include "catalogue/byte_codec.h"

namespace ascenda {

namespace {

// Bump when the stored layout, the card texts (rewards::AppendGiftCardJson)
// or FoldCase change: a stored snapshot of another format is not read.
constexpr std::uint8_t kStoredFormat = 1;

using byte_codec::PutI64;
using byte_codec::PutString;
using byte_codec::PutU32;
using byte_codec::PutU32s;

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

// An index (currency, category or country): u32 keys K, K × (str key,
// u32 M, u32[M] positions); false on a short buffer or a repeated key.
template <typename IndexMap>
bool ReadIndex(byte_codec::ByteReader& in, IndexMap* index) {
  std::uint32_t keys = 0;
  if (!in.U32(&keys) || keys > in.remaining() / 8) return false;
  for (std::uint32_t k = 0; k < keys; ++k) {
    std::string key;
    std::uint32_t n = 0;
    std::vector<std::uint32_t> positions;
    if (!in.String(&key) || !in.U32(&n) || !in.U32s(n, &positions)) return false;
    if (!index->emplace(std::move(key), std::move(positions)).second) return false;
  }
  return true;
}

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
  auto copy = std::make_shared<const std::string>(bytes);
  return Restore(*copy, copy, fetched_at, fetched_at_monotonic);
}

std::shared_ptr<const CatalogueSnapshot> CatalogueSnapshot::Restore(
    std::string_view bytes, std::shared_ptr<const void> owner,
    std::chrono::system_clock::time_point fetched_at,
    std::chrono::steady_clock::time_point fetched_at_monotonic) {
  byte_codec::ByteReader in(bytes);
  std::uint8_t format = 0;
  if (!in.U8(&format) || format != kStoredFormat) return nullptr;
  std::shared_ptr<CatalogueSnapshot> s(new CatalogueSnapshot());
  s->storage_ = std::move(owner);
  std::uint32_t n = 0;
  std::uint32_t currencies = 0;
  bool ok = in.String(&s->pricing_fingerprint_) && in.String(&s->version_) && in.U32(&n) &&
            in.View(&s->texts_) && in.U32s(n, &s->text_ends_) && in.View(&s->folded_names_) &&
            in.U32s(n, &s->folded_ends_) && in.View(&s->ids_) && in.U32s(n, &s->id_ends_) &&
            in.U32s(n, &s->by_id_) && in.U32(&currencies) && currencies <= n;
  if (!ok) return nullptr;
  s->currencies_.resize(currencies);
  for (std::string& c : s->currencies_) {
    if (!in.String(&c)) return nullptr;
  }
  ok = in.U32s(n, &s->currency_) && in.I64s(n, &s->min_points_) &&
       ReadIndex(in, &s->by_currency_) && ReadIndex(in, &s->by_category_) &&
       ReadIndex(in, &s->by_country_) && in.done();
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
