// Exact decimal parsing, points pricing (ceil(face / cost-per-point)) and the
// per-currency pricing table.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "ascenda/pricing/decimal.h"
#include "ascenda/pricing/points_price.h"
#include "ascenda/pricing/pricing_table.h"

namespace ascenda {
namespace {

using Costs = std::map<std::string, std::string>;

std::int64_t Points(const std::string& face, const std::string& cpp) {
  auto points = PointsPrice(face, cpp);
  EXPECT_TRUE(points.ok()) << face << " / " << cpp << ": " << points.status().ToString();
  return points.ok() ? points.value() : -1;
}

std::string PriceError(const std::string& face, const std::string& cpp) {
  auto points = PointsPrice(face, cpp);
  EXPECT_FALSE(points.ok()) << face << " / " << cpp << " priced " << points.value();
  if (points.ok()) return "";
  EXPECT_EQ(points.status().code(), rewards::StatusCode::kInvalidArgument);
  return points.status().error();
}

TEST(DecimalTest, ParsesMantissaAndScale) {
  auto d = Decimal::Parse("25.00");
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->mantissa() == 2500);
  EXPECT_EQ(d->scale(), 2);
  d = Decimal::Parse("5000");
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->mantissa() == 5000);
  EXPECT_EQ(d->scale(), 0);
  d = Decimal::Parse("0.0075");
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->mantissa() == 75);
  EXPECT_EQ(d->scale(), 4);
  d = Decimal::Parse("0");
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->is_zero());
}

TEST(DecimalTest, AcceptsTheDigitLimits) {
  auto d = Decimal::Parse("999999999999999999.999999999999999999");  // 18 + 18 digits
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  unsigned __int128 expected = 999999999999999999ULL;
  expected = expected * 1000000000000000000ULL + 999999999999999999ULL;
  EXPECT_TRUE(d->mantissa() == expected);
  EXPECT_EQ(d->scale(), 18);
}

TEST(DecimalTest, RefusesJunk) {
  for (const char* junk : {"",
                           " 1",
                           "1 ",
                           "+1",
                           "-1",
                           "1e3",
                           "1E3",
                           "1.2.3",
                           ".5",
                           "5.",
                           ".",
                           "1,000",
                           "0x10",
                           "١٢",
                           "12a",
                           "NaN",
                           "inf",
                           "1.0\n",
                           "9999999999999999999",       // 19 whole digits
                           "0.0000000000000000001"}) {  // 19 fraction digits
    auto d = Decimal::Parse(junk);
    EXPECT_FALSE(d.ok()) << '"' << junk << '"';
    if (!d.ok()) {
      EXPECT_EQ(d.status().code(), rewards::StatusCode::kInvalidArgument);
      EXPECT_EQ(d.status().error(), "invalid_decimal");
    }
  }
  EXPECT_FALSE(Decimal::Parse(std::string("1\0", 2)).ok());
}

TEST(PointsPriceTest, WholeCurrencyUnits) { EXPECT_EQ(Points("5000", "1"), 5000); }

TEST(PointsPriceTest, CentsAtOneCentPerPoint) { EXPECT_EQ(Points("25.00", "0.01"), 2500); }

TEST(PointsPriceTest, RoundsUpToAWholePoint) {
  EXPECT_EQ(Points("10.00", "0.03"), 334);     // 333.33…
  EXPECT_EQ(Points("10.00", "0.0075"), 1334);  // 1333.33…
  EXPECT_EQ(Points("0.01", "3"), 1);           // a positive price is at least one point
  EXPECT_EQ(Points("3", "3.000"), 1);          // exact: no rounding
  EXPECT_EQ(Points("3.000000000000000001", "3"), 2);
}

TEST(PointsPriceTest, MixedScales) {
  EXPECT_EQ(Points("5000", "0.5"), 10000);
  EXPECT_EQ(Points("0.5", "0.25"), 2);
  EXPECT_EQ(Points("50.00", "0.00999"), 5006);  // 5005.005…
}

