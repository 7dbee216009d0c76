// End to end: the real loyalty-host with the real plugin and ascenda-sim tells
// its service manager READY=1 once the catalogue is served ($NOTIFY_SOCKET).
#include <gtest/gtest.h>

#include <cstdlib>

#include "ascenda_test_env.h"
#include "support/end_to_end_host.h"
#include "support/notify_socket.h"
#include "support/temp_dir.h"

namespace ascenda::test {
namespace {

TEST(HostReadyTest, ReadyOnceTheCatalogueIsServed) {
  auto sim = simtest::SimHarness::Start();
  testsupport::TempDir dir;
  testsupport::NotifySocket notify(dir.File("notify"));
  ASSERT_TRUE(notify.bound());
  testsupport::EndToEndHost host(*sim, {});
  ::setenv("NOTIFY_SOCKET", notify.path().c_str(), 1);
  host.Start();  // waits for /healthz and for the catalogue
  ::unsetenv("NOTIFY_SOCKET");
  EXPECT_EQ(notify.Receive(), "READY=1\nSTATUS=catalogue served");
}

}  // namespace
}  // namespace ascenda::test
