// CatalogueStore: the last catalogue fetched from Ascenda, kept in the host's
// database (table ascenda_catalogue_snapshot, sql/*/006_catalogue_snapshot.sql)
// so that a host starting again within the catalogue TTL can serve it before
// Ascenda answers (CatalogueSync::WarmStart).
//
// Two forms of the same fetch are kept in the row, with the wall time the
// walk began:
//   - records: the sync's input, every card record as fetched, so a pricing
//     change can price them again (hidden or unpriceable cards stay available
//     for it);
//   - built: the priced snapshot as CatalogueSnapshot::Encode writes it,
//     which a warm start serves without building anything while it is young
//     enough and priced with the settings in force (CatalogueSync::WarmStart).
//     It is kept in parts of 256 KiB (table ascenda_catalogue_built_part,
//     sql/*/009_catalogue_built_parts.sql) with its size in the row.
// Save replaces the row and the parts in one transaction; on SQLite it then
// empties the write-ahead log (wal_checkpoint(TRUNCATE)), so that a host that
// stops abruptly soon after does not start with the ~30 MB of the save still
// in the log to recover and fold in (~15 ms of a 20,000-card warm start in a
// bench A B). The checkpoint waits for readers as long as the host's busy timeout
// allows; it fails silently, since the row is durable either way. Load answers the
// records; LoadBuilt the built form, read part by part into one LargeBuffer
// of its size (parts that do not add up to it answer nullopt); BuiltAt only
// its fetch time; each answers nullopt when there is none (or the records are
// in an encoding this build does not read).
//
// EncodeRecords / DecodeRecords: the row's binary form — a version byte (1),
// then a u32 count of records and, per record, its string fields and string
// lists as u32 length / count prefixes (little-endian) and raw bytes.
// DecodeRecords answers nullopt for anything malformed or truncated.
//
// Thread-safe; `db` is borrowed and must outlive the store.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ascenda/catalogue/large_buffer.h"
#include "ascenda/wire/gift_card_json.h"
#include "rewards/database.h"
#include "rewards/status.h"

namespace ascenda {

std::string EncodeRecords(const std::vector<wire::GiftCardRecord>& records);
std::optional<std::vector<wire::GiftCardRecord>> DecodeRecords(std::string_view bytes);

class CatalogueStore {
 public:
  struct Stored {
    std::vector<wire::GiftCardRecord> records;
    std::chrono::system_clock::time_point fetched_at;
  };
  struct StoredBuilt {
    explicit StoredBuilt(std::size_t size) : bytes(std::make_shared<LargeBuffer>(size)) {}
    std::shared_ptr<LargeBuffer> bytes;  // CatalogueSnapshot::Encode's
    std::chrono::system_clock::time_point fetched_at;
    std::string_view view() const { return bytes->view(); }
  };

  explicit CatalogueStore(rewards::Database& db) : db_(db) {}
  CatalogueStore(const CatalogueStore&) = delete;
  CatalogueStore& operator=(const CatalogueStore&) = delete;

  // `encoded` is EncodeRecords of the fetched cards, `built` the Encode of
  // the snapshot built from them (empty: none).
  rewards::Status Save(const std::string& encoded, const std::string& built,
                       std::chrono::system_clock::time_point fetched_at) noexcept;
  rewards::Result<std::optional<Stored>> Load() noexcept;
  // When the stored built form was fetched (nullopt: there is none), read
  // without reading the form itself; then the form.
  rewards::Result<std::optional<std::chrono::system_clock::time_point>> BuiltAt() noexcept;
  rewards::Result<std::optional<StoredBuilt>> LoadBuilt() noexcept;

 private:
  void EmptyTheLog() noexcept;

  rewards::Database& db_;
};

}  // namespace ascenda
