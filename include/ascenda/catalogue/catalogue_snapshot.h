// CatalogueSnapshot: one immutable, fully priced copy of the Ascenda gift card
// catalogue, and the listing / lookup / quote queries served from it.
//
// Build takes every card of one sync (all pages), the pricing table and the
// time of the fetch (wall and monotonic, read by the caller from its Clock):
//   - a card whose currency has no cost-per-point is hidden; its currency is
//     reported in Built::hidden_currencies so the caller can log each once;
//   - every denomination is priced (points = ceil(face / cost-per-point)); a
//     denomination whose price cannot be computed (malformed or zero face
//     value, price beyond int64) is dropped, and a card left with no
//     denomination is dropped too (nothing of it can be bought);
//   - a card id seen twice keeps its first occurrence (pages can shift while a
//     sync walks them);
//   - content fields are kept exactly as Ascenda sent them (brand rules).
// Prices are fixed at Build: after a cost-per-point change, build (and
// publish) a new snapshot.
//
// Order: cards are sorted by FoldCase(name) compared byte-wise (see
// name_fold.h: Unicode simple lower case, so "apple" and "Apple" sort
// together; non-ASCII letters sort after ASCII ones), ties broken by the name's
// own bytes, then by id. Descending order is exactly the reverse.
//
// Query semantics:
//   - page >= 1 and 1 <= page_size <= 100, else kInvalidArgument
//     "invalid_query"; a page past the end is an empty page (not an error)
//     with the true total_count / total_pages;
//   - categories: any of the listed names, compared exactly (byte-wise). A
//     category no card has (including a misspelt one) matches nothing, so
//     unknown categories answer an empty result, not an error — the set of
//     categories is Ascenda's to grow;
//   - currency: compared exactly (ISO codes as Ascenda sends them);
//   - name_contains: case-insensitive substring of the name (FoldCase on
//     both sides). It must be valid UTF-8 of at most kMaxNameFilterBytes
//     bytes, else kInvalidArgument "invalid_query";
//   - max_points >= 0: cards with at least one denomination priced at most
//     that many points (negative: no limit).
// A query touches only the index of its currency or categories when it has
// one, and copies only the page's card pointers; cards are shared
// (rewards::GiftCardPtr), never copied.
//
// Card texts: Build also renders every card once as its JSON text
// (rewards::AppendGiftCardJson), kept in one buffer in the snapshot's order;
// QueryText answers the same selection as Query as the concatenation of those
// texts (rewards::CataloguePages), and version() is a hash of all of them, so
// two snapshots with the same cards, prices and order have the same version.
//
// Immutable after Build; every method is const and thread-safe. Hold it by
// std::shared_ptr<const CatalogueSnapshot>; returned GiftCardPtrs stay valid
// after the snapshot is gone.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ascenda/pricing/pricing_table.h"
#include "ascenda/wire/gift_card_json.h"
#include "rewards/catalogue_pages.h"
#include "rewards/catalogue_types.h"
#include "rewards/status.h"

namespace ascenda {

class CatalogueSnapshot {
 public:
  static constexpr int kMaxPageSize = 100;
  static constexpr std::size_t kMaxNameFilterBytes = 256;

  struct Built {
    std::shared_ptr<const CatalogueSnapshot> snapshot;
    std::set<std::string> hidden_currencies;  // currencies of cards that were hidden
    std::size_t hidden_cards = 0;             // cards in those currencies
    std::size_t dropped_denominations = 0;    // unpriceable denominations
    std::size_t dropped_cards = 0;            // left without denominations, or duplicate ids
  };

  static Built Build(std::vector<wire::GiftCardRecord> records, const PricingTable& pricing,
                     std::chrono::system_clock::time_point fetched_at,
                     std::chrono::steady_clock::time_point fetched_at_monotonic);

  CatalogueSnapshot(const CatalogueSnapshot&) = delete;
  CatalogueSnapshot& operator=(const CatalogueSnapshot&) = delete;

  rewards::Result<rewards::CataloguePage> Query(const rewards::CatalogueQuery& query) const;
  // Query's page as JSON text; `fresh_for` is left for the cache to set.
  rewards::Result<rewards::CataloguePageText> QueryText(const rewards::CatalogueQuery& query) const;
  // The JSON text of the card at `position` of cards().
  std::string_view CardText(std::size_t position) const;
  const std::string& version() const { return version_; }

  // The card with this id, or nullptr.
  rewards::GiftCardPtr Find(const std::string& id) const;

  // Whether `denomination` (exactly as listed, e.g. "25.00") of card `card_id`
  // in `currency` is offered by this snapshot, and its points price; else
  // kNotFound "card_unavailable".
  rewards::Result<rewards::Quote> Quote(const std::string& card_id, const std::string& denomination,
                                        const std::string& currency) const;

  std::size_t size() const { return cards_.size(); }
  // Every card, in ascending name order.
  const std::vector<rewards::GiftCardPtr>& cards() const { return cards_; }
  std::chrono::system_clock::time_point fetched_at() const { return fetched_at_; }
  std::chrono::steady_clock::time_point fetched_at_monotonic() const {
    return fetched_at_monotonic_;
  }

 private:
  using Positions = std::vector<std::uint32_t>;  // indexes into cards_, ascending

  struct Selection {
    Positions positions;  // the page's cards
    std::int64_t total_count = 0;
  };

  CatalogueSnapshot() = default;
  void Index();
  void Render();
  rewards::Result<Selection> Select(const rewards::CatalogueQuery& query) const;
  // Positions of cards in any of `categories`; `scratch` holds a merged list.
  const Positions* CategoryCandidates(const std::vector<std::string>& categories,
                                      Positions* scratch) const;

  std::vector<rewards::GiftCardPtr> cards_;  // sorted (see above)
  std::vector<std::string> folded_names_;    // FoldCase(name), parallel to cards_
  std::string texts_;                        // every card's JSON text, in cards_ order
  std::vector<std::uint32_t> text_ends_;     // end of each card's text in texts_
  std::string version_;                      // hash of texts_, hex
  std::unordered_map<std::string, std::uint32_t> by_id_;
  std::map<std::string, Positions> by_currency_;
  std::map<std::string, Positions> by_category_;
  const Positions no_cards_{};  // the candidates of a filter nothing matches
  std::chrono::system_clock::time_point fetched_at_;
  std::chrono::steady_clock::time_point fetched_at_monotonic_;
};

using SnapshotPtr = std::shared_ptr<const CatalogueSnapshot>;

}  // namespace ascenda
