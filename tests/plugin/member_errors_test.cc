// What a member is told when a request fails: our own refusals as worded,
// the machinery's failures (database, Poco, exceptions) as a plain sentence
// with a stable name, the original kept for the operator's log.
#include "ascenda/redemption/member_errors.h"

#include <gtest/gtest.h>

#include "ascenda_test_env.h"

namespace ascenda {
namespace {

using rewards::Status;
using rewards::StatusCode;

TEST(MemberErrorsTest, OwnRefusalsPassThroughUnchanged) {
  test::CapturingLogger log;
  for (const Status& s :
       {Status(StatusCode::kFailedPrecondition, "price_changed", "The price changed to 5 points."),
        Status(StatusCode::kFailedPrecondition, "insufficient_points", "Not enough points."),
        Status(StatusCode::kNotFound, "unknown_redemption", "no redemption r-1"),
        Status(StatusCode::kUnavailable, "catalogue_unavailable", "The catalogue is stale.")}) {
    const Status out = ForMember(s, log, "redeem");
    EXPECT_EQ(out.error(), s.error());
    EXPECT_EQ(out.message(), s.message());
  }
}

TEST(MemberErrorsTest, DatabaseAndPocoTextNeverReachTheMember) {
  test::CapturingLogger log;
  const Status db(StatusCode::kUnavailable, "database_unavailable",
                  "PostgreSQL: [PostgreSQL]: postgresql_stmt_execute error: could not serialize");
  const Status out = ForMember(db, log, "redeem");
  EXPECT_EQ(out.code(), StatusCode::kUnavailable);  // still retryable
  EXPECT_EQ(out.error(), "temporarily_unavailable");
  EXPECT_EQ(out.message().find("PostgreSQL"), std::string::npos);
  EXPECT_TRUE(log.Contains("postgresql_stmt_execute"));  // the operator still sees it

  const Status internal = ForMember(
      rewards::Internal("reserve: Poco::Data::DataException: unknown state"), log, "redeem");
  EXPECT_EQ(internal.code(), StatusCode::kInternal);
  EXPECT_EQ(internal.error(), "internal_error");
  EXPECT_EQ(internal.message().find("Poco"), std::string::npos);
  EXPECT_NE(internal.message().find("points are safe"), std::string::npos);
}

}  // namespace
}  // namespace ascenda
