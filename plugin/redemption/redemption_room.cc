#include "ascenda/redemption/redemption_room.h"

#include <Poco/UUIDGenerator.h>

#include <utility>

namespace ascenda {

namespace {

std::string NewNodeId() {
  return "node-" + Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
}

std::chrono::seconds IntervalOf(const SubmitConfig& c) {
  return std::chrono::duration_cast<std::chrono::seconds>(c.policy.retry_base);
}

}  // namespace

RedemptionRoom::RedemptionRoom(rewards::HostServices& services, const CatalogueCache& catalogue,
                               DeliverySealing sealing)
    : services_(services),
      node_id_(NewNodeId()),
      store_(services.database(), services.ledger(), services.clock(), std::move(sealing)),
      submitter_(store_, services.clock(), services.logger(), sleeper_),
      pool_(kSubmitThreads, kMaxQueuedSubmissions),
      service_(store_, submitter_, catalogue, pool_, services.logger(), node_id_ + ":submit"),
      reconciler_(store_, submitter_, services.scheduler(), services.clock(), services.logger(),
                  node_id_ + ":reconcile") {}

RedemptionRoom::~RedemptionRoom() { Stop(); }

void RedemptionRoom::Configure(const AscendaSettings& settings) {
  const SubmitConfig config = SubmitConfigFromSettings(settings);
  submitter_.SetConfig(config);
  reconciler_.SetInterval(IntervalOf(config));
  reconciler_.SetParallel(static_cast<std::size_t>(settings.reconcile_parallel));
}

void RedemptionRoom::SetClient(std::shared_ptr<AscendaClient> client) {
  submitter_.SetClient(std::move(client));
}

void RedemptionRoom::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (started_) return;
  started_ = true;
  submitter_.Resume();
  pool_.Start();
  reconciler_.Start(IntervalOf(submitter_.config()));
  services_.logger().Info("ascenda: redemptions started on " + node_id_);
}

void RedemptionRoom::Stop() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!started_) return;
  started_ = false;
  submitter_.Stop();
  reconciler_.Stop();
  pool_.Stop();
}

}  // namespace ascenda
