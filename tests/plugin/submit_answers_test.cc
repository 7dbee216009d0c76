// The exact mapping from Ascenda answers to redemption events (or retries /
// hand-offs) that the submitter follows.
#include "ascenda/redemption/submit_answers.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ascenda {
namespace {

using rewards::Status;
using rewards::StatusCode;

const char kOrder[] =
    R"({"data":{"id":"ord-1","reference_id":"ref-1","status":"processing",)"
    R"("order_items":[{"id":"i-1","type":"gift_card","status":"pending","errors":[],)"
    R"("data":{"gift_card_id":"g","name":"n","denomination":"10.00","currency":"USD",)"
    R"("code":null,"pin":null,"url":null,"expires_at":null}}]}})";

ApiResult Ok(int status, const std::string& body) {
  return AscendaClient::ApiResponse{status, body};
}

ApiResult Http(StatusCode code, int http, const std::string& error, Status::Details extra = {}) {
  extra["http_status"] = std::to_string(http);
  return Status(code, error, "Ascenda answered HTTP " + std::to_string(http), extra);
}

ApiResult NoAnswer(StatusCode code, const std::string& error) {
  return Status(code, error, "transport");
}

// The redemption these answers are classified for.
constexpr char kRef[] = "ref-1";
Answer Create(const ApiResult& r) { return ClassifyCreate(r, kRef); }
Answer Lookup(const ApiResult& r) { return ClassifyLookup(r, kRef); }
Answer Poll(const ApiResult& r) { return ClassifyPoll(r, kRef, "ord-1"); }

// One order as it appears in a list answer.
std::string ListedOrder(const std::string& id, const std::string& reference,
                        const std::string& status, const std::string& code) {
  return R"({"id":")" + id + R"(","reference_id":")" + reference +
         R"(","status":"completed","order_items":[{"id":"i-)" + id +
         R"(","type":"gift_card","status":")" + status +
         R"(","errors":[],"data":{"gift_card_id":"g","name":"n","denomination":"10.00",)"
         R"("currency":"USD","code":)" +
         (code.empty() ? std::string("null") : "\"" + code + "\"") +
         R"(,"pin":null,"url":null,"expires_at":null}}]})";
}

std::string ListOf(const std::vector<std::string>& orders) {
  std::string out = R"({"data":[)";
  for (std::size_t i = 0; i < orders.size(); ++i) out += (i ? "," : "") + orders[i];
  return out + R"(],"meta":{"page":1,"page_size":25,"total_count":)" +
         std::to_string(orders.size()) + R"(,"total_pages":1}})";
}

TEST(SubmitAnswersTest, CreatedOrderIsAccepted) {
  Answer a = Create(Ok(201, kOrder));
  ASSERT_EQ(a.action, AnswerAction::kApply);
  EXPECT_EQ(a.event.kind, EventKind::kCreateAccepted);
  EXPECT_EQ(a.event.order.order_id, "ord-1");
  EXPECT_EQ(a.event.order.item_status, "pending");
  EXPECT_FALSE(a.event.order.delivery.has_value());
}

TEST(SubmitAnswersTest, CreatedButUnreadableIsIndeterminate) {
  Answer a = Create(Ok(201, "{not json"));
  ASSERT_EQ(a.action, AnswerAction::kApply);
  EXPECT_EQ(a.event.kind, EventKind::kCreateIndeterminate);
}

TEST(SubmitAnswersTest, RejectionsBeforeAnyOrderRefundWithAReason) {
  struct Case {
    StatusCode code;
    int http;
    const char* error;
    const char* reason_part;
  } cases[] = {
      {StatusCode::kNotFound, 404, "NN1002", "out of stock"},
      {StatusCode::kInvalidArgument, 400, "NN1001", "invalid"},
      {StatusCode::kFailedPrecondition, 422, "NN1301", "member's details"},
      {StatusCode::kNotFound, 404, "AF2006", "not available"},
      {StatusCode::kInvalidArgument, 400, "http_400", "refused"},
  };
  for (const Case& c : cases) {
    Answer a = Create(Http(c.code, c.http, c.error));
    ASSERT_EQ(a.action, AnswerAction::kApply) << c.error;
    EXPECT_EQ(a.event.kind, EventKind::kCreateRejected) << c.error;
    EXPECT_EQ(a.event.error_code, c.error);
    EXPECT_NE(a.event.error_reason.find(c.reason_part), std::string::npos) << a.event.error_reason;
  }
}

TEST(SubmitAnswersTest, ReferenceInUseIsAConflict) {
  Answer a = Create(Http(StatusCode::kConflict, 409, "NN1011"));
  ASSERT_EQ(a.action, AnswerAction::kApply);
  EXPECT_EQ(a.event.kind, EventKind::kCreateConflict);
}

TEST(SubmitAnswersTest, TimeoutsLostConnectionsAnd5xxAreIndeterminate) {
  for (ApiResult r :
       {NoAnswer(StatusCode::kDeadlineExceeded, "timeout"),
        NoAnswer(StatusCode::kDeadlineExceeded, "connection_lost"),
        NoAnswer(StatusCode::kUnknown, "bad_response"), Http(StatusCode::kUnknown, 500, "NN0001"),
        Http(StatusCode::kUnknown, 503, "http_503")}) {
    Answer a = Create(r);
    ASSERT_EQ(a.action, AnswerAction::kApply) << r.status().ToString();
    EXPECT_EQ(a.event.kind, EventKind::kCreateIndeterminate);
  }
}

TEST(SubmitAnswersTest, RateLimitWaitsAndNeverSentRetriesWithoutAnEvent) {
  Answer limited =
      Create(Http(StatusCode::kResourceExhausted, 429, "NN1429", {{"retry_after_ms", "2000"}}));
  EXPECT_EQ(limited.action, AnswerAction::kWaitAndRetry);
  EXPECT_EQ(limited.wait.count(), 2000);
  Answer refused = Create(NoAnswer(StatusCode::kUnavailable, "connection_refused"));
  EXPECT_EQ(refused.action, AnswerAction::kRetryNotSent);
}

TEST(SubmitAnswersTest, OurOwnConfigurationProblemsAreHandedOffNeverRefunded) {
  for (ApiResult r : {Http(StatusCode::kUnauthenticated, 401, "NN1401"),
                      Http(StatusCode::kPermissionDenied, 403, "http_403"),
                      Http(StatusCode::kFailedPrecondition, 405, "http_405"),
                      NoAnswer(StatusCode::kInvalidArgument, "invalid_request")}) {
    EXPECT_EQ(Create(r).action, AnswerAction::kHandOff) << r.status().ToString();
  }
}

TEST(SubmitAnswersTest, LookupFindsAdoptsOrReportsAbsent) {
  const std::string list_one =
      std::string(R"({"data":[)") + std::string(kOrder).substr(8, std::string(kOrder).size() - 9) +
      R"(],"meta":{"page":1,"page_size":25,"total_count":1,"total_pages":1}})";
  Answer found = Lookup(Ok(200, list_one));
  ASSERT_EQ(found.action, AnswerAction::kApply) << found.why;
  EXPECT_EQ(found.event.kind, EventKind::kLookupFound);
  EXPECT_EQ(found.event.order.order_id, "ord-1");
  EXPECT_TRUE(found.more_orders.empty());

  Answer absent = Lookup(Ok(200, R"({"data":[],"meta":{}})"));
  ASSERT_EQ(absent.action, AnswerAction::kApply);
  EXPECT_EQ(absent.event.kind, EventKind::kLookupAbsent);
}

TEST(SubmitAnswersTest, FailedLookupsAndPollsAreHandedOff) {
  EXPECT_EQ(Lookup(NoAnswer(StatusCode::kDeadlineExceeded, "timeout")).action,
            AnswerAction::kHandOff);
  EXPECT_EQ(Lookup(Http(StatusCode::kUnknown, 502, "http_502")).action, AnswerAction::kHandOff);
  EXPECT_EQ(Lookup(Ok(200, "<html>")).action, AnswerAction::kHandOff);
  EXPECT_EQ(Poll(Http(StatusCode::kNotFound, 404, "NN1002")).action, AnswerAction::kHandOff);
  Answer polled = Poll(Ok(200, kOrder));
  ASSERT_EQ(polled.action, AnswerAction::kApply);
  EXPECT_EQ(polled.event.kind, EventKind::kLookupFound);
}

TEST(SubmitAnswersTest, LookupIgnoresOtherReferencesOrders) {
  // A lookup whose filter was ignored: a stranger's cancelled order first, a
  // stranger's fulfilled one with a code, and none of ours.
  Answer a = Lookup(Ok(200, ListOf({ListedOrder("o-9", "ref-9", "cancelled", ""),
                                    ListedOrder("o-8", "ref-8", "fulfilled", "STRANGER")})));
  ASSERT_EQ(a.action, AnswerAction::kApply) << a.why;
  EXPECT_EQ(a.event.kind, EventKind::kLookupAbsent);
  EXPECT_TRUE(a.more_orders.empty());
}

TEST(SubmitAnswersTest, LookupPicksThisReferencesOrderAmongOthers) {
  Answer a = Lookup(Ok(200, ListOf({ListedOrder("o-9", "ref-9", "cancelled", ""),
                                    ListedOrder("o-1", kRef, "fulfilled", "OURS"),
                                    ListedOrder("o-8", "ref-8", "fulfilled", "STRANGER")})));
  ASSERT_EQ(a.action, AnswerAction::kApply) << a.why;
  EXPECT_EQ(a.event.kind, EventKind::kLookupFound);
  EXPECT_EQ(a.event.order.order_id, "o-1");
  EXPECT_EQ(a.event.order.reference_id, kRef);
  ASSERT_TRUE(a.event.order.delivery.has_value());
  EXPECT_EQ(a.event.order.delivery->code.value_or(""), "OURS");
  EXPECT_TRUE(a.more_orders.empty());
}

TEST(SubmitAnswersTest, CreateAnswerForAnotherReferenceIsIndeterminate) {
  Answer a = ClassifyCreate(Ok(201, kOrder), "ref-2");
  ASSERT_EQ(a.action, AnswerAction::kApply);
  EXPECT_EQ(a.event.kind, EventKind::kCreateIndeterminate);
}

TEST(SubmitAnswersTest, PollAnswerForAnotherOrderIsHandedOff) {
  EXPECT_EQ(ClassifyPoll(Ok(200, kOrder), "ref-2", "ord-1").action, AnswerAction::kHandOff);
  EXPECT_EQ(ClassifyPoll(Ok(200, kOrder), kRef, "ord-2").action, AnswerAction::kHandOff);
  EXPECT_EQ(ClassifyPoll(Ok(200, kOrder), kRef, "ord-1").action, AnswerAction::kApply);
}

TEST(SubmitAnswersTest, AFailedTokenCallIsNeverTheCreatesAnswer) {
  // AscendaClient answers this for any token failure (a 404 included).
  ApiResult token = Status(StatusCode::kUnavailable, "token_unavailable",
                           "no access token, so nothing was sent", {{"token_error", "NN1002"}});
  EXPECT_EQ(Create(token).action, AnswerAction::kRetryNotSent);
  EXPECT_EQ(Lookup(token).action, AnswerAction::kRetryNotSent);
}

}  // namespace
}  // namespace ascenda
