// TokenCache on its own: a scripted transport answers the token requests and
// the manual clock decides when a token is due for renewal — one fetch per
// token, renewal kRefreshMargin before expires_at, Invalidate after a 401,
// single flight under concurrency, errors as values and never cached, and
// neither secret nor token in the log.
#include "ascenda/client/token_cache.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "ascenda_test_env.h"
#include "support/manual_clock.h"
#include "support/scripted_transport.h"
#include "support/wait_until.h"

namespace ascenda {
namespace {

using std::chrono::seconds;

constexpr char kSecret[] = "client-secret-value";

class TokenCacheTest : public ::testing::Test {
 protected:
  TokenCacheTest()
      : cache_(transport_, clock_, log_,
               {"/prefix/tokens", "client-1", kSecret, {{"X-Ascenda-Version", "1.3"}}}) {}

  std::int64_t NowS() const {
    return std::chrono::duration_cast<seconds>(clock_.Now().time_since_epoch()).count();
  }
  // A 201 token answer valid for `lifetime_s` from now.
  void AnswerToken(const std::string& token, std::int64_t lifetime_s = 3600) {
    transport_.Answer(201, "{\"access_token\":\"" + token +
                               "\",\"token_type\":\"Bearer\",\"expires_at\":" +
                               std::to_string(NowS() + lifetime_s) + "}");
  }

  testsupport::ScriptedTransport transport_;
  testsupport::ManualClock clock_;
  test::CapturingLogger log_;
  TokenCache cache_;
};

TEST_F(TokenCacheTest, FetchesOnceAndSendsTheClientCredentials) {
  AnswerToken("tok-1");
  ASSERT_EQ(cache_.Get().value(), "tok-1");
  EXPECT_EQ(cache_.Get().value(), "tok-1");
  ASSERT_EQ(transport_.sent(), 1u);
  const HttpRequest sent = transport_.requests()[0];
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.target, "/prefix/tokens");
  EXPECT_TRUE(sent.idempotent);
  EXPECT_NE(sent.body.find("\"grant_type\":\"client_credentials\""), std::string::npos);
  EXPECT_NE(sent.body.find("\"client_id\":\"client-1\""), std::string::npos);
  const std::vector<std::pair<std::string, std::string>> headers = {
      {"X-Ascenda-Version", "1.3"}, {"Content-Type", "application/json"}};
  EXPECT_EQ(sent.headers, headers);
  EXPECT_EQ(cache_.fetch_count(), 1);
}

TEST_F(TokenCacheTest, RenewsRefreshMarginBeforeExpiry) {
  AnswerToken("tok-1", 3600);
  ASSERT_EQ(cache_.Get().value(), "tok-1");
  clock_.Advance(seconds(3600) - TokenCache::kRefreshMargin - seconds(1));
  EXPECT_EQ(cache_.Get().value(), "tok-1");  // still more than the margin left
  EXPECT_EQ(transport_.sent(), 1u);
  clock_.Advance(seconds(1));  // exactly the margin left: renew
  AnswerToken("tok-2");
  EXPECT_EQ(cache_.Get().value(), "tok-2");
  EXPECT_EQ(transport_.sent(), 2u);
}

TEST_F(TokenCacheTest, InvalidateForgetsOnlyTheCurrentToken) {
  AnswerToken("tok-1");
  ASSERT_EQ(cache_.Get().value(), "tok-1");
  cache_.Invalidate("an-older-token");
  EXPECT_EQ(cache_.Get().value(), "tok-1");
  EXPECT_EQ(transport_.sent(), 1u);
  cache_.Invalidate("tok-1");
  AnswerToken("tok-2");
  EXPECT_EQ(cache_.Get().value(), "tok-2");
  EXPECT_EQ(transport_.sent(), 2u);
}

TEST_F(TokenCacheTest, RefusalIsAStatusAndIsNotCached) {
  transport_.Answer(401, R"({"errors":[{"code":"NN0401","status":"401","title":"Bad"}]})");
  rewards::Result<std::string> refused = cache_.Get();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), rewards::StatusCode::kUnauthenticated);
  AnswerToken("tok-1");
  EXPECT_EQ(cache_.Get().value(), "tok-1");  // asked again, not the cached refusal
  EXPECT_EQ(transport_.sent(), 2u);
}

TEST_F(TokenCacheTest, AnswerWithoutTokenOrExpiryIsABadResponse) {
  transport_.Answer(201, R"({"access_token":"","expires_at":2000000000})");
  transport_.Answer(201, R"({"access_token":"tok-1","expires_at":"soon"})");
  transport_.Answer(201, "not json");
  for (int i = 0; i < 3; ++i) {
    rewards::Result<std::string> bad = cache_.Get();
    ASSERT_FALSE(bad.ok()) << i;
    EXPECT_EQ(bad.status().code(), rewards::StatusCode::kUnknown) << i;
    EXPECT_EQ(bad.status().error(), "bad_response") << i;
  }
}

TEST_F(TokenCacheTest, TransportFailureComesBackAsItIs) {
  transport_.Fail(rewards::Status(rewards::StatusCode::kUnavailable, "connect_failed", "refused"));
  rewards::Result<std::string> failed = cache_.Get();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().error(), "connect_failed");
}

TEST_F(TokenCacheTest, ConcurrentCallersShareOneFetch) {
  AnswerToken("tok-1");
  transport_.Hold();
  std::vector<std::thread> callers;
  std::vector<std::string> got(8);
  for (std::size_t i = 0; i < got.size(); ++i) {
    callers.emplace_back([&, i] { got[i] = cache_.Get().value(); });
  }
  ASSERT_TRUE(testsupport::WaitUntil([&] { return transport_.sent() == 1; }, seconds(5)));
  transport_.Release();
  for (std::thread& t : callers) t.join();
  for (const std::string& token : got) EXPECT_EQ(token, "tok-1");
  EXPECT_EQ(transport_.sent(), 1u);
  EXPECT_EQ(cache_.fetch_count(), 1);
}

TEST_F(TokenCacheTest, NeitherSecretNorTokenIsLogged) {
  AnswerToken("tok-secret-value");
  transport_.Answer(401, "{}");
  ASSERT_TRUE(cache_.Get().ok());
  cache_.Invalidate("tok-secret-value");
  ASSERT_FALSE(cache_.Get().ok());
  EXPECT_TRUE(log_.Contains("new access token"));
  EXPECT_EQ(log_.Count(kSecret), 0);
  EXPECT_EQ(log_.Count("tok-secret-value"), 0);
}

}  // namespace
}  // namespace ascenda
