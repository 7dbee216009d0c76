// ascenda-sim-make-catalogue --cards=N --seed=S --out=FILE
//
// Writes a gift card catalogue fixture for ascenda-sim: a JSON array of docs/ascenda-api.md §5
// gift card objects plus the fixture-only fields "in_stock" and "delivery".
// Deterministic for a given seed (uses only mt19937_64 output, no
// library distributions). The first six cards are fixed and documented in
// ../README.md ("Fixture cards") so tests can rely on them.
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

namespace {

struct Currency {
  const char* code;
  const char* country;
  int minor_digits;
  std::vector<int> face_values;
};

const std::vector<Currency>& Currencies() {
  static const std::vector<Currency> kCurrencies = {
      {"USD", "US", 2, {5, 10, 15, 20, 25, 50, 75, 100, 150, 200, 250, 500}},
      {"SGD", "SG", 2, {5, 10, 20, 25, 30, 50, 80, 100, 150, 200}},
      {"EUR", "DE", 2, {5, 10, 15, 20, 25, 50, 100, 150, 200}},
      {"EUR", "FR", 2, {10, 20, 30, 50, 75, 100, 150}},
      {"AUD", "AU", 2, {10, 20, 25, 50, 100, 150, 200, 250}},
      {"JPY", "JP", 0, {500, 1000, 2000, 3000, 5000, 10000, 20000}},
      {"GBP", "GB", 2, {5, 10, 15, 20, 25, 50, 100}},
      {"CAD", "CA", 2, {10, 25, 50, 75, 100, 200}},
      {"HKD", "HK", 2, {50, 100, 200, 300, 500, 1000}},
  };
  return kCurrencies;
}

const std::vector<std::string> kCategories = {"Beauty and Health",
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

const std::vector<std::string> kCategoryWords = {
    "Wellness",  "Kitchen", "Electronics", "Cinemas", "Adventures", "Boutique", "Home",
    "Jewellers", "Online",  "Rides",       "Toys",    "Mall",       "Gifts"};

const std::vector<std::string> kAdjectives = {
    "Blue",   "Golden", "Silver", "Urban",   "Coastal", "Northern", "Bright", "Royal",
    "Little", "Grand",  "Green",  "Crimson", "Quiet",   "Lucky",    "Modern", "Classic",
    "Happy",  "Wild",   "Sunny",  "Velvet",  "Amber",   "Maple",    "Ocean",  "Cedar"};

const std::vector<std::string> kNouns = {
    "Harbor", "Lane",   "Orchard", "Summit", "River",   "Garden", "Market",  "Street",
    "Bay",    "Peak",   "Field",   "Bridge", "Square",  "Corner", "Valley",  "Island",
    "Forest", "Meadow", "Canyon",  "Pier",   "Station", "Avenue", "Harvest", "Lantern"};

class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}
  uint64_t Next() { return engine_(); }
  size_t Below(size_t n) { return static_cast<size_t>(engine_() % n); }
  bool Chance(int percent) { return Below(100) < static_cast<size_t>(percent); }

 private:
  std::mt19937_64 engine_;
};

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

std::string QuoteList(const std::vector<std::string>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) out += (i ? "," : "") + Quote(values[i]);
  return out + "]";
}

std::string Money(int face_value, int minor_digits) {
  std::string out = std::to_string(face_value);
  if (minor_digits > 0) out += "." + std::string(static_cast<size_t>(minor_digits), '0');
  return out;
}

std::string Uuid(Random& random) {
  uint64_t hi = (random.Next() & 0xffffffffffff0fffULL) | 0x4000ULL;
  uint64_t lo = (random.Next() & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xffff), static_cast<unsigned>(hi & 0xffff),
                static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  return buf;
}

struct Card {
  std::string id, name, currency, country, delivery = "code_pin";
  std::vector<std::string> categories, denominations;
  std::vector<std::string> required = {"number", "email", "first_name", "last_name"};
  bool in_stock = true;
};

std::string ToJson(const Card& c) {
  std::string brand = c.name.substr(0, c.name.rfind(" Gift Card"));
  std::string json = "{\"id\":" + Quote(c.id) + ",\"name\":" + Quote(c.name);
  json += ",\"description\":" + Quote("A digital gift card for " + brand +
                                      ", usable online and in stores in " + c.country + ".");
  json += ",\"terms_and_conditions\":" +
          Quote(
              "Valid for 12 months from issue. Not exchangeable for cash. Lost or "
              "stolen cards are not replaced. Full terms at the " +
              brand + " website.");
  json +=
      ",\"redemption_instructions\":" +
      Quote(c.delivery == "email" ? "The card is sent to your email address; follow the link in it."
                                  : "Present the code (and PIN, if any) at checkout.");
  json += ",\"logo_url\":" + Quote("https://cdn.sim.ascenda.invalid/logos/" + c.id + ".png");
  json += ",\"categories\":" + QuoteList(c.categories);
  json += ",\"countries\":" + QuoteList({c.country});
  json += ",\"currency\":" + Quote(c.currency);
  json += ",\"denominations\":" + QuoteList(c.denominations);
  json += ",\"required_user_fields\":" + QuoteList(c.required);
  json += ",\"delivery\":" + Quote(c.delivery);
  json += std::string(",\"in_stock\":") + (c.in_stock ? "true" : "false") + "}";
  return json;
}

