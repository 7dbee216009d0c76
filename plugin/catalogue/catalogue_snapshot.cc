#include "ascenda/catalogue/catalogue_snapshot.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <iterator>
#include <numeric>
#include <tuple>
#include <unordered_set>
#include <utility>

#include "ascenda/catalogue/card_text.h"
#include "ascenda/catalogue/name_fold.h"
#include "rewards/gift_card_json.h"

namespace ascenda {

namespace {

rewards::Status InvalidQuery(const std::string& message) {
  return rewards::InvalidArgument("invalid_query", message);
}

rewards::Status Unavailable(const std::string& message) {
  return rewards::NotFound("card_unavailable", message);
}

// The record as a card with its priced denominations (none when nothing of
// it can be priced).
rewards::GiftCard Priced(const wire::GiftCardRecord& record, const PricingTable& pricing,
                         std::size_t* dropped_denominations) {
  rewards::GiftCard card;
  for (const std::string& face_value : record.denominations) {
    const auto points = pricing.Price(record.currency, face_value);
    if (!points) {
      ++*dropped_denominations;
      continue;
    }
    card.denominations.push_back({face_value, *points});
  }
  if (card.denominations.empty()) return card;
  card.id = record.id;
  card.name = record.name;
  card.description = record.description;
  card.terms_and_conditions = record.terms_and_conditions;
  card.redemption_instructions = record.redemption_instructions;
  card.logo_url = record.logo_url;
  card.categories = record.categories;
  card.countries = record.countries;
  card.currency = record.currency;
  card.required_user_fields = record.required_user_fields;
  return card;
}

// Adds `position` to the list of each of `keys` (once per list).
void AddToIndex(const std::vector<std::string>& keys, std::uint32_t position,
                std::map<std::string, std::vector<std::uint32_t>, std::less<>>* index) {
  for (const std::string& key : keys) {
    auto& positions = (*index)[key];
    if (positions.empty() || positions.back() != position) positions.push_back(position);
  }
}

std::string_view Slice(std::string_view buffer, const std::vector<std::uint32_t>& ends,
                       std::size_t position) {
  const std::uint32_t begin = position == 0 ? 0 : ends[position - 1];
  return buffer.substr(begin, ends[position] - begin);
}

}  // namespace

struct CatalogueSnapshot::Entry {
  std::string key;  // FoldCase(card.name)
  rewards::GiftCard card;
};

CatalogueSnapshot::Built CatalogueSnapshot::Build(
    const std::vector<wire::GiftCardRecord>& records, const PricingTable& pricing,
    std::chrono::system_clock::time_point fetched_at,
    std::chrono::steady_clock::time_point fetched_at_monotonic) {
  Built built;
  std::vector<Entry> entries;
  entries.reserve(records.size());
  std::unordered_set<std::string_view> ids;  // into `records`, which outlive it
  ids.reserve(records.size());
  for (const wire::GiftCardRecord& record : records) {
    if (!pricing.Offers(record.currency)) {
      built.hidden_currencies.insert(record.currency);
      ++built.hidden_cards;
      continue;
    }
    if (ids.count(record.id) != 0) {
      ++built.dropped_cards;
      continue;
    }
    rewards::GiftCard card = Priced(record, pricing, &built.dropped_denominations);
    if (card.denominations.empty()) {
      ++built.dropped_cards;
      continue;
    }
    ids.insert(record.id);
    entries.push_back({FoldCase(card.name), std::move(card)});
  }
  std::vector<const Entry*> sorted;
  sorted.reserve(entries.size());
  for (const Entry& entry : entries) sorted.push_back(&entry);
  std::sort(sorted.begin(), sorted.end(), [](const Entry* a, const Entry* b) {
    return std::tie(a->key, a->card.name, a->card.id) < std::tie(b->key, b->card.name, b->card.id);
  });

  std::shared_ptr<CatalogueSnapshot> snapshot(new CatalogueSnapshot());
  snapshot->fetched_at_ = fetched_at;
  snapshot->fetched_at_monotonic_ = fetched_at_monotonic;
  snapshot->pricing_fingerprint_ = pricing.fingerprint();
  auto owned = std::make_shared<Owned>();
  snapshot->Index(sorted, *owned);
  snapshot->Render(sorted, *owned);
  snapshot->texts_ = owned->texts;
  snapshot->folded_names_ = owned->folded_names;
  snapshot->ids_ = owned->ids;
  snapshot->storage_ = std::move(owned);
  built.snapshot = std::move(snapshot);
  return built;
}

void CatalogueSnapshot::Index(const std::vector<const Entry*>& sorted, Owned& owned) {
  std::size_t folded_bytes = 0;
  std::size_t id_bytes = 0;
  std::set<std::string> currencies;
  for (const Entry* entry : sorted) {
    folded_bytes += entry->key.size();
    id_bytes += entry->card.id.size();
    currencies.insert(entry->card.currency);
  }
  currencies_.assign(currencies.begin(), currencies.end());
  owned.folded_names.reserve(folded_bytes);
  owned.ids.reserve(id_bytes);
  folded_ends_.reserve(sorted.size());
  id_ends_.reserve(sorted.size());
  currency_.reserve(sorted.size());
  min_points_.reserve(sorted.size());
  for (std::uint32_t position = 0; position < sorted.size(); ++position) {
    const rewards::GiftCard& card = sorted[position]->card;
    owned.folded_names += sorted[position]->key;
    folded_ends_.push_back(static_cast<std::uint32_t>(owned.folded_names.size()));
    owned.ids += card.id;
    id_ends_.push_back(static_cast<std::uint32_t>(owned.ids.size()));
    currency_.push_back(static_cast<std::uint32_t>(
        std::lower_bound(currencies_.begin(), currencies_.end(), card.currency) -
        currencies_.begin()));
    std::int64_t cheapest = card.denominations.front().points;
    for (const rewards::Denomination& d : card.denominations)
      cheapest = std::min(cheapest, d.points);
    min_points_.push_back(cheapest);
    by_currency_[card.currency].push_back(position);
    AddToIndex(card.categories, position, &by_category_);
    AddToIndex(card.countries, position, &by_country_);
  }
  by_id_.resize(sorted.size());
  std::iota(by_id_.begin(), by_id_.end(), 0U);
  const std::string_view ids = owned.ids;
  std::sort(by_id_.begin(), by_id_.end(), [&](std::uint32_t a, std::uint32_t b) {
    return Slice(ids, id_ends_, a) < Slice(ids, id_ends_, b);
  });
}

void CatalogueSnapshot::Render(const std::vector<const Entry*>& sorted, Owned& owned) {
  // One buffer of exactly the texts' size: sized first, then written.
  std::size_t bytes = 0;
  for (const Entry* entry : sorted) bytes += rewards::GiftCardJsonSize(entry->card);
  owned.texts.reserve(bytes);
  text_ends_.reserve(sorted.size());
  for (const Entry* entry : sorted) {
    rewards::AppendGiftCardJson(entry->card, owned.texts);
    text_ends_.push_back(static_cast<std::uint32_t>(owned.texts.size()));
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016zx", std::hash<std::string>{}(owned.texts));
  version_ = hex;
}

std::string_view CatalogueSnapshot::CardText(std::size_t position) const {
  return Slice(texts_, text_ends_, position);
}

std::string_view CatalogueSnapshot::CardId(std::size_t position) const {
  return Slice(ids_, id_ends_, position);
}

std::string_view CatalogueSnapshot::FoldedName(std::size_t position) const {
  return Slice(folded_names_, folded_ends_, position);
}

std::int64_t CatalogueSnapshot::PositionOf(std::string_view id) const {
  auto found =
      std::lower_bound(by_id_.begin(), by_id_.end(), id,
                       [this](std::uint32_t p, std::string_view v) { return CardId(p) < v; });
  if (found == by_id_.end() || CardId(*found) != id) return -1;
  return *found;
}

rewards::GiftCardPtr CatalogueSnapshot::CardAt(std::size_t position) const {
  {
    std::lock_guard<std::mutex> lock(made_mu_);
    if (made_.empty()) made_.resize(size());
    if (rewards::GiftCardPtr held = made_[position].lock()) return held;
  }
  std::optional<rewards::GiftCard> parsed = ParseCardText(CardText(position));
  if (!parsed) return nullptr;  // never for a text Render wrote
  // Not make_shared: the card's memory goes when its last holder lets go,
  // only the small control block stays behind the weak reference.
  rewards::GiftCardPtr card(
      new rewards::GiftCard(std::move(*parsed)));  // NOLINT(modernize-make-shared)
  std::lock_guard<std::mutex> lock(made_mu_);
  if (rewards::GiftCardPtr held = made_[position].lock()) return held;  // made meanwhile
  made_[position] = card;
  return card;
}

const CatalogueSnapshot::Positions* CatalogueSnapshot::CategoryCandidates(
    const std::vector<std::string>& categories, Positions* scratch) const {
  std::vector<const Positions*> lists;
  for (const std::string& category : categories) {
    auto found = by_category_.find(category);
    if (found != by_category_.end()) lists.push_back(&found->second);
  }
  std::sort(lists.begin(), lists.end());
  lists.erase(std::unique(lists.begin(), lists.end()), lists.end());
  if (lists.empty()) return &no_cards_;
  if (lists.size() == 1) return lists.front();
  for (const Positions* list : lists) {
    Positions merged;
    merged.reserve(scratch->size() + list->size());
    std::set_union(scratch->begin(), scratch->end(), list->begin(), list->end(),
                   std::back_inserter(merged));
    scratch->swap(merged);
  }
  return scratch;
}

rewards::Result<CatalogueSnapshot::Selection> CatalogueSnapshot::Select(
    const rewards::CatalogueQuery& query) const {
  if (query.page < 1) return InvalidQuery("page must be 1 or more");
  if (query.page_size < 1 || query.page_size > kMaxPageSize) {
    return InvalidQuery("page_size must be between 1 and " + std::to_string(kMaxPageSize));
  }
  if (query.name_contains.size() > kMaxNameFilterBytes) {
    return InvalidQuery("the name filter is longer than " + std::to_string(kMaxNameFilterBytes) +
                        " bytes");
  }
  if (!IsValidUtf8(query.name_contains)) return InvalidQuery("the name filter is not valid UTF-8");

  // Candidates, in ascending name order: one index when the query has one
  // (nullptr means every card), then the remaining filters per candidate.
  Positions scratch;
  const Positions* candidates = nullptr;
  bool check_currency = false;
  if (!query.categories.empty()) {
    candidates = CategoryCandidates(query.categories, &scratch);
    check_currency = !query.currency.empty();
  } else if (!query.currency.empty()) {
    auto found = by_currency_.find(query.currency);
    candidates = found == by_currency_.end() ? &no_cards_ : &found->second;
  }
  const std::string needle = FoldCase(query.name_contains);
  const bool check_name = !needle.empty();
  const bool check_country = !query.country.empty();
  const Positions* sold_there = &no_cards_;
  if (check_country) {
    auto found = by_country_.find(query.country);
    if (found != by_country_.end()) sold_there = &found->second;
  }
  const bool check_points = query.max_points >= 0;

  const std::size_t count = candidates != nullptr ? candidates->size() : size();
  const bool descending = query.sort == rewards::SortOrder::kNameDescending;
  const auto position_at = [&](std::size_t k) -> std::uint32_t {
    const std::size_t i = descending ? count - 1 - k : k;
    return candidates != nullptr ? (*candidates)[i] : static_cast<std::uint32_t>(i);
  };
  const std::int64_t first = static_cast<std::int64_t>(query.page - 1) * query.page_size;
  const std::int64_t end = first + query.page_size;

  Selection page;
  if (!check_currency && !check_name && !check_country && !check_points) {
    page.total_count = static_cast<std::int64_t>(count);
    for (std::int64_t k = first; k < end && k < page.total_count; ++k) {
      page.positions.push_back(position_at(static_cast<std::size_t>(k)));
    }
  } else {
    std::int64_t matched = 0;
    for (std::size_t k = 0; k < count; ++k) {
      const std::uint32_t position = position_at(k);
      if (check_currency && currencies_[currency_[position]] != query.currency) continue;
      if (check_name && FoldedName(position).find(needle) == std::string_view::npos) continue;
      if (check_country && !std::binary_search(sold_there->begin(), sold_there->end(), position)) {
        continue;
      }
      if (check_points && min_points_[position] > query.max_points) continue;
      if (matched >= first && matched < end) page.positions.push_back(position);
      ++matched;
    }
    page.total_count = matched;
  }
  return page;
}

rewards::Result<rewards::CataloguePage> CatalogueSnapshot::Query(
    const rewards::CatalogueQuery& query) const {
  auto selected = Select(query);
  if (!selected.ok()) return selected.status();
  rewards::CataloguePage page;
  page.page = query.page;
  page.page_size = query.page_size;
  page.total_count = selected->total_count;
  page.total_pages = (page.total_count + query.page_size - 1) / query.page_size;
  page.cards.reserve(selected->positions.size());
  for (std::uint32_t position : selected->positions) {
    if (rewards::GiftCardPtr card = CardAt(position)) page.cards.push_back(std::move(card));
  }
  return page;
}

rewards::Result<rewards::CataloguePageText> CatalogueSnapshot::QueryText(
    const rewards::CatalogueQuery& query) const {
  auto selected = Select(query);
  if (!selected.ok()) return selected.status();
  rewards::CataloguePageText page;
  page.page = query.page;
  page.page_size = query.page_size;
  page.total_count = selected->total_count;
  page.total_pages = (page.total_count + query.page_size - 1) / query.page_size;
  page.version = version_;
  std::size_t bytes = 2;
  for (std::uint32_t position : selected->positions) bytes += CardText(position).size() + 1;
  page.cards_json.clear();
  page.cards_json.reserve(bytes);
  page.cards_json += '[';
  for (std::size_t i = 0; i < selected->positions.size(); ++i) {
    if (i > 0) page.cards_json += ',';
    const std::string_view text = CardText(selected->positions[i]);
    page.cards_json.append(text.data(), text.size());
  }
  page.cards_json += ']';
  return page;
}

rewards::GiftCardPtr CatalogueSnapshot::Find(const std::string& id) const {
  const std::int64_t position = PositionOf(id);
  return position < 0 ? nullptr : CardAt(static_cast<std::size_t>(position));
}

rewards::Result<rewards::Quote> CatalogueSnapshot::Quote(const std::string& card_id,
                                                         const std::string& denomination,
                                                         const std::string& currency) const {
  const std::int64_t position = PositionOf(card_id);
  if (position < 0) return Unavailable("this gift card is not offered at the moment");
  if (currencies_[currency_[static_cast<std::size_t>(position)]] != currency) {
    return Unavailable("this gift card is not offered in " + currency.substr(0, 8));
  }
  rewards::GiftCardPtr card = CardAt(static_cast<std::size_t>(position));
  if (card == nullptr) return Unavailable("this gift card is not offered at the moment");
  for (const rewards::Denomination& offered : card->denominations) {
    if (offered.value == denomination) {
      return rewards::Quote{card, offered.value, card->currency, offered.points};
    }
  }
  return Unavailable("this gift card is not offered in that denomination at the moment");
}

}  // namespace ascenda
