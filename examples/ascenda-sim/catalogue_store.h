// The gift card catalogue (docs/ascenda-api.md §5), loaded once from a JSON fixture.
//
// Fixture format: a JSON array of gift card objects with the wire fields of
// §5 plus two extension fields that never go on the wire:
//   "in_stock": false      the card starts out of stock (default true)
//   "delivery": "code_pin" | "code" | "url" | "email"   what fulfilment fills
// Each card's wire JSON is built once at load, so listing is string joins.
//
// Stock can change at run time (SetInStock); everything else is immutable
// after Load. Thread-safe after Load returns.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "order.h"

namespace ascenda_sim {

// The documented category list (§5).
const std::vector<std::string>& KnownCategories();

struct GiftCard {
  std::string id;
  std::string name;
  std::string name_lower;
  std::string currency;
  std::vector<std::string> categories;
  std::vector<std::string> denominations;
  std::vector<std::string> required_user_fields;
  Delivery delivery = Delivery::kCodePin;
  bool initially_in_stock = true;
  std::string wire_json;  // the §5 object, extension fields removed
};

struct CardQuery {
  int page = 1;        // >= 1
  int page_size = 25;  // 1..100
  bool descending = false;
  std::string currency;                 // exact ISO code; empty = any
  std::string name_lower;               // substring of the lower-cased name
  std::vector<std::string> categories;  // any of; empty = any
};

struct CardPage {
  std::vector<const GiftCard*> cards;  // borrowed from the store
  int total_count = 0;
};

class CatalogueStore {
 public:
  CatalogueStore() = default;
  CatalogueStore(const CatalogueStore&) = delete;
  CatalogueStore& operator=(const CatalogueStore&) = delete;

  // Reads the fixture. Returns an empty string on success, else what is wrong.
  // A non-empty `logo_base_url` replaces each logo_url with
  // <logo_base_url>/logos/<id>.svg. REQUIRES: called once, before any other method.
  [[nodiscard]] std::string Load(const std::string& path, const std::string& logo_base_url = "");

  // nullptr when unknown. The pointer lives as long as the store.
  const GiftCard* Find(const std::string& id) const;
  bool InStock(const GiftCard& card) const;
  // Returns false when the id is unknown.
  bool SetInStock(const std::string& id, bool in_stock);
  void ResetStock();

  // In-stock cards matching the query, sorted by name (then id).
  CardPage List(const CardQuery& query) const;

  size_t size() const { return cards_.size(); }

 private:
  std::vector<GiftCard> cards_;
  std::unique_ptr<std::atomic<bool>[]> in_stock_;
  std::unordered_map<std::string, size_t> by_id_;
  std::vector<size_t> by_name_;  // indexes into cards_, name ascending
};

}  // namespace ascenda_sim
