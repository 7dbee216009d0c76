// Catalogue values exchanged between host and plugin.
//
// A GiftCard's content fields are the provider's, unmodified (brand rules):
// the host shows them as they are. Cards are shared immutable snapshots
// (shared_ptr<const GiftCard>), so a listing page does not copy the catalogue.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace rewards {

struct Denomination {
  std::string value;        // decimal string as the provider sends it ("25.00", "5000")
  std::int64_t points = 0;  // points price: face value / cost-per-point, rounded up
};

struct GiftCard {
  std::string id;
  std::string name;
  std::string description;
  std::string terms_and_conditions;
  std::string redemption_instructions;
  std::string logo_url;
  std::vector<std::string> categories;
  std::vector<std::string> countries;
  std::string currency;
  std::vector<Denomination> denominations;
  std::vector<std::string> required_user_fields;
};

using GiftCardPtr = std::shared_ptr<const GiftCard>;

enum class SortOrder { kNameAscending, kNameDescending };

struct CatalogueQuery {
  std::vector<std::string> categories;  // any of; empty = all
  std::string currency;                 // empty = all
  std::string name_contains;            // case-insensitive, UTF-8; empty = all
  SortOrder sort = SortOrder::kNameAscending;
  int page = 1;        // >= 1
  int page_size = 25;  // 1..100
  // A card sold in this ISO 3166-1 alpha-2 country (its `countries`);
  // empty = all. Last, so a plugin built before it reads the same layout.
  std::string country;
  // ABI 1.2: when >= 0, only cards with a denomination priced at most this
  // many points (e.g. the member's balance); negative = no limit. Appended
  // like `country`; a host sets it only for a plugin of minor >= 2, since an
  // older one would ignore it.
  std::int64_t max_points = -1;
};

struct CataloguePage {
  std::vector<GiftCardPtr> cards;
  int page = 1;
  int page_size = 25;
  std::int64_t total_count = 0;
  std::int64_t total_pages = 0;
};

// Whether a card, denomination and currency can be bought now, and for how
// many points (from a snapshot no older than the catalogue TTL).
struct Quote {
  GiftCardPtr card;
  std::string denomination;
  std::string currency;
  std::int64_t points = 0;
};

}  // namespace rewards
