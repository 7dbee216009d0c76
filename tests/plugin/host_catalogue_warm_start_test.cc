// End to end (real host + plugin + ascenda-sim, on REWARDS_TEST_DB's
// database): the last catalogue is kept in the database, so a host that
// starts again while it is younger than the catalogue TTL serves it before
// the simulator can be reached — the same bytes as before the restart — and
// one older than the TTL is never served.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "simulator/sim_harness.h"
#include "support/end_to_end_host.h"
#include "support/host_db.h"
#include "support/http_client.h"
#include "support/wait_until.h"

namespace ascenda {
namespace {

using simtest::SimHarness;
using testsupport::HttpCall;
using testsupport::HttpReply;

constexpr char kStoredLine[] = "ascenda: catalogue stored for a warm start";
constexpr char kPage[] = "/api/gift-cards?page_size=25&sort=name:desc";

class HostCatalogueWarmStartTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sim_ = SimHarness::Start();
    host_ = std::make_unique<testsupport::EndToEndHost>(*sim_, testsupport::EndToEndOptions());
    host_->Start();
    first_ = HttpCall("GET", host_->Url(kPage));
    ASSERT_EQ(first_.status, 200) << first_.body;
    ASSERT_TRUE(
        testsupport::WaitUntil([&] { return host_->Log().find(kStoredLine) != std::string::npos; },
                               std::chrono::seconds(15), std::chrono::milliseconds(20)))
        << host_->Log();
    host_->Kill();
    sim_.reset();  // from here on Ascenda cannot be reached
  }
  void TearDown() override { host_.reset(); }

  std::unique_ptr<SimHarness> sim_;
  std::unique_ptr<testsupport::EndToEndHost> host_;
  HttpReply first_;
};

TEST_F(HostCatalogueWarmStartTest, RestartWithinTheTtlServesTheStoredCatalogue) {
  host_->StartProcess();
  host_->WaitHealthy();
  HttpReply again = HttpCall("GET", host_->Url(kPage));
  ASSERT_EQ(again.status, 200) << again.body << host_->Log();
  EXPECT_EQ(again.body, first_.body);
  EXPECT_EQ(again.headers["etag"], first_.headers["etag"]);  // the same content
  HttpReply card = HttpCall("GET", host_->Url("/api/gift-cards/" + simtest::kUsdCard));
  EXPECT_EQ(card.status, 200) << card.body;
  EXPECT_NE(host_->Log().find("ascenda: serving the stored catalogue"), std::string::npos)
      << host_->Log();
}

TEST_F(HostCatalogueWarmStartTest, StoredCatalogueOlderThanTheTtlIsNotServed) {
  // The stored catalogue as if it had been fetched an hour and a second ago
  // (the default TTL is the largest, one hour).
  ASSERT_GT(testsupport::HostDbNumber(host_->db(),
                                      "UPDATE ascenda_catalogue_snapshot "
                                      "SET fetched_at = fetched_at - 3601000 RETURNING id"),
            0);
  host_->StartProcess();
  host_->WaitHealthy();
  HttpReply page = HttpCall("GET", host_->Url(kPage));
  EXPECT_EQ(page.status, 503) << page.body;
  EXPECT_NE(page.body.find("catalogue_unavailable"), std::string::npos) << page.body;
  EXPECT_EQ(HttpCall("GET", host_->Url("/api/gift-cards/" + simtest::kUsdCard)).status, 503);
  EXPECT_NE(host_->Log().find("it is not served"), std::string::npos) << host_->Log();
}

}  // namespace
}  // namespace ascenda
