// Member sign-in over real HTTP against the host process (good_test plugin,
// SQLite, manual clock, the default scrypt parameters): sessions by bearer and
// cookie, every member route refusing without a session or for another
// member, CSRF, lockout and session expiry on the manual clock, password
// change, sign-out, the member's own profile.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "host_harness.h"
#include "support/postgres.h"

namespace {

using hosttest::CorpusPlugin;
using hosttest::HostProcess;
using hosttest::ParseObject;
using testsupport::HttpReply;

constexpr char kToken[] = "sign-in-admin-token";
constexpr char kPassword[] = "a long enough password";

std::map<std::string, std::string> Bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}};
}

std::map<std::string, std::string> Cookie(const std::string& token, bool marker) {
  std::map<std::string, std::string> h = {{"Cookie", "lh_session=" + token},
                                          {"Content-Type", "application/json"}};
  if (marker) h["X-Requested-With"] = "fetch";
  return h;
}

std::string Error(const HttpReply& r) {
  return ParseObject(r.body)->getValue<std::string>("error");
}

std::string FileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class SignInTest : public ::testing::Test {
 protected:
  HostProcess host_{{CorpusPlugin("good_test_plugin")},
                    {std::string("host.admin.token=") + kToken, "host.clock=manual",
                     "host.http.rate.member_per_s=1000"}};

  std::string Member(const std::string& id, long long points = 0) {
    return host_.AddMemberAndSignIn(id, kToken, kPassword, points);
  }
  HttpReply SignIn(const std::string& id, const std::string& password) {
    return host_.Call("POST", "/api/session",
                      "{\"member_id\":\"" + id + "\",\"password\":\"" + password + "\"}", {});
  }
  void Advance(int seconds) {
    ASSERT_EQ(host_
                  .Send("POST", "/admin/clock/advance",
                        "{\"seconds\":" + std::to_string(seconds) + "}", kToken)
                  .status,
              200);
  }
};

TEST_F(SignInTest, SignInAnswersTokenAndStrictCookie) {
  Member("ann");
  HttpReply r = SignIn("ann", kPassword);
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string token = ParseObject(r.body)->getValue<std::string>("token");
  EXPECT_EQ(token.size(), 64u);
  EXPECT_TRUE(ParseObject(r.body)->has("expires_at"));
  EXPECT_EQ(r.headers["set-cookie"],
            "lh_session=" + token + "; Max-Age=28800; HttpOnly; SameSite=Strict; Path=/");
  EXPECT_EQ(r.headers["cache-control"], "no-store");
  HttpReply me = host_.Call("GET", "/api/me", "", Bearer(token));
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(ParseObject(me.body)->getValue<std::string>("id"), "ann");
  EXPECT_EQ(me.headers["cache-control"], "no-store");
  EXPECT_EQ(host_.Call("GET", "/api/me", "", Cookie(token, false)).status, 200);
}

TEST_F(SignInTest, WrongOrUnknownIsOneAnswerAndShortPasswordsAreRefused) {
  Member("bob");
  HttpReply wrong = SignIn("bob", "not the password");
  HttpReply unknown = SignIn("nobody", kPassword);
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.body, unknown.body);
  EXPECT_EQ(Error(wrong), "invalid_credentials");
  HttpReply weak = host_.Send("POST", "/admin/members",
                              R"({"id":"c","email":"c@example.com","first_name":"C",)"
                              R"("last_name":"D","password":"short"})",
                              kToken);
  ASSERT_EQ(weak.status, 400);
  EXPECT_NE(weak.body.find("\"key\":\"password\""), std::string::npos) << weak.body;
  HttpReply none = host_.Send("POST", "/admin/members",
                              R"({"id":"c","email":"c@example.com","first_name":"C",)"
                              R"("last_name":"D"})",
                              kToken);
  EXPECT_EQ(none.status, 400);
}

