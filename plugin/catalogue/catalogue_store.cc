#include "ascenda/catalogue/catalogue_store.h"

#include <Poco/Data/LOB.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>

#include "catalogue/byte_codec.h"

namespace ascenda {

namespace {

using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

constexpr char kEncodingVersion = 1;

// The built form's parts (sql/*/009_catalogue_built_parts.sql).
constexpr std::size_t kBuiltPartBytes = std::size_t{256} << 10;
// More than a built form could be (~1 KB a card): a damaged size, not read.
constexpr Poco::Int64 kMaxBuiltBytes = Poco::Int64{1} << 30;

using byte_codec::PutList;
using byte_codec::PutString;
using byte_codec::PutU32;
using Reader = byte_codec::ByteReader;

}  // namespace

std::string EncodeRecords(const std::vector<wire::GiftCardRecord>& records) {
  std::size_t bytes = 5;
  for (const wire::GiftCardRecord& r : records) {
    bytes += 64 + r.id.size() + r.name.size() + r.description.size() +
             r.terms_and_conditions.size() + r.redemption_instructions.size() + r.logo_url.size();
  }
  std::string out;
  out.reserve(bytes);
  out += kEncodingVersion;
  PutU32(static_cast<std::uint32_t>(records.size()), out);
  for (const wire::GiftCardRecord& r : records) {
    PutString(r.id, out);
    PutString(r.name, out);
    PutString(r.description, out);
    PutString(r.terms_and_conditions, out);
    PutString(r.redemption_instructions, out);
    PutString(r.logo_url, out);
    PutList(r.categories, out);
    PutList(r.countries, out);
    PutString(r.currency, out);
    PutList(r.denominations, out);
    PutList(r.required_user_fields, out);
  }
  return out;
}

std::optional<std::vector<wire::GiftCardRecord>> DecodeRecords(std::string_view bytes) {
  if (bytes.empty() || bytes.front() != kEncodingVersion) return std::nullopt;
  Reader in(bytes.substr(1));
  std::uint32_t count = 0;
  if (!in.U32(&count) || count > bytes.size() / 44) return std::nullopt;  // 11 fields of 4 bytes
  std::vector<wire::GiftCardRecord> records(count);
  for (wire::GiftCardRecord& r : records) {
    const bool ok = in.String(&r.id) && in.String(&r.name) && in.String(&r.description) &&
                    in.String(&r.terms_and_conditions) && in.String(&r.redemption_instructions) &&
                    in.String(&r.logo_url) && in.List(&r.categories) && in.List(&r.countries) &&
                    in.String(&r.currency) && in.List(&r.denominations) &&
                    in.List(&r.required_user_fields);
    if (!ok) return std::nullopt;
  }
  if (!in.done()) return std::nullopt;
  return records;
}

rewards::Status CatalogueStore::Save(const std::string& encoded, const std::string& built,
                                     std::chrono::system_clock::time_point fetched_at) noexcept {
  try {
    const Poco::Int64 fetched_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(fetched_at.time_since_epoch())
            .count();
    const Poco::Data::BLOB blob(reinterpret_cast<const unsigned char*>(encoded.data()),
                                encoded.size());
    // The row is written once, its built size with it: an UPDATE would write
    // the megabytes of records again.
    const Poco::Nullable<Poco::Int64> built_bytes =
        built.empty() ? Poco::Nullable<Poco::Int64>()
                      : Poco::Nullable<Poco::Int64>(static_cast<Poco::Int64>(built.size()));
    rewards::Status saved = db_.RunInTransaction([&](Poco::Data::Session& tx) -> rewards::Status {
      tx << "DELETE FROM ascenda_catalogue_snapshot", now;
      tx << "DELETE FROM ascenda_catalogue_built_part", now;
      tx << "INSERT INTO ascenda_catalogue_snapshot (id, fetched_at, records, built_bytes) "
            "VALUES (1, $1, $2, $3)",
          bind(fetched_ms), bind(blob), bind(built_bytes), now;
      for (std::size_t at = 0; at < built.size(); at += kBuiltPartBytes) {
        const Poco::Int64 part = static_cast<Poco::Int64>(at / kBuiltPartBytes);
        const std::size_t n = std::min(kBuiltPartBytes, built.size() - at);
        const Poco::Data::BLOB bytes(reinterpret_cast<const unsigned char*>(built.data() + at), n);
        tx << "INSERT INTO ascenda_catalogue_built_part (part, bytes) VALUES ($1, $2)", bind(part),
            bind(bytes), now;
      }
      return rewards::Status::Ok();
    });
    if (saved.ok() && db_.dialect() == rewards::SqlDialect::kSQLite) EmptyTheLog();
    return saved;
  } catch (const std::exception& e) {
    return rewards::Internal(std::string("storing the catalogue failed: ") + e.what());
  }
}

void CatalogueStore::EmptyTheLog() noexcept {
  // The commit's own checkpoint has copied most of the log into the database
  // already; TRUNCATE copies what readers held back (waiting for them as long
  // as the host's busy timeout) and then empties the file. Advice only: the
  // row is durable either way.
  try {
    auto session = db_.Session();
    if (session.ok()) session.value() << "PRAGMA wal_checkpoint(TRUNCATE)", now;
  } catch (const std::exception&) {
  }
}

rewards::Result<std::optional<CatalogueStore::Stored>> CatalogueStore::Load() noexcept {
  try {
    auto session = db_.Session();
    if (!session.ok()) return session.status();
    std::vector<Poco::Int64> fetched;
    std::vector<Poco::Data::BLOB> blobs;
    session.value() << "SELECT fetched_at, records FROM ascenda_catalogue_snapshot WHERE id = 1",
        into(fetched), into(blobs), now;
    if (fetched.empty() || blobs.empty()) return std::optional<Stored>();
    const auto& content = blobs.front().content();
    auto records = DecodeRecords(
        std::string_view(reinterpret_cast<const char*>(content.data()), content.size()));
    if (!records) return std::optional<Stored>();
    Stored stored;
    stored.records = std::move(*records);
    stored.fetched_at =
        std::chrono::system_clock::time_point(std::chrono::milliseconds(fetched.front()));
    return std::optional<Stored>(std::move(stored));
  } catch (const std::exception& e) {
    return rewards::Internal(std::string("reading the stored catalogue failed: ") + e.what());
  }
}

rewards::Result<std::optional<std::chrono::system_clock::time_point>>
CatalogueStore::BuiltAt() noexcept {
  try {
    auto session = db_.Session();
    if (!session.ok()) return session.status();
    std::vector<Poco::Int64> fetched;
    session.value() << "SELECT fetched_at FROM ascenda_catalogue_snapshot "
                       "WHERE id = 1 AND built_bytes IS NOT NULL",
        into(fetched), now;
    if (fetched.empty()) return std::optional<std::chrono::system_clock::time_point>();
    return std::optional<std::chrono::system_clock::time_point>(
        std::chrono::system_clock::time_point(std::chrono::milliseconds(fetched.front())));
  } catch (const std::exception& e) {
    return rewards::Internal(std::string("reading the stored catalogue failed: ") + e.what());
  }
}

rewards::Result<std::optional<CatalogueStore::StoredBuilt>> CatalogueStore::LoadBuilt() noexcept {
  try {
    auto session = db_.Session();
    if (!session.ok()) return session.status();
    // The row and its parts in one statement: one snapshot of the database,
    // so a Save running beside it cannot tear them. One part at a time.
    Poco::Int64 fetched = 0;
    Poco::Int64 total = 0;
    Poco::Int64 part = 0;
    Poco::Data::BLOB bytes;
    Poco::Data::Statement select(session.value());
    select << "SELECT s.fetched_at, s.built_bytes, p.part, p.bytes "
              "FROM ascenda_catalogue_snapshot s JOIN ascenda_catalogue_built_part p ON s.id = 1 "
              "WHERE s.built_bytes IS NOT NULL ORDER BY p.part",
        into(fetched), into(total), into(part), into(bytes), Poco::Data::Keywords::range(0, 1);
    std::optional<StoredBuilt> stored;
    std::size_t filled = 0;
    while (!select.done()) {
      if (select.execute() == 0) break;
      if (!stored) {
        if (total <= 0 || total > kMaxBuiltBytes) return std::optional<StoredBuilt>();
        stored.emplace(static_cast<std::size_t>(total));
        stored->fetched_at =
            std::chrono::system_clock::time_point(std::chrono::milliseconds(fetched));
      }
      // Parts numbered from 0 with no gap, adding up to built_bytes exactly.
      const std::size_t n = bytes.size();
      if (part != static_cast<Poco::Int64>(filled / kBuiltPartBytes) || n > kBuiltPartBytes ||
          n > stored->bytes->size() - filled) {
        return std::optional<StoredBuilt>();
      }
      std::memcpy(stored->bytes->data() + filled, bytes.rawContent(), n);
      filled += n;
    }
    if (!stored || filled != stored->bytes->size()) return std::optional<StoredBuilt>();
    return stored;
  } catch (const std::exception& e) {
    return rewards::Internal(std::string("reading the stored catalogue failed: ") + e.what());
  }
}

}  // namespace ascenda
