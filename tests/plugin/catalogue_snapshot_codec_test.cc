// The built snapshot's stored form (CatalogueSnapshot::Encode / Restore): a
// restored snapshot answers every page text, version, lookup and quote as the
// one it was encoded from, names the pricing it was priced with, and damaged
// or foreign bytes are refused rather than read.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ascenda/catalogue/catalogue_snapshot.h"
#include "ascenda/pricing/pricing_table.h"
#include "ascenda/wire/gift_card_json.h"
#include "rewards/gift_card_json.h"

namespace ascenda {
namespace {

using rewards::CatalogueQuery;
using std::chrono::steady_clock;
using std::chrono::system_clock;

const system_clock::time_point kWall(std::chrono::seconds(1'800'000'000));
const steady_clock::time_point kMono(std::chrono::hours(5));

wire::GiftCardRecord Record(int i) {
  wire::GiftCardRecord r;
  r.id = "card-" + std::to_string(i);
  r.name = (i % 3 == 0 ? "caf\xc3\xa9 " : "Shop \"") + std::to_string(1000 - i);
  r.description = "About\n" + r.name + std::string(1, static_cast<char>(i % 32));
  r.terms_and_conditions = "\xff not UTF-8";
  r.logo_url = "https://cdn.example/" + r.id + ".png";
  r.categories = {i % 2 ? "Dining" : "Fashion", "All"};
  r.countries = {i % 4 ? "US" : "SG"};
  r.currency = i % 5 ? "USD" : "SGD";
  r.denominations = {"10.00", std::to_string(i + 1) + ".00"};
  r.required_user_fields = {"email"};
  return r;
}

std::vector<wire::GiftCardRecord> Records(int n) {
  std::vector<wire::GiftCardRecord> records;
  for (int i = 0; i < n; ++i) records.push_back(Record(i));
  records.push_back(Record(3));  // a duplicate id: dropped
  return records;
}

PricingTable Pricing() {
  return PricingTable(std::map<std::string, std::string>{{"USD", "0.01"}, {"SGD", "0.0075"}});
}

std::vector<CatalogueQuery> Queries() {
  std::vector<CatalogueQuery> queries;
  for (int size : {1, 7, 100}) {
    for (int page = 1; page <= 4; ++page) {
      CatalogueQuery q;
      q.page = page;
      q.page_size = size;
      queries.push_back(q);
      q.sort = rewards::SortOrder::kNameDescending;
      queries.push_back(q);
      q.categories = {"Dining"};
      q.currency = "SGD";
      queries.push_back(q);
      q = CatalogueQuery();
      q.page = page;
      q.page_size = size;
      q.name_contains = "CAF\xc3\x89";
      q.country = "SG";
      queries.push_back(q);
      q.name_contains.clear();
      q.max_points = 1500;
      queries.push_back(q);
      q.country = "FR";
      queries.push_back(q);
    }
  }
  return queries;
}

std::string Text(const rewards::GiftCard& card) {
  std::string text;
  rewards::AppendGiftCardJson(card, text);
  return text;
}

TEST(CatalogueSnapshotCodecTest, ARestoredSnapshotAnswersAsTheOriginal) {
  const auto built = CatalogueSnapshot::Build(Records(120), Pricing(), kWall, kMono);
  const SnapshotPtr& original = built.snapshot;
  const system_clock::time_point later_wall = kWall + std::chrono::minutes(3);
  const steady_clock::time_point later_mono = kMono - std::chrono::minutes(3);
  const SnapshotPtr restored =
      CatalogueSnapshot::Restore(original->Encode(), later_wall, later_mono);
  ASSERT_NE(restored, nullptr);
  EXPECT_EQ(restored->size(), 120u);
  EXPECT_EQ(restored->version(), original->version());
  EXPECT_EQ(restored->pricing_fingerprint(), Pricing().fingerprint());
  EXPECT_EQ(restored->fetched_at(), later_wall);  // the caller's, not stored ones
  EXPECT_EQ(restored->fetched_at_monotonic(), later_mono);
  EXPECT_EQ(restored->Encode(), original->Encode());
  for (const CatalogueQuery& q : Queries()) {
    auto a = original->QueryText(q);
    auto b = restored->QueryText(q);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(b->cards_json, a->cards_json);
    EXPECT_EQ(b->total_count, a->total_count);
    EXPECT_EQ(b->total_pages, a->total_pages);
    EXPECT_EQ(b->version, a->version);
  }
  for (std::size_t i = 0; i < original->size(); ++i) {
    const std::string id(original->CardId(i));
    ASSERT_NE(restored->Find(id), nullptr) << id;
    EXPECT_EQ(Text(*restored->Find(id)), Text(*original->Find(id)));
    EXPECT_EQ(restored->CardText(i), original->CardText(i));
  }
  auto quote = restored->Quote("card-7", "8.00", "USD");
  ASSERT_TRUE(quote.ok()) << quote.status().ToString();
  EXPECT_EQ(quote->points, 800);
  EXPECT_FALSE(restored->Quote("card-7", "8.00", "SGD").ok());
  EXPECT_EQ(restored->Find("nope"), nullptr);
}

// A warm start hands Restore the bytes it read and what keeps them: the
// snapshot views its texts and ids there instead of copying them, and keeps
// them alive after the caller lets go.
TEST(CatalogueSnapshotCodecTest, ARestoredSnapshotViewsTheBytesItIsHanded) {
  const auto built = CatalogueSnapshot::Build(Records(60), Pricing(), kWall, kMono);
  auto bytes = std::make_shared<const std::string>(built.snapshot->Encode());
  const char* const begin = bytes->data();
  const char* const end = begin + bytes->size();
  const SnapshotPtr restored = CatalogueSnapshot::Restore(*bytes, bytes, kWall, kMono);
  ASSERT_NE(restored, nullptr);
  bytes.reset();  // the snapshot's hold is the only one left
  ASSERT_EQ(restored->size(), 60u);
  for (std::size_t i = 0; i < restored->size(); ++i) {
    const std::string_view text = restored->CardText(i);
    const std::string_view id = restored->CardId(i);
    EXPECT_TRUE(text.data() >= begin && text.data() + text.size() <= end) << i;
    EXPECT_TRUE(id.data() >= begin && id.data() + id.size() <= end) << i;
    EXPECT_EQ(text, built.snapshot->CardText(i));
  }
  EXPECT_EQ(restored->Encode(), built.snapshot->Encode());
}

TEST(CatalogueSnapshotCodecTest, AnEmptySnapshotRoundTrips) {
  const auto built = CatalogueSnapshot::Build({}, Pricing(), kWall, kMono);
  const SnapshotPtr restored = CatalogueSnapshot::Restore(built.snapshot->Encode(), kWall, kMono);
  ASSERT_NE(restored, nullptr);
  EXPECT_EQ(restored->size(), 0u);
  EXPECT_EQ(restored->version(), built.snapshot->version());
  EXPECT_TRUE(restored->QueryText(CatalogueQuery()).ok());
}

TEST(CatalogueSnapshotCodecTest, DamagedOrForeignBytesAreRefused) {
  const std::string bytes =
      CatalogueSnapshot::Build(Records(20), Pricing(), kWall, kMono).snapshot->Encode();
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    EXPECT_EQ(CatalogueSnapshot::Restore(bytes.substr(0, cut), kWall, kMono), nullptr) << cut;
  }
  EXPECT_EQ(CatalogueSnapshot::Restore(bytes + "x", kWall, kMono), nullptr);
  std::string other_format = bytes;
  other_format[0] = static_cast<char>(other_format[0] + 1);
  EXPECT_EQ(CatalogueSnapshot::Restore(other_format, kWall, kMono), nullptr);
  // Any one byte changed: refused, or a snapshot that stays inside its
  // buffers (the sanitizer builds check that every query does).
  for (std::size_t at = 1; at < bytes.size(); ++at) {
    std::string changed = bytes;
    changed[at] = static_cast<char>(changed[at] ^ 0x41);
    SnapshotPtr s = CatalogueSnapshot::Restore(changed, kWall, kMono);
    if (s == nullptr) continue;
    for (const CatalogueQuery& q : Queries()) (void)s->QueryText(q);
    for (std::size_t i = 0; i < s->size(); ++i) (void)s->Find(std::string(s->CardId(i)));
  }
}

}  // namespace
}  // namespace ascenda
