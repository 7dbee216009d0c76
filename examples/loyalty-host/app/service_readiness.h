// When the host tells systemd it is ready: READY=1 goes out once the plugins
// are started and the active provider's catalogue is served — or has failed,
// so a host whose Ascenda is down still starts (degraded, as /healthz says)
// instead of timing out.
//
// ProbeCatalogue() looks once: served (a listing answers); failed (no
// provider, the listing answers anything but kUnavailable, the provider is
// unhealthy, or its health has a note other than the listing's own reason —
// e.g. a refresh failed, settings are missing); else pending (not loaded from
// Ascenda yet). ReadinessNotifier probes every 50 ms
// on its own thread — the host keeps serving and can be stopped meanwhile —
// and sends "READY=1\nSTATUS=<why>" once the answer is not pending, or after
// `limit`. Stop() (also the destructor) ends the wait and joins the thread.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include "rewards/rewards_provider.h"
#include "rewards/status.h"

namespace loyalty {

enum class CatalogueProbe { kServed, kFailed, kPending };

struct ProbeAnswer {
  CatalogueProbe state = CatalogueProbe::kPending;
  std::string why;  // for STATUS=
};

// `provider` is the active one, or the reason there is none.
ProbeAnswer ProbeCatalogue(const rewards::Result<rewards::RewardsProvider*>& provider);

class ReadinessNotifier {
 public:
  using Probe = std::function<ProbeAnswer()>;
  using Notify = std::function<void(const std::string& state)>;

  ReadinessNotifier(Probe probe, Notify notify, std::chrono::milliseconds limit);
  ~ReadinessNotifier() { Stop(); }
  ReadinessNotifier(const ReadinessNotifier&) = delete;
  ReadinessNotifier& operator=(const ReadinessNotifier&) = delete;

  void Stop();

 private:
  void Run(const Probe& probe, const Notify& notify, std::chrono::milliseconds limit);

  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace loyalty