std::vector<Card> FixedCards() {
  std::vector<Card> cards(6);
  const char* prefix = "00000000-0000-4000-8000-00000000000";
  cards[0] = {prefix + std::string("1"),
              "Sim Test USD Gift Card",
              "USD",
              "US",
              "code_pin",
              {"Online Shopping"},
              {"10.00", "25.00", "50.00", "100.00"}};
  cards[1] = {prefix + std::string("2"), "Sim Test JPY Gift Card", "JPY", "JP", "code", {"Dining"},
              {"1000", "5000", "10000"}};
  cards[2] = {prefix + std::string("3"),
              "Sim Test Phone Gift Card",
              "SGD",
              "SG",
              "code_pin",
              {"Transport"},
              {"10.00", "20.00", "50.00"}};
  cards[2].required.push_back("phone_number");
  cards[3] = {
      prefix + std::string("4"), "Sim Test Email-Only Gift Card", "EUR", "DE", "email", {"Fashion"},
      {"25.00", "50.00"}};
  cards[4] = {prefix + std::string("5"),
              "Sim Test Out-of-Stock Gift Card",
              "AUD",
              "AU",
              "code_pin",
              {"Electronics"},
              {"50.00", "100.00"}};
  cards[4].in_stock = false;
  cards[5] = {prefix + std::string("6"), "Sim Test URL Gift Card", "USD", "US", "url",
              {"Entertainment"},         {"20.00", "50.00"}};
  return cards;
}

Card RandomCard(Random& random, size_t index) {
  Card card;
  card.id = Uuid(random);
  const Currency& currency = Currencies()[random.Below(Currencies().size())];
  card.currency = currency.code;
  card.country = currency.country;
  size_t category = index % kCategories.size();
  card.categories.push_back(kCategories[category]);
  if (random.Chance(20)) {
    size_t second = random.Below(kCategories.size());
    if (second != category) card.categories.push_back(kCategories[second]);
  }
  card.name = kAdjectives[random.Below(kAdjectives.size())] + " " +
              kNouns[random.Below(kNouns.size())] + " " + kCategoryWords[category] + " " +
              card.country + " Gift Card";
  size_t count = 3 + random.Below(4);
  size_t start = random.Below(currency.face_values.size() - 2);
  for (size_t i = start; i < currency.face_values.size() && card.denominations.size() < count;
       ++i) {
    card.denominations.push_back(Money(currency.face_values[i], currency.minor_digits));
  }
  if (random.Chance(10)) card.required.push_back("phone_number");
  size_t delivery = random.Below(100);
  card.delivery = delivery < 15   ? "email"
                  : delivery < 25 ? "url"
                  : delivery < 50 ? "code"
                                  : "code_pin";
  card.in_stock = !random.Chance(2);
  return card;
}

bool Flag(const std::string& arg, const std::string& name, std::string& value) {
  std::string prefix = "--" + name + "=";
  if (arg.compare(0, prefix.size(), prefix) != 0) return false;
  value = arg.substr(prefix.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::string cards = "1200", seed = "20261126", out;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (!Flag(arg, "cards", cards) && !Flag(arg, "seed", seed) && !Flag(arg, "out", out)) {
      std::cerr << "usage: ascenda-sim-make-catalogue --cards=N --seed=S --out=FILE\n";
      return 2;
    }
  }
  size_t total = std::stoul(cards);
  if (out.empty() || total < 6) {
    std::cerr << "need --out=FILE and --cards >= 6\n";
    return 2;
  }
  Random random(std::stoull(seed));
  std::vector<Card> all = FixedCards();
  while (all.size() < total) all.push_back(RandomCard(random, all.size()));
  std::ofstream file(out, std::ios::binary | std::ios::trunc);
  file << "[\n";
  for (size_t i = 0; i < all.size(); ++i)
    file << ToJson(all[i]) << (i + 1 < all.size() ? ",\n" : "\n");
  file << "]\n";
  if (!file) {
    std::cerr << "cannot write " << out << "\n";
    return 1;
  }
  std::cout << "wrote " << all.size() << " cards to " << out << "\n";
  return 0;
}