TEST(PointsPriceTest, TinyCostPerPoint) {
  EXPECT_EQ(Points("1", "0.000000000001"), 1000000000000);
  EXPECT_EQ(Points("25.00", "0.000000000001"), 25000000000000);
  EXPECT_EQ(Points("0.000000000000000001", "0.000000000000000001"), 1);
}

TEST(PointsPriceTest, VeryLargeFaceValues) {
  EXPECT_EQ(Points("999999999999999999", "1"), 999999999999999999);
  EXPECT_EQ(Points("999999999999999999.999999999999999999", "1"), 1000000000000000000);
  EXPECT_EQ(Points("999999999999999999", "999999999999999999.999999999999999999"), 1);
  EXPECT_EQ(PriceError("9223372036854775807", "1"), "invalid_decimal");  // 19 digits: too long
}

TEST(PointsPriceTest, PriceBeyondInt64IsAnError) {
  // 9223372036854775807 = INT64_MAX is the largest price there is.
  EXPECT_EQ(Points("92233720368547758.07", "0.01"), 9223372036854775807);
  EXPECT_EQ(PriceError("92233720368547758.08", "0.01"), "price_out_of_range");
  EXPECT_EQ(PriceError("999999999999999999", "0.1"), "price_out_of_range");
  EXPECT_EQ(PriceError("999999999999999999.999999999999999999", "0.000000000000000001"),
            "price_out_of_range");
}

TEST(PointsPriceTest, ZeroIsNotPriced) {
  EXPECT_EQ(PriceError("0", "0.01"), "invalid_price");
  EXPECT_EQ(PriceError("0.00", "0.01"), "invalid_price");
  EXPECT_EQ(PriceError("25.00", "0"), "invalid_price");
  EXPECT_EQ(PriceError("25.00", "0.000"), "invalid_price");
}

TEST(PointsPriceTest, MalformedTextIsAnError) {
  EXPECT_EQ(PriceError("25,00", "0.01"), "invalid_decimal");
  EXPECT_EQ(PriceError("-25.00", "0.01"), "invalid_decimal");
  EXPECT_EQ(PriceError("", "0.01"), "invalid_decimal");
  EXPECT_EQ(PriceError("25.00", "1e-2"), "invalid_decimal");
  EXPECT_EQ(PriceError("25.00", " 0.01"), "invalid_decimal");
}

TEST(PricingTableTest, PricesOfferedCurrencies) {
  PricingTable table(Costs{{"USD", "0.01"}, {"SGD", "0.0075"}, {"JPY", "1"}});
  EXPECT_TRUE(table.Offers("USD"));
  EXPECT_EQ(table.Price("USD", "25.00"), 2500);
  EXPECT_EQ(table.Price("SGD", "10.00"), 1334);
  EXPECT_EQ(table.Price("JPY", "5000"), 5000);
  EXPECT_TRUE(table.rejected_currencies().empty());
}

TEST(PricingTableTest, CurrencyWithoutCostIsNotOffered) {
  PricingTable table(Costs{{"USD", "0.01"}});
  EXPECT_FALSE(table.Offers("EUR"));
  EXPECT_FALSE(table.Offers("usd"));  // codes match exactly
  EXPECT_EQ(table.Price("EUR", "25.00"), std::nullopt);
  EXPECT_FALSE(PricingTable().Offers("USD"));
}

TEST(PricingTableTest, UnpriceableFaceValueHasNoPrice) {
  PricingTable table(Costs{{"USD", "0.01"}});
  EXPECT_EQ(table.Price("USD", "0.00"), std::nullopt);
  EXPECT_EQ(table.Price("USD", "ten"), std::nullopt);
  EXPECT_EQ(table.Price("USD", "999999999999999999"), std::nullopt);  // beyond int64 points
}

TEST(PricingTableTest, InvalidCostsAreRejectedAndListed) {
  PricingTable table(Costs{{"EUR", "0"}, {"GBP", "abc"}, {"USD", "0.01"}});
  EXPECT_FALSE(table.Offers("EUR"));
  EXPECT_FALSE(table.Offers("GBP"));
  EXPECT_TRUE(table.Offers("USD"));
  EXPECT_EQ(table.rejected_currencies(), (std::vector<std::string>{"EUR", "GBP"}));
}

}  // namespace
}  // namespace ascenda
