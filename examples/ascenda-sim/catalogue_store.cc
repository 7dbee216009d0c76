#include "catalogue_store.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "json_text.h"

namespace ascenda_sim {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string StringField(const Object& o, const std::string& key) {
  return o.has(key) && o.get(key).isString() ? o.getValue<std::string>(key) : "";
}

// Reads an array of strings; false when the field is missing or mistyped.
bool StringArray(const Object& o, const std::string& key, std::vector<std::string>& out) {
  Array::Ptr array = o.getArray(key);
  if (!array) return false;
  for (size_t i = 0; i < array->size(); ++i) {
    if (!array->get(i).isString()) return false;
    out.push_back(array->getElement<std::string>(i));
  }
  return true;
}

bool ParseDelivery(const std::string& name, Delivery& out) {
  if (name.empty() || name == "code_pin")
    out = Delivery::kCodePin;
  else if (name == "code")
    out = Delivery::kCode;
  else if (name == "url")
    out = Delivery::kUrl;
  else if (name == "email")
    out = Delivery::kEmailOnly;
  else
    return false;
  return true;
}

std::string WireJson(const Object& o, const GiftCard& card, const std::string& logo_base_url) {
  std::vector<std::string> countries;
  StringArray(o, "countries", countries);
  std::string out = "{\"id\":";
  AppendJsonString(out, card.id);
  out += ",\"name\":";
  AppendJsonString(out, card.name);
  for (const char* key :
       {"description", "terms_and_conditions", "redemption_instructions", "logo_url"}) {
    out += ",\"";
    out += key;
    out += "\":";
    const bool own_logo = !logo_base_url.empty() && std::string(key) == "logo_url";
    AppendJsonString(out,
                     own_logo ? logo_base_url + "/logos/" + card.id + ".svg" : StringField(o, key));
  }
  out += ",\"categories\":";
  AppendJsonStringArray(out, card.categories);
  out += ",\"countries\":";
  AppendJsonStringArray(out, countries);
  out += ",\"currency\":";
  AppendJsonString(out, card.currency);
  out += ",\"denominations\":";
  AppendJsonStringArray(out, card.denominations);
  out += ",\"required_user_fields\":";
  AppendJsonStringArray(out, card.required_user_fields);
  out += "}";
  return out;
}

// Fills `card` from one fixture object; returns what is wrong, or "".
std::string ReadCard(const Object& o, GiftCard& card, const std::string& logo_base_url) {
  card.id = StringField(o, "id");
  card.name = StringField(o, "name");
  card.currency = StringField(o, "currency");
  if (card.id.empty() || card.name.empty() || card.currency.empty()) {
    return "card needs string id, name and currency";
  }
  if (!StringArray(o, "categories", card.categories) ||
      !StringArray(o, "denominations", card.denominations) ||
      !StringArray(o, "required_user_fields", card.required_user_fields)) {
    return "card " + card.id +
           ": categories, denominations and "
           "required_user_fields must be string arrays";
  }
  for (const std::string& category : card.categories) {
    const auto& known = KnownCategories();
    if (std::find(known.begin(), known.end(), category) == known.end()) {
      return "card " + card.id + ": unknown category " + category;
    }
  }
  if (!ParseDelivery(StringField(o, "delivery"), card.delivery)) {
    return "card " + card.id + ": unknown delivery";
  }
  card.initially_in_stock = !o.has("in_stock") || o.getValue<bool>("in_stock");
  card.name_lower = Lower(card.name);
  card.wire_json = WireJson(o, card, logo_base_url);
  return "";
}

}  // namespace

const std::vector<std::string>& KnownCategories() {
  static const std::vector<std::string> kCategories = {"Beauty and Health",
                                                       "Dining",
                                                       "Electronics",
                                                       "Entertainment",
                                                       "Experiences",
                                                       "Fashion",
                                                       "Home and Garden",
                                                       "Jewelry",
                                                       "Online Shopping",
                                                       "Transport",
                                                       "Young Ones",
                                                       "Malls and Hypermarkets",
                                                       "Others"};
  return kCategories;
}

std::string CatalogueStore::Load(const std::string& path, const std::string& logo_base_url) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "cannot open catalogue file " + path;
  std::stringstream text;
  text << in.rdbuf();
  Array::Ptr array;
  try {
    Poco::JSON::Parser parser;
    array = parser.parse(text.str()).extract<Array::Ptr>();
  } catch (const Poco::Exception& e) {
    return "catalogue " + path + " is not a JSON array: " + e.displayText();
  }
  cards_.resize(array->size());
  for (size_t i = 0; i < array->size(); ++i) {
    Object::Ptr object = array->getObject(i);
    if (!object) return "catalogue entry " + std::to_string(i) + " is not an object";
    std::string error = ReadCard(*object, cards_[i], logo_base_url);
    if (!error.empty()) return error;
    if (!by_id_.emplace(cards_[i].id, i).second) {
      return "duplicate card id " + cards_[i].id;
    }
  }
  in_stock_.reset(new std::atomic<bool>[cards_.size()]);
  ResetStock();
  by_name_.resize(cards_.size());
  for (size_t i = 0; i < cards_.size(); ++i) by_name_[i] = i;
  std::sort(by_name_.begin(), by_name_.end(), [this](size_t a, size_t b) {
    if (cards_[a].name != cards_[b].name) return cards_[a].name < cards_[b].name;
    return cards_[a].id < cards_[b].id;
  });
  return "";
}

const GiftCard* CatalogueStore::Find(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &cards_[it->second];
}

bool CatalogueStore::InStock(const GiftCard& card) const {
  return in_stock_[&card - cards_.data()].load(std::memory_order_relaxed);
}

bool CatalogueStore::SetInStock(const std::string& id, bool in_stock) {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return false;
  in_stock_[it->second].store(in_stock);
  return true;
}

void CatalogueStore::ResetStock() {
  for (size_t i = 0; i < cards_.size(); ++i) {
    in_stock_[i].store(cards_[i].initially_in_stock);
  }
}

namespace {

bool Matches(const GiftCard& card, const CardQuery& q) {
  if (!q.currency.empty() && card.currency != q.currency) return false;
  if (!q.name_lower.empty() && card.name_lower.find(q.name_lower) == std::string::npos) {
    return false;
  }
  if (q.categories.empty()) return true;
  for (const std::string& wanted : q.categories) {
    if (std::find(card.categories.begin(), card.categories.end(), wanted) !=
        card.categories.end()) {
      return true;
    }
  }
  return false;
}

}  // namespace

CardPage CatalogueStore::List(const CardQuery& query) const {
  CardPage page;
  const size_t first = static_cast<size_t>(query.page - 1) * query.page_size;
  const size_t n = by_name_.size();
  for (size_t k = 0; k < n; ++k) {
    const GiftCard& card = cards_[by_name_[query.descending ? n - 1 - k : k]];
    if (!InStock(card) || !Matches(card, query)) continue;
    size_t position = static_cast<size_t>(page.total_count++);
    if (position >= first && page.cards.size() < static_cast<size_t>(query.page_size)) {
      page.cards.push_back(&card);
    }
  }
  return page;
}

}  // namespace ascenda_sim
