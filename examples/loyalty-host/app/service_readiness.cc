#include "app/service_readiness.h"

namespace loyalty {

ProbeAnswer ProbeCatalogue(const rewards::Result<rewards::RewardsProvider*>& provider) {
  if (!provider.ok()) return {CatalogueProbe::kFailed, provider.status().message()};
  rewards::CatalogueQuery first;
  first.page_size = 1;
  auto listing = provider.value()->ListCatalogue(first);
  if (listing.ok()) return {CatalogueProbe::kServed, "catalogue served"};
  if (listing.status().code() != rewards::StatusCode::kUnavailable) {
    return {CatalogueProbe::kFailed, "catalogue failed: " + listing.status().ToString()};
  }
  // Not loaded yet: the provider may well say so in its health too; any other
  // note (a refresh failing, settings missing) means the catalogue failed.
  const std::string& not_loaded = listing.status().message();
  rewards::Health health = provider.value()->GetHealth();
  for (const std::string& note : health.notes) {
    if (note.find(not_loaded) == std::string::npos)
      return {CatalogueProbe::kFailed, "catalogue failed: " + note};
  }
  if (health.state == rewards::HealthState::kUnhealthy) {
    return {CatalogueProbe::kFailed, "catalogue failed: provider unhealthy"};
  }
  return {CatalogueProbe::kPending, "catalogue loading"};
}

ReadinessNotifier::ReadinessNotifier(Probe probe, Notify notify, std::chrono::milliseconds limit)
    : thread_(&ReadinessNotifier::Run, this, std::move(probe), std::move(notify), limit) {}

void ReadinessNotifier::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

void ReadinessNotifier::Run(const Probe& probe, const Notify& notify,
                            std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  ProbeAnswer answer = probe();
  while (answer.state == CatalogueProbe::kPending && !stop_) {
    if (std::chrono::steady_clock::now() >= deadline) {
      answer.why = "catalogue not served after " +
                   std::to_string(std::chrono::duration_cast<std::chrono::seconds>(limit).count()) +
                   " s";
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    answer = probe();
  }
  if (!stop_) notify("READY=1\nSTATUS=" + answer.why);
}

}  // namespace loyalty
