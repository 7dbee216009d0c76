#include "ascenda/catalogue/catalogue_snapshot.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <iterator>
#include <tuple>
#include <unordered_set>
#include <utility>

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

std::shared_ptr<const rewards::GiftCard> Priced(wire::GiftCardRecord&& record,
                                                const PricingTable& pricing,
                                                std::size_t* dropped_denominations) {
  auto card = std::make_shared<rewards::GiftCard>();
  for (std::string& face_value : record.denominations) {
    const auto points = pricing.Price(record.currency, face_value);
    if (!points) {
      ++*dropped_denominations;
      continue;
    }
    card->denominations.push_back({std::move(face_value), *points});
  }
  card->id = std::move(record.id);
  card->name = std::move(record.name);
  card->description = std::move(record.description);
  card->terms_and_conditions = std::move(record.terms_and_conditions);
  card->redemption_instructions = std::move(record.redemption_instructions);
  card->logo_url = std::move(record.logo_url);
  card->categories = std::move(record.categories);
  card->countries = std::move(record.countries);
  card->currency = std::move(record.currency);
  card->required_user_fields = std::move(record.required_user_fields);
  return card;
}

}  // namespace

CatalogueSnapshot::Built CatalogueSnapshot::Build(
    std::vector<wire::GiftCardRecord> records, const PricingTable& pricing,
    std::chrono::system_clock::time_point fetched_at,
    std::chrono::steady_clock::time_point fetched_at_monotonic) {
  Built built;
  struct Entry {
    std::string key;
    rewards::GiftCardPtr card;
  };
  std::vector<Entry> entries;
  entries.reserve(records.size());
  std::unordered_set<std::string> ids;
  for (wire::GiftCardRecord& record : records) {
    if (!pricing.Offers(record.currency)) {
      built.hidden_currencies.insert(record.currency);
      ++built.hidden_cards;
      continue;
    }
    if (ids.count(record.id) != 0) {
      ++built.dropped_cards;
      continue;
    }
    auto card = Priced(std::move(record), pricing, &built.dropped_denominations);
    if (card->denominations.empty()) {
      ++built.dropped_cards;
      continue;
    }
    ids.insert(card->id);
    entries.push_back({FoldCase(card->name), std::move(card)});
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return std::tie(a.key, a.card->name, a.card->id) < std::tie(b.key, b.card->name, b.card->id);
  });

  std::shared_ptr<CatalogueSnapshot> snapshot(new CatalogueSnapshot());
  snapshot->fetched_at_ = fetched_at;
  snapshot->fetched_at_monotonic_ = fetched_at_monotonic;
  snapshot->cards_.reserve(entries.size());
  snapshot->folded_names_.reserve(entries.size());
  for (Entry& entry : entries) {
    snapshot->cards_.push_back(std::move(entry.card));
    snapshot->folded_names_.push_back(std::move(entry.key));
  }
  snapshot->Index();
  snapshot->Render();
  built.snapshot = std::move(snapshot);
  return built;
}

void CatalogueSnapshot::Index() {
  by_id_.reserve(cards_.size());
  for (std::uint32_t position = 0; position < cards_.size(); ++position) {
    const rewards::GiftCard& card = *cards_[position];
    by_id_.emplace(card.id, position);
    by_currency_[card.currency].push_back(position);
    for (const std::string& category : card.categories) {
      Positions& positions = by_category_[category];
      if (positions.empty() || positions.back() != position) positions.push_back(position);
    }
  }
}

void CatalogueSnapshot::Render() {
  text_ends_.reserve(cards_.size());
  for (const rewards::GiftCardPtr& card : cards_) {
    rewards::AppendGiftCardJson(*card, texts_);
    text_ends_.push_back(static_cast<std::uint32_t>(texts_.size()));
  }
  texts_.shrink_to_fit();
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016zx", std::hash<std::string>{}(texts_));
  version_ = hex;
}

std::string_view CatalogueSnapshot::CardText(std::size_t position) const {
  const std::uint32_t begin = position == 0 ? 0 : text_ends_[position - 1];
  return std::string_view(texts_).substr(begin, text_ends_[position] - begin);
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
  const auto sold_in = [&query](const rewards::GiftCard& card) {
    return std::find(card.countries.begin(), card.countries.end(), query.country) !=
           card.countries.end();
  };
  const bool check_points = query.max_points >= 0;
  const auto affordable = [&query](const rewards::GiftCard& card) {
    return std::any_of(
        card.denominations.begin(), card.denominations.end(),
        [&query](const rewards::Denomination& d) { return d.points <= query.max_points; });
  };

  const std::size_t count = candidates != nullptr ? candidates->size() : cards_.size();
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
      if (check_currency && cards_[position]->currency != query.currency) continue;
      if (check_name && folded_names_[position].find(needle) == std::string::npos) continue;
      if (check_country && !sold_in(*cards_[position])) continue;
      if (check_points && !affordable(*cards_[position])) continue;
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
  for (std::uint32_t position : selected->positions) page.cards.push_back(cards_[position]);
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
  auto found = by_id_.find(id);
  return found == by_id_.end() ? nullptr : cards_[found->second];
}

rewards::Result<rewards::Quote> CatalogueSnapshot::Quote(const std::string& card_id,
                                                         const std::string& denomination,
                                                         const std::string& currency) const {
  rewards::GiftCardPtr card = Find(card_id);
  if (card == nullptr) return Unavailable("this gift card is not offered at the moment");
  if (card->currency != currency) {
    return Unavailable("this gift card is not offered in " + currency.substr(0, 8));
  }
  for (const rewards::Denomination& offered : card->denominations) {
    if (offered.value == denomination) {
      return rewards::Quote{card, offered.value, card->currency, offered.points};
    }
  }
  return Unavailable("this gift card is not offered in that denomination at the moment");
}

}  // namespace ascenda
