// Registers GET /healthz, which the host serves: the host must refuse it even
// though this plugin ignores the kConflict answer.
#include "test_provider_base.h"

namespace {

class RouteClash : public testplugins::TestProviderBase {
 public:
  explicit RouteClash(rewards::HostServices* services)
      : TestProviderBase("route_clash"), services_(services) {}
  rewards::Status Start() noexcept override {
    (void)services_->router().AddRoute("GET", "/route-clash/ok", [](const rewards::HttpRequest&) {
      return rewards::HttpResponse{};
    });
    (void)services_->router().AddRoute(
        "GET", "/healthz", [](const rewards::HttpRequest&) { return rewards::HttpResponse{}; });
    return rewards::Status::Ok();
  }

 private:
  rewards::HostServices* services_;
};

rewards::RewardsProvider* Create(rewards::HostServices* services) {
  return new RouteClash(services);
}

}  // namespace

TEST_PLUGIN_DESCRIPTOR("route_clash", rewards::kAbiMajor, rewards::kAbiMinor,
                       REWARDS_BUILD_FINGERPRINT, &Create)
