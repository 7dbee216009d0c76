// The stored catalogue's binary encoding: every field and byte survives the
// round trip, and anything truncated, extended or of another version is
// refused rather than half read. The buffer a warm start reads the built
// form into.
#include "ascenda/catalogue/catalogue_store.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace ascenda {
namespace {

std::vector<wire::GiftCardRecord> Records() {
  wire::GiftCardRecord a;
  a.id = "a";
  a.name = std::string("n\0ul \xff \xc3\xa9", 9);
  a.description = std::string(70000, 'd');
  a.terms_and_conditions = "t";
  a.redemption_instructions = "r";
  a.logo_url = "https://x/y.png";
  a.categories = {"Dining", ""};
  a.countries = {"SG", "US"};
  a.currency = "SGD";
  a.denominations = {"10.00", "25.00", "0.01"};
  a.required_user_fields = {"email"};
  wire::GiftCardRecord empty;
  return {a, empty, a};
}

void ExpectSame(const wire::GiftCardRecord& x, const wire::GiftCardRecord& y) {
  EXPECT_EQ(x.id, y.id);
  EXPECT_EQ(x.name, y.name);
  EXPECT_EQ(x.description, y.description);
  EXPECT_EQ(x.terms_and_conditions, y.terms_and_conditions);
  EXPECT_EQ(x.redemption_instructions, y.redemption_instructions);
  EXPECT_EQ(x.logo_url, y.logo_url);
  EXPECT_EQ(x.categories, y.categories);
  EXPECT_EQ(x.countries, y.countries);
  EXPECT_EQ(x.currency, y.currency);
  EXPECT_EQ(x.denominations, y.denominations);
  EXPECT_EQ(x.required_user_fields, y.required_user_fields);
}

TEST(CatalogueStoreTest, RecordsSurviveTheRoundTrip) {
  const auto records = Records();
  auto decoded = DecodeRecords(EncodeRecords(records));
  ASSERT_TRUE(decoded.has_value());
  ASSERT_EQ(decoded->size(), records.size());
  for (std::size_t i = 0; i < records.size(); ++i) ExpectSame((*decoded)[i], records[i]);
  auto none = DecodeRecords(EncodeRecords({}));
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->empty());
}

TEST(CatalogueStoreTest, DamagedBytesAreRefused) {
  const std::string bytes = EncodeRecords(Records());
  for (std::size_t cut : {std::size_t{0}, std::size_t{1}, std::size_t{4}, std::size_t{30},
                          bytes.size() / 2, bytes.size() - 1}) {
    EXPECT_FALSE(DecodeRecords(bytes.substr(0, cut)).has_value()) << cut;
  }
  EXPECT_FALSE(DecodeRecords(bytes + "x").has_value());
  std::string other_version = bytes;
  other_version[0] = 2;
  EXPECT_FALSE(DecodeRecords(other_version).has_value());
  std::string huge_count = bytes;
  huge_count[4] = '\x7f';  // the count's top byte: more records than bytes
  EXPECT_FALSE(DecodeRecords(huge_count).has_value());
}

// The warm start's read buffer: its size exactly, every byte writable, and
// from 2 MiB up aligned to 2 MiB (what lets the kernel back it with huge
// pages).
TEST(LargeBufferTest, HoldsItsSizeAndIsHugePageAlignedFromTwoMiB) {
  for (std::size_t size : {std::size_t{1}, std::size_t{4096}, LargeBuffer::kHugePage - 1,
                           LargeBuffer::kHugePage, 3 * LargeBuffer::kHugePage + 5}) {
    LargeBuffer buffer(size);
    ASSERT_EQ(buffer.size(), size);
    ASSERT_NE(buffer.data(), nullptr);
    std::memset(buffer.data(), 0x5a, size);
    EXPECT_EQ(buffer.view(), std::string(size, '\x5a'));
    const auto address = reinterpret_cast<std::uintptr_t>(buffer.data());
    if (size >= LargeBuffer::kHugePage) {
      EXPECT_EQ(address % LargeBuffer::kHugePage, 0u) << size;
    }
  }
  LargeBuffer empty(0);
  EXPECT_EQ(empty.size(), 0u);
  EXPECT_TRUE(empty.view().empty());
}

}  // namespace
}  // namespace ascenda
