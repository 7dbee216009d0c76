// A host of ABI 1.2 with a plugin built for an older minor (the corpus'
// abi_1_0), or one that lacks RedemptionOperations (good_test): the plugin
// loads and runs, and the routes that need what it lacks answer 501
// not_supported_by_plugin instead of doing something else.
#include <gtest/gtest.h>

#include <string>

#include "host_harness.h"

namespace {

using hosttest::CorpusPlugin;
using hosttest::HostProcess;

constexpr char kToken[] = "admin-token";

void ExpectNotSupported(const testsupport::HttpReply& r) {
  EXPECT_EQ(r.status, 501) << r.body;
  EXPECT_NE(r.body.find("\"error\":\"not_supported_by_plugin\""), std::string::npos) << r.body;
}

class OlderPluginRoutesTest : public ::testing::TestWithParam<std::string> {
 protected:
  HostProcess host_{{CorpusPlugin(GetParam())}, {std::string("host.admin.token=") + kToken}};
};

TEST_P(OlderPluginRoutesTest, TheNewOperatorCallsAnswer501) {
  ASSERT_EQ(host_.Get("/healthz").status, 200);
  EXPECT_EQ(host_.LogText().find("plugin refused"), std::string::npos) << host_.LogText();
  ExpectNotSupported(host_.Send("POST", "/admin/redemptions/r-1/resolve",
                                R"({"outcome":"refunded","note":"checked with Ascenda"})", kToken));
  ExpectNotSupported(host_.Get("/admin/redemptions/r-1", kToken));
  ExpectNotSupported(host_.Get("/admin/redemptions?member_id=jane", kToken));
  // The points filter needs a plugin of minor >= 2 (good_test is one: it is
  // asked, and answers for itself).
  testsupport::HttpReply filtered = host_.Get("/api/gift-cards?max_points=100");
  if (GetParam() == "abi_1_0") {
    ExpectNotSupported(filtered);
  } else {
    EXPECT_EQ(filtered.body.find("not_supported_by_plugin"), std::string::npos) << filtered.body;
  }
  // Input is checked first; nothing is audited for a call that did not happen.
  EXPECT_EQ(
      host_.Send("POST", "/admin/redemptions/r-1/resolve", R"({"outcome":"refunded"})", kToken)
          .status,
      400);
  EXPECT_EQ(host_.Get("/admin/audit", kToken).body.find("redemption.resolve"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Plugins, OlderPluginRoutesTest,
                         ::testing::Values("abi_1_0", "good_test_plugin"),
                         [](const auto& info) { return info.param; });

}  // namespace
