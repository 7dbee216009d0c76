// CatalogueStore: the last catalogue fetched from Ascenda, kept in the host's
// database (table ascenda_catalogue_snapshot, sql/*/006_catalogue_snapshot.sql)
// so that a host starting again within the catalogue TTL can serve it before
// Ascenda answers (CatalogueSync::WarmStart).
//
// What is kept is the sync's input — every card record as fetched, with the
// wall time the walk began — not the priced snapshot: a warm start prices it
// with the settings of the new start, and hidden or unpriceable cards stay
// available for a later pricing change. Save replaces the one row; Load
// answers it, or nullopt when there is none (or it is in an encoding this
// build does not read).
//
// EncodeRecords / DecodeRecords: the row's binary form — a version byte (1),
// then a u32 count of records and, per record, its string fields and string
// lists as u32 length / count prefixes (little-endian) and raw bytes.
// DecodeRecords answers nullopt for anything malformed or truncated.
//
// Thread-safe; `db` is borrowed and must outlive the store.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

  explicit CatalogueStore(rewards::Database& db) : db_(db) {}
  CatalogueStore(const CatalogueStore&) = delete;
  CatalogueStore& operator=(const CatalogueStore&) = delete;

  // `encoded` is EncodeRecords of the fetched cards.
  rewards::Status Save(const std::string& encoded,
                       std::chrono::system_clock::time_point fetched_at) noexcept;
  rewards::Result<std::optional<Stored>> Load() noexcept;

 private:
  rewards::Database& db_;
};

}  // namespace ascenda
