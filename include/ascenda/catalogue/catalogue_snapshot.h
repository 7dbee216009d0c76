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
// one, and the compact fields below; it copies only the page's positions.
//
// Memory: one copy of each card. The snapshot keeps every card as its JSON
// text (rewards::AppendGiftCardJson), all in one buffer sized before it is
// written, in the snapshot's order, and beside it only what the filters, the
// sort, the lookups and the quotes need: the id, the folded name, the
// currency, the cheapest price, and per category / currency / country the
// positions of its cards. A rewards::GiftCard is made from the card's own
// text when one is asked for (Find, Quote, Query, cards(); see card_text.h),
// so its content is exactly what the text says; while a caller holds it, the
// same card is answered again (the snapshot remembers it weakly), so a page
// and a lookup share one object.
//
// Card texts: QueryText answers the same selection as Query as the
// concatenation of those texts (rewards::CataloguePages), and version() is a
// hash of all of them, so two snapshots with the same cards, prices and order
// have the same version.
//
// Stored form (catalogue_snapshot_codec.cc): Encode() writes the built
// snapshot — texts, compact fields, version, the pricing fingerprint it was
// priced with — and Restore() reads it back without rendering, sorting or
// pricing anything again: Restore(Encode()) answers every query, text and
// version as the original does. Restore answers nullptr for bytes it cannot
// read (another format, damaged or truncated); it takes the fetch times from
// the caller, who decides whether the stored snapshot may still be served
// (its age, its pricing fingerprint: see catalogue_sync.h). Handed `owner`,
// what keeps `bytes` alive (the buffer a warm start read them into), the
// snapshot holds it and views its card texts, names and ids in `bytes`
// instead of copying them; without one it copies `bytes` first.
//
// Immutable after Build / Restore (its remembered cards aside, which change
// nothing it answers); every method is const and thread-safe. Hold it by
// std::shared_ptr<const CatalogueSnapshot>; returned GiftCardPtrs stay valid
// after the snapshot is gone.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
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

  static Built Build(const std::vector<wire::GiftCardRecord>& records, const PricingTable& pricing,
                     std::chrono::system_clock::time_point fetched_at,
                     std::chrono::steady_clock::time_point fetched_at_monotonic);

  // The stored form (see above), and the snapshot read back from it.
  std::string Encode() const;
  static std::shared_ptr<const CatalogueSnapshot> Restore(
      std::string_view bytes, std::shared_ptr<const void> owner,
      std::chrono::system_clock::time_point fetched_at,
      std::chrono::steady_clock::time_point fetched_at_monotonic);
  static std::shared_ptr<const CatalogueSnapshot> Restore(
      std::string_view bytes, std::chrono::system_clock::time_point fetched_at,
      std::chrono::steady_clock::time_point fetched_at_monotonic);
  // The fingerprint of the PricingTable the snapshot was priced with.
  const std::string& pricing_fingerprint() const { return pricing_fingerprint_; }

  // Every card in ascending name order, each made from its text as it is
  // read (for tests and tools: a listing uses Query or QueryText).
  class Cards {
   public:
    class Iterator {
     public:
      Iterator(const CatalogueSnapshot* snapshot, std::size_t position)
          : snapshot_(snapshot), position_(position) {}
      rewards::GiftCardPtr operator*() const { return snapshot_->CardAt(position_); }
      Iterator& operator++() {
        ++position_;
        return *this;
      }
      bool operator!=(const Iterator& other) const { return position_ != other.position_; }

     private:
      const CatalogueSnapshot* snapshot_;
      std::size_t position_;
    };
    explicit Cards(const CatalogueSnapshot* snapshot) : snapshot_(snapshot) {}
    Iterator begin() const { return Iterator(snapshot_, 0); }
    Iterator end() const { return Iterator(snapshot_, snapshot_->size()); }
    std::size_t size() const { return snapshot_->size(); }

   private:
    const CatalogueSnapshot* snapshot_;
  };

  CatalogueSnapshot(const CatalogueSnapshot&) = delete;
  CatalogueSnapshot& operator=(const CatalogueSnapshot&) = delete;

  rewards::Result<rewards::CataloguePage> Query(const rewards::CatalogueQuery& query) const;
  // Query's page as JSON text; `fresh_for` is left for the cache to set.
  rewards::Result<rewards::CataloguePageText> QueryText(const rewards::CatalogueQuery& query) const;
  // The JSON text of the card at `position` of cards(), and its id.
  std::string_view CardText(std::size_t position) const;
  std::string_view CardId(std::size_t position) const;
  const std::string& version() const { return version_; }

  // The card with this id, or nullptr.
  rewards::GiftCardPtr Find(const std::string& id) const;

  // Whether `denomination` (exactly as listed, e.g. "25.00") of card `card_id`
  // in `currency` is offered by this snapshot, and its points price; else
  // kNotFound "card_unavailable".
  rewards::Result<rewards::Quote> Quote(const std::string& card_id, const std::string& denomination,
                                        const std::string& currency) const;

  std::size_t size() const { return text_ends_.size(); }
  Cards cards() const { return Cards(this); }
  std::chrono::system_clock::time_point fetched_at() const { return fetched_at_; }
  std::chrono::steady_clock::time_point fetched_at_monotonic() const {
    return fetched_at_monotonic_;
  }

 private:
  using Positions = std::vector<std::uint32_t>;                 // card positions, ascending
  using Lists = std::map<std::string, Positions, std::less<>>;  // key -> its cards

  struct Selection {
    Positions positions;  // the page's cards
    std::int64_t total_count = 0;
  };

  struct Entry;   // one priced card and its folded name, while Build sorts them
  struct Owned {  // the texts, folded names and ids that Build writes
    std::string texts, folded_names, ids;
  };

  CatalogueSnapshot() = default;
  // Fill the compact fields and indexes, and the texts, from the sorted cards
  // (into `owned`, which storage_ then holds).
  void Index(const std::vector<const Entry*>& sorted, Owned& owned);
  void Render(const std::vector<const Entry*>& sorted, Owned& owned);
  // The card at `position`, made from its text unless a caller still holds it.
  rewards::GiftCardPtr CardAt(std::size_t position) const;
  // The position of the card with this id, or -1.
  std::int64_t PositionOf(std::string_view id) const;
  std::string_view FoldedName(std::size_t position) const;
  rewards::Result<Selection> Select(const rewards::CatalogueQuery& query) const;
  // Positions of cards in any of `categories`; `scratch` holds a merged list.
  const Positions* CategoryCandidates(const std::vector<std::string>& categories,
                                      Positions* scratch) const;
  // Whether Restore's fields are consistent (sizes, bounds, order).
  bool Consistent() const;

  // What texts_, folded_names_ and ids_ view: the strings Build wrote
  // (Owned), or the stored bytes Restore was handed.
  std::shared_ptr<const void> storage_;
  // Every card's JSON text, in order, and the end of each in texts_.
  std::string_view texts_;
  std::vector<std::uint32_t> text_ends_;
  // The compact fields, parallel to the texts (same positions).
  std::string_view folded_names_;  // FoldCase(name) of every card, concatenated
  std::vector<std::uint32_t> folded_ends_;
  std::string_view ids_;  // every card's id, concatenated
  std::vector<std::uint32_t> id_ends_;
  Positions by_id_;                       // every position, in byte order of the ids
  std::vector<std::uint32_t> currency_;   // the card's currency: an index into currencies_
  std::vector<std::string> currencies_;   // distinct currencies, in code order
  std::vector<std::int64_t> min_points_;  // the card's cheapest denomination, in points
  Lists by_currency_;
  Lists by_category_;
  Lists by_country_;
  std::string version_;  // hash of texts_, hex
  std::string pricing_fingerprint_;
  const Positions no_cards_{};  // the candidates of a filter nothing matches
  std::chrono::system_clock::time_point fetched_at_;
  std::chrono::steady_clock::time_point fetched_at_monotonic_;

  // Cards made for callers, remembered weakly (see above).
  mutable std::mutex made_mu_;
  mutable std::vector<std::weak_ptr<const rewards::GiftCard>> made_;  // guarded by made_mu_
};

using SnapshotPtr = std::shared_ptr<const CatalogueSnapshot>;

}  // namespace ascenda
