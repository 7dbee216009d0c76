// RedemptionRoom: the redemption side of the provider, composed in one
// place — the store over the host's database, ledger and clock; the
// submitter with its sleeper; the bounded worker pool of first submissions;
// the service that answers members; the reconciler on the host scheduler.
// AscendaProvider owns one and forwards to it; the webhook receiver and the
// operator calls (plugin/outcome/) reach the same store and policy through
// store() and config().
//
// Call order: construct -> Configure(settings) with every valid settings
// change and SetClient(client) with every new client (nullptr while the
// settings have problems: submissions then wait for the reconciler) ->
// Start() -> business calls -> Stop() -> destroy. Both may come at any
// time, also while redemptions are being submitted (each drive keeps the
// client and numbers it started with).
//
// Owners: the submitter's leases are held as "<node>:submit", the
// reconciler's as "<node>:reconcile", with <node> a random id made per
// process (a restarted host is a new node; its predecessor's leases lapse).
//
// Thread-safe. Borrows `services`, which must outlive the room; `catalogue`
// likewise.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "ascenda/catalogue/catalogue_cache.h"
#include "ascenda/client/ascenda_client.h"
#include "ascenda/redemption/reconciler.h"
#include "ascenda/redemption/redemption_service.h"
#include "ascenda/redemption/redemption_store.h"
#include "ascenda/redemption/sleeper.h"
#include "ascenda/redemption/submitter.h"
#include "ascenda/redemption/worker_pool.h"
#include "ascenda/settings/ascenda_settings.h"
#include "rewards/host_services.h"

namespace ascenda {

class RedemptionRoom {
 public:
  static constexpr int kSubmitThreads = 16;
  static constexpr std::size_t kMaxQueuedSubmissions = 4096;

  // `sealing` goes to the store (delivery data sealed at rest, see
  // redemption_store.h); empty: delivery data is not stored.
  RedemptionRoom(rewards::HostServices& services, const CatalogueCache& catalogue,
                 DeliverySealing sealing = {});
  ~RedemptionRoom();
  RedemptionRoom(const RedemptionRoom&) = delete;
  RedemptionRoom& operator=(const RedemptionRoom&) = delete;

  // Max attempts, back-off, wait, timeouts, reconcile interval, give-up.
  void Configure(const AscendaSettings& settings);
  void SetClient(std::shared_ptr<AscendaClient> client);
  void Start();
  // Ends waits at once, stops taking submissions, joins the workers (each
  // finishes at most the Ascenda call it is in) and cancels the reconciler.
  void Stop();

  RedemptionService& service() { return service_; }
  RedemptionStore& store() { return store_; }
  Reconciler& reconciler() { return reconciler_; }
  SubmitConfig config() const { return submitter_.config(); }
  const std::string& node_id() const { return node_id_; }

 private:
  rewards::HostServices& services_;
  const std::string node_id_;
  RedemptionStore store_;
  InterruptibleSleeper sleeper_;
  Submitter submitter_;
  WorkerPool pool_;
  RedemptionService service_;
  Reconciler reconciler_;
  std::mutex mu_;
  bool started_ = false;  // guarded by mu_
};

}  // namespace ascenda
