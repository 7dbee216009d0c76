// CataloguePages (ABI 1.2, provider interface `rewards.catalogue_pages.v1`,
// found through the descriptor's find_provider_interface, plugin_entry.h): a
// catalogue listing page as JSON
// text, assembled from card texts the provider rendered once per catalogue
// snapshot, so a host answers a listing without building a JSON tree.
//
// ListCatalogueText answers the same cards, order, paging and errors as
// RewardsProvider::ListCatalogue for the same query; `cards_json` is the JSON
// array of those cards, each exactly as AppendGiftCardJson (gift_card_json.h)
// writes it, joined by ','. `version` names the content of the snapshot the
// page came from: two pages with the same version and the same query are the
// same bytes (a host may use it for ETags). `fresh_for` is how much longer the
// provider will serve that snapshot (its TTL minus its age, never negative):
// no copy of the page should be used after that (Cache-Control max-age).
//
// Thread-safe; noexcept like every boundary call.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "rewards/catalogue_types.h"
#include "rewards/status.h"

namespace rewards {

inline constexpr char kCataloguePagesInterface[] = "rewards.catalogue_pages.v1";

struct CataloguePageText {
  std::string cards_json = "[]";
  int page = 1;
  int page_size = 25;
  std::int64_t total_count = 0;
  std::int64_t total_pages = 0;
  std::string version;
  std::chrono::milliseconds fresh_for{0};
};

class CataloguePages {
 public:
  virtual Result<CataloguePageText> ListCatalogueText(const CatalogueQuery& query) noexcept = 0;

 protected:
  ~CataloguePages() = default;  // the plugin owns it (normally its provider)
};

}  // namespace rewards
