// The one JSON reader: depth limit, strict types, absent vs null vs required,
// first problem kept, problems naming owner and field but never a value or
// the parser's text.
#include "ascenda/wire/json_fields.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ascenda::wire {
namespace {

using Poco::JSON::Object;

// The problem of reading `json` with `read`, "" when none.
template <typename Read>
std::string ProblemOf(const std::string& json, Read read) {
  return ReadJsonObject(json, [&](const Object& root) {
    JsonFields fields(root, "thing");
    read(fields);
    return fields.problem();
  });
}

TEST(JsonFieldsTest, ReadsEveryKindOfField) {
  std::string text, empty_ok;
  std::optional<std::string> maybe, absent;
  std::vector<std::string> list;
  std::int64_t count = -1;
  const std::string problem = ReadJsonObject(
      R"({"t": "a\u00e9", "e": "", "m": "x", "n": null, "l": ["1", "2"], "c": 9007199254740993,
          "o": {"k": 1}, "a": [1], "unknown": {"deep": [true]}})",
      [&](const Object& root) {
        JsonFields fields(root, "thing");
        fields.Text("t", Need::kNonEmpty, &text);
        fields.Text("e", Need::kRequired, &empty_ok);
        fields.MaybeText("m", &maybe);
        fields.MaybeText("n", &absent);
        fields.TextList("l", Need::kRequired, &list);
        fields.Count("c", Need::kRequired, &count);
        EXPECT_FALSE(fields.Child("o", Need::kRequired).isNull());
        EXPECT_FALSE(fields.List("a", Need::kRequired).isNull());
        return fields.problem();
      });
  EXPECT_EQ(problem, "");
  EXPECT_EQ(text, "a\xc3\xa9");
  EXPECT_EQ(empty_ok, "");
  EXPECT_EQ(maybe, "x");
  EXPECT_EQ(absent, std::nullopt);
  EXPECT_EQ(list, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(count, 9007199254740993);
}

TEST(JsonFieldsTest, AbsentAndNullAreTheSame) {
  for (const std::string json : {R"({})", R"({"k": null})"}) {
    std::string text = "kept";
    std::int64_t count = 7;
    EXPECT_EQ(ProblemOf(json,
                        [&](JsonFields& f) {
                          f.Text("k", Need::kOptional, &text);
                          f.Count("k", Need::kOptional, &count);
                          EXPECT_TRUE(f.Child("k", Need::kOptional).isNull());
                          EXPECT_TRUE(f.List("k", Need::kOptional).isNull());
                        }),
              "");
    EXPECT_EQ(text, "kept");
    EXPECT_EQ(count, 7);
    EXPECT_EQ(ProblemOf(json, [&](JsonFields& f) { f.Text("k", Need::kRequired, &text); }),
              "thing: field \"k\" is required");
    EXPECT_EQ(ProblemOf(json, [&](JsonFields& f) { f.Child("k", Need::kRequired); }),
              "thing: field \"k\" is required");
  }
}

TEST(JsonFieldsTest, WrongTypesNameTheFieldNotTheValue) {
  std::string text;
  std::optional<std::string> maybe;
  std::vector<std::string> list;
  std::int64_t count = 0;
  struct Case {
    std::string json;
    std::function<void(JsonFields&)> read;
    std::string problem;
  };
  const std::vector<Case> cases = {
      {R"({"k": 4321})", [&](JsonFields& f) { f.Text("k", Need::kOptional, &text); },
       "thing: field \"k\" must be a string"},
      {R"({"k": ""})", [&](JsonFields& f) { f.Text("k", Need::kNonEmpty, &text); },
       "thing: field \"k\" must not be empty"},
      {R"({"k": 4321})", [&](JsonFields& f) { f.MaybeText("k", &maybe); },
       "thing: field \"k\" must be a string or null"},
      {R"({"k": ["a", 4321]})", [&](JsonFields& f) { f.TextList("k", Need::kOptional, &list); },
       "thing: field \"k\" must be an array of strings"},
      {R"({"k": "4321"})", [&](JsonFields& f) { f.TextList("k", Need::kOptional, &list); },
       "thing: field \"k\" must be an array of strings"},
      {R"({"k": "4321"})", [&](JsonFields& f) { f.Count("k", Need::kOptional, &count); },
       "thing: field \"k\" must be an integer"},
      {R"({"k": true})", [&](JsonFields& f) { f.Count("k", Need::kOptional, &count); },
       "thing: field \"k\" must be an integer"},
      {R"({"k": 43.21})", [&](JsonFields& f) { f.Count("k", Need::kOptional, &count); },
       "thing: field \"k\" must be an integer"},
      {R"({"k": -4321})", [&](JsonFields& f) { f.Count("k", Need::kOptional, &count); },
       "thing: field \"k\" must not be negative"},
      {R"({"k": 18446744073709551615})",
       [&](JsonFields& f) { f.Count("k", Need::kOptional, &count); },
       "thing: field \"k\" is out of range"},
      {R"({"k": [4321]})", [&](JsonFields& f) { f.Child("k", Need::kOptional); },
       "thing: field \"k\" must be an object"},
      {R"({"k": {"v": 4321}})", [&](JsonFields& f) { f.List("k", Need::kOptional); },
       "thing: field \"k\" must be an array"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ProblemOf(c.json, c.read), c.problem) << c.json;
  }
}

