// Members, body limits, the manual clock and plugin routes over real HTTP
// against the host process (with the good_test plugin).
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>
#include <thread>

#include "host_harness.h"
#include "support/wait_until.h"

namespace {

using hosttest::CorpusPlugin;
using hosttest::HostProcess;
using hosttest::ParseObject;

constexpr char kToken[] = "members-token";

class MembersApiTest : public ::testing::Test {
 protected:
  HostProcess host_{{CorpusPlugin("good_test_plugin")},
                    {std::string("host.admin.token=") + kToken, "host.clock=manual"}};
};

TEST_F(MembersApiTest, CreateThenGetShowsProfileAndBalance) {
  testsupport::HttpReply created =
      host_.Send("POST", "/admin/members",
                 R"({"id":"mem-1","email":"ann@example.com","first_name":"Ann","last_name":"Lee",)"
                 R"("phone_number":"+6590000000","country":"SG","points":2500,)"
                 R"("password":"mem-1-password"})",
                 kToken);
  ASSERT_EQ(created.status, 201) << created.body;
  testsupport::HttpReply got = host_.Get(
      "/api/members/mem-1", testsupport::SignIn(host_.Url(""), "mem-1", "mem-1-password"));
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.body,
            R"({"id":"mem-1","email":"ann@example.com","first_name":"Ann","last_name":"Lee",)"
            R"("phone_number":"+6590000000","country":"SG","balance":2500})");
  EXPECT_EQ(got.headers["content-type"], "application/json");
}

TEST_F(MembersApiTest, ExistingIdIsConflict) {
  const std::string body =
      R"({"id":"mem-2","email":"bo@example.com","first_name":"Bo","last_name":"Ng",)"
      R"("password":"mem-2-password"})";
  ASSERT_EQ(host_.Send("POST", "/admin/members", body, kToken).status, 201);
  testsupport::HttpReply again = host_.Send("POST", "/admin/members", body, kToken);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(ParseObject(again.body)->getValue<std::string>("error"), "member_exists");
  const std::string session = testsupport::SignIn(host_.Url(""), "mem-2", "mem-2-password");
  EXPECT_EQ(
      ParseObject(host_.Get("/api/members/mem-2", session).body)->getValue<Poco::Int64>("balance"),
      0);
}

TEST_F(MembersApiTest, BadInputListsEveryProblem) {
  testsupport::HttpReply r =
      host_.Send("POST", "/admin/members",
                 R"({"id":"has space","email":"nope","first_name":7,"points":-3,)"
                 R"("phone_number":"12345","country":"ZZ"})",
                 kToken);
  ASSERT_EQ(r.status, 400);
  Poco::JSON::Object::Ptr o = ParseObject(r.body);
  EXPECT_EQ(o->getValue<std::string>("error"), "invalid_member");
  std::set<std::string> keys;
  Poco::JSON::Array::Ptr problems = o->getArray("problems");
  for (std::size_t i = 0; i < problems->size(); ++i) {
    keys.insert(problems->getObject(static_cast<unsigned>(i))->getValue<std::string>("key"));
  }
  EXPECT_EQ(keys, (std::set<std::string>{"id", "email", "first_name", "last_name", "points",
                                         "phone_number", "country", "password"}));
  EXPECT_EQ(host_.Send("POST", "/admin/members", "not json", kToken).status, 400);
}

TEST_F(MembersApiTest, MemberRoutesNeedASessionAndAdminNeedsToken) {
  testsupport::HttpReply r = host_.Get("/api/members/ghost");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(ParseObject(r.body)->getValue<std::string>("error"), "unauthenticated");
  EXPECT_EQ(host_.Send("POST", "/admin/members", "{}").status, 401);
}

TEST_F(MembersApiTest, UnknownRouteAndWrongMethod) {
  EXPECT_EQ(host_.Get("/nope").status, 404);
  testsupport::HttpReply r = host_.Send("DELETE", "/healthz", "");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers["allow"], "GET");
}

TEST_F(MembersApiTest, BadQueryIsRefusedBeforeTheProvider) {
  testsupport::HttpReply r = host_.Get("/api/gift-cards?page=abc");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ParseObject(r.body)->getValue<std::string>("error"), "invalid_query");
  EXPECT_EQ(host_.Get("/api/gift-cards?sort=price").status, 400);
  EXPECT_EQ(host_.Get("/api/gift-cards?page_size=101").status, 400);
  // The good_test provider answers kUnimplemented: 501.
  testsupport::HttpReply list = host_.Get("/api/gift-cards?category=a,b&category=c");
  EXPECT_EQ(list.status, 501);
  EXPECT_EQ(ParseObject(list.body)->getValue<std::string>("error"), "unimplemented");
}

TEST_F(MembersApiTest, OversizedBodyIsTruncatedForPluginsAndRefusedByHost) {
  const std::string big(1024 * 1024 + 100, 'x');
  testsupport::HttpReply plugin = host_.Send("POST", "/good-test/echo", big);
  ASSERT_EQ(plugin.status, 200) << plugin.error;
  EXPECT_EQ(plugin.body, R"({"bytes":1048576,"truncated":true})");
  testsupport::HttpReply small = host_.Send("POST", "/good-test/echo", "abc");
  EXPECT_EQ(small.body, R"({"bytes":3,"truncated":false})");
  testsupport::HttpReply host = host_.Send("POST", "/admin/members", big, kToken);
  EXPECT_EQ(host.status, 413);
}

TEST_F(MembersApiTest, AdvancingTheManualClockRunsDueTasks) {
  auto ticks = [&] {
    return ParseObject(host_.Get("/good-test/state").body)->getValue<Poco::Int64>("ticks");
  };
  EXPECT_EQ(ticks(), 0);
  testsupport::HttpReply r = host_.Send("POST", "/admin/clock/advance", R"({"seconds":1})", kToken);
  ASSERT_EQ(r.status, 200) << r.body;
  testsupport::WaitUntil([&] { return ticks() == 1; }, std::chrono::seconds(10),
                         std::chrono::milliseconds(5));
  EXPECT_EQ(ticks(), 1);
  EXPECT_EQ(host_.Send("POST", "/admin/clock/advance", R"({"seconds":-1})", kToken).status, 400);
}

}  // namespace