TEST_F(SignInTest, EveryMemberRouteNeedsASession) {
  Member("ann");
  const std::vector<std::pair<std::string, std::string>> routes = {
      {"GET", "/api/me"},
      {"PATCH", "/api/me"},
      {"GET", "/api/members/ann"},
      {"GET", "/api/members/ann/redemptions"},
      {"POST", "/api/redemptions"},
      {"GET", "/api/redemptions/r-1"},
      {"POST", "/api/redemptions/r-1/resend-email"},
      {"POST", "/api/me/password"},
      {"DELETE", "/api/session"}};
  for (const auto& [method, path] : routes) {
    for (const auto& headers : {std::map<std::string, std::string>{}, Bearer("f00d"),
                                Bearer(std::string(64, 'a')), Cookie(std::string(64, 'b'), true)}) {
      HttpReply r = host_.Call(method, path, "{}", headers);
      EXPECT_EQ(r.status, 401) << method << " " << path << " " << r.body;
      EXPECT_EQ(Error(r), "unauthenticated") << method << " " << path;
    }
  }
  // The catalogue stays public (good_test answers it 501 unimplemented).
  EXPECT_EQ(host_.Get("/api/gift-cards").status, 501);
}

TEST_F(SignInTest, AMemberCannotReadListSpendOrResendForAnother) {
  const std::string a = Member("ann", 5000);
  Member("bob", 7000);
  const std::string redeem_for_bob =
      R"({"member_id":"bob","gift_card_id":"c","denomination":"10.00","currency":"USD",)"
      R"("expected_points":1000,"idempotency_key":"k-1"})";
  const std::vector<std::tuple<std::string, std::string, std::string>> calls = {
      {"GET", "/api/members/bob", ""},
      {"GET", "/api/members/bob/redemptions", ""},
      {"POST", "/api/redemptions", redeem_for_bob},
      {"GET", "/api/redemptions/r-1?member_id=bob", ""},
      {"POST", "/api/redemptions/r-1/resend-email", R"({"member_id":"bob"})"}};
  for (const auto& [method, path, body] : calls) {
    for (const auto& headers : {Bearer(a), Cookie(a, true)}) {
      HttpReply r = host_.Call(method, path, body, headers);
      EXPECT_EQ(r.status, 403) << method << " " << path << " " << r.body;
      EXPECT_EQ(Error(r), "forbidden");
      EXPECT_EQ(r.headers["cache-control"], "no-store");
    }
  }
  const std::string b = testsupport::SignIn(host_.Url(""), "bob", kPassword);
  EXPECT_EQ(ParseObject(host_.Call("GET", "/api/me", "", Bearer(b)).body)
                ->getValue<Poco::Int64>("balance"),
            7000);
  // Their own id, or none, is theirs: the provider is reached (good_test: 501).
  EXPECT_EQ(host_.Call("GET", "/api/members/ann", "", Bearer(a)).status, 200);
  EXPECT_EQ(host_.Call("GET", "/api/members/ann/redemptions", "", Bearer(a)).status, 501);
  EXPECT_EQ(host_.Call("GET", "/api/redemptions/r-1", "", Bearer(a)).status, 501);
  EXPECT_EQ(host_.Call("POST", "/api/redemptions/r-1/resend-email", "", Bearer(a)).status, 501);
}

TEST_F(SignInTest, CookieStateChangeNeedsTheCsrfMarker) {
  const std::string a = Member("ann");
  HttpReply refused =
      host_.Call("PATCH", "/api/me", R"({"first_name":"Changed"})", Cookie(a, false));
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(Error(refused), "csrf_check_failed");
  HttpReply redeem = host_.Call("POST", "/api/redemptions", "{}", Cookie(a, false));
  EXPECT_EQ(redeem.status, 403);
  EXPECT_EQ(ParseObject(host_.Call("GET", "/api/me", "", Cookie(a, false)).body)
                ->getValue<std::string>("first_name"),
            "Test");
  EXPECT_EQ(host_.Call("PATCH", "/api/me", R"({"first_name":"Ann"})", Cookie(a, true)).status, 200);
  EXPECT_EQ(host_.Call("PATCH", "/api/me", R"({"last_name":"Lee"})", Bearer(a)).status, 200);
}

TEST_F(SignInTest, FiveWrongPasswordsLockSignInForFifteenMinutes) {
  Member("ann");
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(SignIn("ann", "wrong password " + std::to_string(i)).status, 401);
  HttpReply locked = SignIn("ann", kPassword);
  EXPECT_EQ(locked.status, 429);
  EXPECT_EQ(Error(locked), "sign_in_locked");
  EXPECT_EQ(locked.headers["retry-after"], "900");
  Advance(899);
  HttpReply still = SignIn("ann", kPassword);
  EXPECT_EQ(still.status, 429);
  EXPECT_EQ(still.headers["retry-after"], "1");
  Advance(1);
  EXPECT_EQ(SignIn("ann", kPassword).status, 200);
}

