// The plugin's one JSON string escaper (RFC 8259 §7) and its one Join.
#include "ascenda/wire/text.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "ascenda/wire/json_text.h"

namespace ascenda::wire {
namespace {

TEST(JsonTextTest, EscapesQuoteBackslashAndControlCharacters) {
  EXPECT_EQ(JsonString(""), R"("")");
  EXPECT_EQ(JsonString("plain /text/"), R"("plain /text/")");
  EXPECT_EQ(JsonString("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(JsonString("\b\f\n\r\t"), R"("\b\f\n\r\t")");
  EXPECT_EQ(JsonString(std::string("\x00\x01\x1f", 3)), R"("\u0000\u0001\u001f")");
  EXPECT_EQ(JsonString("\x7f"), "\"\x7f\"");  // DEL needs no escape
  EXPECT_EQ(JsonString("Zo\xc3\xab \xe2\x98\x83 \xf0\x9d\x84\x9e"),
            "\"Zo\xc3\xab \xe2\x98\x83 \xf0\x9d\x84\x9e\"");  // UTF-8 as it is
}

TEST(JsonTextTest, AppendsAfterWhatIsThere) {
  std::string out = "{\"k\":";
  AppendJsonString(out, "v\n");
  EXPECT_EQ(out, R"({"k":"v\n")");
}

TEST(JsonTextTest, EveryByteRoundTripsThroughAJsonParser) {
  std::string all;
  for (int c = 0; c < 0x80; ++c) all += static_cast<char>(c);
  Poco::JSON::Parser parser;  // Poco wants an object or array at the root
  const auto parsed = parser.parse("[" + JsonString(all) + "]").extract<Poco::JSON::Array::Ptr>();
  EXPECT_EQ(parsed->getElement<std::string>(0), all);
}

TEST(JoinTest, SeparatesItemsInTheirOrder) {
  EXPECT_EQ(Join(std::vector<std::string>{}), "");
  EXPECT_EQ(Join(std::vector<std::string>{"one"}), "one");
  EXPECT_EQ(Join(std::vector<std::string>{"b", "a", "c"}), "b, a, c");
  EXPECT_EQ(Join(std::set<std::string>{"b", "a"}), "a, b");
  EXPECT_EQ(Join(std::vector<std::string>{"", "x", ""}, "|"), "|x|");
}

}  // namespace
}  // namespace ascenda::wire