TEST(JsonFieldsTest, KeepsTheFirstProblemAndStopsReading) {
  std::string a, b = "untouched";
  EXPECT_EQ(ProblemOf(R"({"a": 1, "b": "x"})",
                      [&](JsonFields& f) {
                        f.Text("a", Need::kRequired, &a);
                        f.Text("b", Need::kRequired, &b);
                        f.Fail("c", "is odd");
                        EXPECT_FALSE(f.ok());
                      }),
            "thing: field \"a\" must be a string");
  EXPECT_EQ(b, "untouched");
}

TEST(JsonFieldsTest, OwnerCanBeRenamedOrLeftOut) {
  std::string id, name;
  EXPECT_EQ(ProblemOf(R"({"id": "o-1", "name": 5})",
                      [&](JsonFields& f) {
                        f.Text("id", Need::kNonEmpty, &id);
                        f.set_owner("order \"" + id + "\"");
                        f.Text("name", Need::kRequired, &name);
                      }),
            "order \"o-1\": field \"name\" must be a string");
  EXPECT_EQ(ReadJsonObject(R"({"pin": 1234})",
                           [&](const Object& root) {
                             JsonFields fields(root, "");
                             fields.Text("pin", Need::kRequired, &name);
                             return fields.problem();
                           }),
            "field \"pin\" must be a string");
}

TEST(JsonFieldsTest, BadBodiesNeverQuoteTheParser) {
  const auto nothing = [](const Object&) { return std::string(); };
  for (const std::string body : {"", "{", "{\"code\": SECRET-1}", "{\"pin\": 12345x}",
                                 "{\"a\": 1} trailing", "{\"a\": \"\xff\"}", "<html>502</html>"}) {
    EXPECT_EQ(ReadJsonObject(body, nothing), "the body is not valid JSON") << body;
  }
  for (const std::string body : {"[]", "[{\"a\": 1}]"}) {
    EXPECT_EQ(ReadJsonObject(body, nothing), "the body is not a JSON object") << body;
  }
}

TEST(JsonFieldsTest, NestingIsLimited) {
  const auto nothing = [](const Object&) { return std::string(); };
  const auto nested = [](std::size_t depth) {
    std::string body;
    for (std::size_t i = 0; i < depth; ++i) body += "{\"a\":";
    body += "1";
    for (std::size_t i = 0; i < depth; ++i) body += "}";
    return body;
  };
  EXPECT_EQ(ReadJsonObject(nested(kMaxJsonDepth), nothing), "");
  EXPECT_EQ(ReadJsonObject(nested(kMaxJsonDepth + 1), nothing), "the body is not valid JSON");
  EXPECT_EQ(ReadJsonObject(nested(100000), nothing), "the body is not valid JSON");
}

TEST(JsonFieldsTest, AThrowingReaderIsAnUnreadableBody) {
  EXPECT_EQ(ReadJsonObject("{}",
                           [](const Object&) -> std::string {
                             throw std::runtime_error("value SECRET-1 leaked");
                           }),
            "unreadable body");
}

}  // namespace
}  // namespace ascenda::wire
