// The simulator's generated logos (logo_image.h) and the catalogue's
// logo_url rewrite (sim.logo_base_url).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "catalogue_store.h"
#include "logo_image.h"

namespace {

TEST(LogoTest, InitialsAreTheFirstLettersOfTheFirstTwoWords) {
  EXPECT_EQ(ascenda_sim::LogoInitials("Sim Test USD Gift Card"), "ST");
  EXPECT_EQ(ascenda_sim::LogoInitials("apple"), "A");
  EXPECT_EQ(ascenda_sim::LogoInitials("  "), "?");
}

TEST(LogoTest, PathsNameOneCardWithSvgOrPng) {
  EXPECT_EQ(ascenda_sim::LogoCardId("/logos/abc.svg"), "abc");
  EXPECT_EQ(ascenda_sim::LogoCardId("/logos/abc.png"), "abc");
  EXPECT_EQ(ascenda_sim::LogoCardId("/logos/a/b.svg"), "");
  EXPECT_EQ(ascenda_sim::LogoCardId("/logos/abc.gif"), "");
  EXPECT_EQ(ascenda_sim::LogoCardId("/gift_cards"), "");
}

TEST(LogoTest, TheSvgHoldsTheInitialsAndAColourFromTheId) {
  ascenda_sim::GiftCard a, b;
  a.id = "card-1";
  a.name = "Blue Bottle";
  b = a;
  EXPECT_NE(ascenda_sim::LogoSvg(a).find(">BB</text>"), std::string::npos);
  EXPECT_EQ(ascenda_sim::LogoSvg(a), ascenda_sim::LogoSvg(b));  // stable per id
  EXPECT_EQ(ascenda_sim::LogoSvg(a).rfind("<svg xmlns=", 0), 0u);
}

TEST(LogoTest, TheBaseUrlReplacesEachCardsLogoUrl) {
  const std::string path = "/tmp/logo_test_catalogue.json";
  std::ofstream(path)
      << R"([{"id":"c1","name":"Card","currency":"USD","categories":["Dining"],)"
         R"("countries":["US"],"denominations":["10.00"],"required_user_fields":[],)"
         R"("logo_url":"https://cdn.example/x.png"}])";
  ascenda_sim::CatalogueStore plain, rewritten;
  ASSERT_EQ(plain.Load(path), "");
  ASSERT_EQ(rewritten.Load(path, "https://localhost:8443"), "");
  std::remove(path.c_str());
  EXPECT_NE(plain.Find("c1")->wire_json.find("\"https://cdn.example/x.png\""), std::string::npos);
  EXPECT_NE(rewritten.Find("c1")->wire_json.find("\"https://localhost:8443/logos/c1.svg\""),
            std::string::npos);
}

}  // namespace