TEST_F(SignInTest, FailuresOutsideTheWindowDoNotLock) {
  Member("ann");
  for (int i = 0; i < 4; ++i) EXPECT_EQ(SignIn("ann", "wrong password!").status, 401);
  Advance(15 * 60 + 1);
  EXPECT_EQ(SignIn("ann", "wrong password!").status, 401);
  EXPECT_EQ(SignIn("ann", kPassword).status, 200);
}

TEST_F(SignInTest, FiveFailuresFromOneAddressLockEveryMemberThere) {
  Member("ann");
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(SignIn("guess-" + std::to_string(i), kPassword).status, 401);
  }
  EXPECT_EQ(SignIn("ann", kPassword).status, 429);
  Advance(900);
  EXPECT_EQ(SignIn("ann", kPassword).status, 200);
}

TEST_F(SignInTest, SessionExpiresAfterTheDefaultEightHours) {
  const std::string a = Member("ann");
  Advance(28799);
  EXPECT_EQ(host_.Call("GET", "/api/me", "", Bearer(a)).status, 200);
  Advance(1);
  HttpReply r = host_.Call("GET", "/api/me", "", Bearer(a));
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(Error(r), "unauthenticated");
}

TEST_F(SignInTest, PasswordChangeRevokesEverySession) {
  const std::string first = Member("ann");
  const std::string second = testsupport::SignIn(host_.Url(""), "ann", kPassword);
  const std::string change_wrong = R"({"current":"not it at all","new":"a new long password"})";
  EXPECT_EQ(host_.Call("POST", "/api/me/password", change_wrong, Bearer(first)).status, 401);
  HttpReply weak =
      host_.Call("POST", "/api/me/password",
                 std::string(R"({"current":")") + kPassword + R"(","new":"short"})", Bearer(first));
  EXPECT_EQ(weak.status, 400);
  EXPECT_EQ(Error(weak), "weak_password");
  HttpReply changed =
      host_.Call("POST", "/api/me/password",
                 std::string(R"({"current":")") + kPassword + R"(","new":"a new long password"})",
                 Cookie(first, true));
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(host_.Call("GET", "/api/me", "", Bearer(first)).status, 401);
  EXPECT_EQ(host_.Call("GET", "/api/me", "", Bearer(second)).status, 401);
  EXPECT_EQ(SignIn("ann", kPassword).status, 401);
  EXPECT_EQ(SignIn("ann", "a new long password").status, 200);
}

TEST_F(SignInTest, SignOutEndsTheSessionAndClearsTheCookie) {
  const std::string a = Member("ann");
  HttpReply out = host_.Call("DELETE", "/api/session", "", Cookie(a, true));
  ASSERT_EQ(out.status, 200) << out.body;
  EXPECT_EQ(out.headers["set-cookie"], "lh_session=; Max-Age=0; HttpOnly; SameSite=Strict; Path=/");
  EXPECT_EQ(host_.Call("GET", "/api/me", "", Bearer(a)).status, 401);
}

TEST_F(SignInTest, MemberChangesTheirOwnProfileValidated) {
  const std::string a = Member("ann");
  HttpReply bad = host_.Call(
      "PATCH", "/api/me",
      R"({"email":"nope","phone_number":"+12","country":"XX","first_name":"","balance":9})",
      Bearer(a));
  ASSERT_EQ(bad.status, 400);
  std::set<std::string> keys;
  Poco::JSON::Array::Ptr problems = ParseObject(bad.body)->getArray("problems");
  for (std::size_t i = 0; i < problems->size(); ++i) {
    keys.insert(problems->getObject(static_cast<unsigned>(i))->getValue<std::string>("key"));
  }
  EXPECT_EQ(keys,
            (std::set<std::string>{"email", "phone_number", "country", "first_name", "balance"}));
  HttpReply good = host_.Call(
      "PATCH", "/api/me",
      R"({"email":"ann@example.org","phone_number":"+6591234567","country":"SG"})", Bearer(a));
  ASSERT_EQ(good.status, 200) << good.body;
  EXPECT_EQ(good.body,
            R"({"id":"ann","email":"ann@example.org","first_name":"Test","last_name":"Member",)"
            R"("phone_number":"+6591234567","country":"SG","balance":0})");
  EXPECT_EQ(host_.Call("GET", "/api/me", "", Bearer(a)).body, good.body);
}

TEST_F(SignInTest, TheDatabaseHoldsNeitherTokensNorPasswords) {
  const std::string a = Member("ann");
  const std::string db =
      FileText(host_.dir().File("var/host.db")) + FileText(host_.dir().File("var/host.db-wal"));
  EXPECT_EQ(db.find(a), std::string::npos);
  EXPECT_EQ(db.find(kPassword), std::string::npos);
  EXPECT_NE(db.find("ann@example.com"), std::string::npos);  // the file is the right one
}

TEST(SecureCookieTest, BehindTlsTheCookiesAreSecure) {
  HostProcess host({CorpusPlugin("good_test_plugin")},
                   {std::string("host.admin.token=") + kToken, "host.session.cookie_secure=true"});
  host.AddMemberAndSignIn("ann", kToken, kPassword);
  HttpReply r =
      host.Call("POST", "/api/session",
                std::string(R"({"member_id":"ann","password":")") + kPassword + "\"}", {});
  ASSERT_EQ(r.status, 200);
  const std::string cookie = r.headers["set-cookie"];
  EXPECT_NE(cookie.find("; HttpOnly; SameSite=Strict; Path=/; Secure"), std::string::npos)
      << cookie;
}

class MemberRateTest : public ::testing::Test {
 protected:
  HostProcess host_{{CorpusPlugin("good_test_plugin")},
                    {std::string("host.admin.token=") + kToken, "host.clock=manual"}};
};

TEST_F(MemberRateTest, MemberRoutesAreLimitedPerSessionOnTheHostClock) {
  const std::string a = host_.AddMemberAndSignIn("ann", kToken, kPassword);
  // The sign-in took one of the address's 20; the session has its own 20.
  int ok = 0;
  HttpReply last;
  for (int i = 0; i < 25; ++i) {
    last = host_.Call("GET", "/api/me", "", Bearer(a));
    if (last.status == 200) ++ok;
  }
  EXPECT_EQ(ok, 19);
  EXPECT_EQ(last.status, 429);
  EXPECT_EQ(Error(last), "rate_limited");
  EXPECT_EQ(last.headers["retry-after"], "1");
  ASSERT_EQ(host_.Send("POST", "/admin/clock/advance", R"({"seconds":1})", kToken).status, 200);
  EXPECT_EQ(host_.Call("GET", "/api/me", "", Bearer(a)).status, 200);
}

// Two host processes on one PostgreSQL database, as behind a load balancer:
// a session made on one is accepted by the other, ends on both, and wrong
// passwords counted on one lock the sign-in on the other.
TEST(SessionsAcrossNodesTest, ASessionMadeOnOneNodeWorksOnTheOther) {
  const std::string db = testsupport::FreshPostgresDatabase();
  testsupport::TempDir keys;
  const std::vector<std::string> extra = {
      std::string("host.admin.token=") + kToken, "host.db.connector=postgresql",
      "host.db.connection=" + db, "host.secrets.key_file=" + keys.File("secrets.key")};
  HostProcess a({CorpusPlugin("good_test_plugin")}, extra);
  HostProcess b({CorpusPlugin("good_test_plugin")}, extra);
  const std::string token = a.AddMemberAndSignIn("ann", kToken, kPassword, 300);
  HttpReply on_b = b.Call("GET", "/api/me", "", Bearer(token));
  ASSERT_EQ(on_b.status, 200) << on_b.body;
  EXPECT_EQ(ParseObject(on_b.body)->getValue<Poco::Int64>("balance"), 300);
  EXPECT_EQ(b.Call("DELETE", "/api/session", "", Bearer(token)).status, 200);
  EXPECT_EQ(a.Call("GET", "/api/me", "", Bearer(token)).status, 401);
  const std::string wrong = R"({"member_id":"ann","password":"wrong password!"})";
  for (int i = 0; i < 5; ++i) EXPECT_EQ(a.Call("POST", "/api/session", wrong, {}).status, 401);
  HttpReply locked =
      b.Call("POST", "/api/session",
             std::string(R"({"member_id":"ann","password":")") + kPassword + R"("})", {});
  EXPECT_EQ(locked.status, 429);
  EXPECT_NE(b.LogText().find("database postgresql"), std::string::npos);
}

}  // namespace
