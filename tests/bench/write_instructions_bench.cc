// bench-write-instructions: the plugin's write paths one at a time, in one
// process, for `valgrind --tool=callgrind` to count instructions per call
// (scripts/bench --only=writecost; docs/PERFORMANCE.md):
//   ack      one webhook acknowledgement: WebhookReceiver::Handle on a
//            validly signed event (signature check, sealing, one durable
//            insert into the host's SQLite database);
//   reserve  one redemption's reserve: RedemptionStore::Reserve (idempotency
//            check, debit, ledger row, redemption row in one transaction).
//   redemption  one redemption's whole database work as the plugin does it
//            when the outcome comes by polling (bench-redeem's path): the
//            reserve with the submitter's lease; the create's answer
//            (pending) applied and the lease given up with it; the
//            reconciler's lease of the row once it is due; the polled
//            answer (fulfilled) applied and that lease given up with it —
//            collected inside RedemptionStoreWork.
//
//   valgrind --tool=callgrind --collect-atstart=no
//     --toggle-collect='ascenda::WebhookReceiver::Handle*'
//     bench-write-instructions --what=ack --count=200   (one command line)
//   (--what=reserve: --toggle-collect='ascenda::RedemptionStore::Reserve*';
//    --what=redemption: --toggle-collect='*RedemptionStoreWork*')
//
// Prints what=… count=N: the total of callgrind's Ir divided by N is one call's
// instructions (the database's fsync is a system call: not counted).
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "ascenda/redemption/redemption_store.h"
#include "ascenda/redemption/redemption_transitions.h"
#include "ascenda/webhook/webhook_event_store.h"
#include "ascenda/webhook/webhook_receiver.h"
#include "ascenda_test_env.h"
#include "bench_common.h"
#include "outcome_test_env.h"
#include "support/manual_clock.h"
#include "support/temp_dir.h"

namespace {

ascenda::ObservedOrder Order(const std::string& id, const std::string& reference,
                             const std::string& status) {
  ascenda::ObservedOrder o;
  o.order_id = id;
  o.reference_id = reference;
  o.item_status = status;
  return o;
}

// One redemption's database work (see the file comment); throws when a step
// does not answer as the plugin's path expects.
[[gnu::noinline]] void RedemptionStoreWork(ascenda::RedemptionStore& store,
                                           testsupport::ManualClock& clock, long long n) {
  using ascenda::RedemptionEvent;
  const ascenda::RedemptionPolicy policy;
  ascenda::NewRedemption fresh;
  fresh.ids = ascenda::NewRedemptionIds();
  fresh.request.member = {"m-instr", "m@example.com", "Jane", "Doe", "+6591234567"};
  fresh.request.gift_card_id = "card-1";
  fresh.request.denomination = "10.00";
  fresh.request.currency = "USD";
  fresh.request.expected_points = 1000;
  fresh.request.idempotency_key = "key-" + std::to_string(n);
  fresh.points = 1000;
  fresh.gift_card_name = "Amazon.com Gift Card";
  fresh.logo_url = "https://cdn.example.com/amazon.png";
  fresh.lease_owner = "node-1:submit";
  fresh.lease = std::chrono::seconds(30);
  auto reserved = store.Reserve(fresh);
  if (!reserved.ok()) throw std::runtime_error(reserved.status().ToString());
  const ascenda::RedemptionRecord& r = reserved->record;
  auto created = store.Apply(
      r.id, RedemptionEvent::CreateAccepted(Order("o-" + r.id, r.reference_id, "pending")), policy,
      r.lease_owner, &r);
  if (!created.ok() || !created->released) throw std::runtime_error("create answer not applied");
  clock.Advance(std::chrono::hours(1));  // due for a poll
  auto leased = store.LeaseDue("node-1:reconcile", 16, std::chrono::seconds(30));
  if (!leased.ok() || leased->size() != 1) throw std::runtime_error("not leased");
  const ascenda::RedemptionRecord& held = leased->front();
  auto polled = store.Apply(
      held.id, RedemptionEvent::OrderObserved(Order("o-" + r.id, r.reference_id, "fulfilled")),
      policy, held.lease_owner, &held);
  if (!polled.ok() || polled->record.facts.state != ascenda::RedemptionState::kFulfilled) {
    throw std::runtime_error("poll answer not applied");
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::string what = benchutil::TextFlag(argc, argv, "what", "ack");
  const long long count = benchutil::IntFlag(argc, argv, "count", 200);
  try {
    testsupport::TempDir dir;
    testsupport::ManualClock clock;
    ascenda::test::OutcomeDb db("sqlite", dir, clock);
    if (what == "ack") {
      ascenda::WebhookEventStore events(db.db(), clock);
      ascenda::test::CapturingLogger log;
      ascenda::WebhookReceiver receiver(events, clock, log, [] {});
      receiver.Configure(
          {{ascenda::test::kSecret}, std::chrono::seconds(300), db.keys().Current()});
      for (long long n = 0; n < count; ++n) {
        ascenda::test::EventSpec spec;
        spec.event_id = "ev-instr-" + std::to_string(n);
        spec.reference_id = "ref-" + std::to_string(n);
        const auto request = ascenda::test::SignedRequest(ascenda::test::EventBody(spec),
                                                          ascenda::test::UnixSeconds(clock));
        if (receiver.Handle(request).status != 200) throw std::runtime_error("not acknowledged");
      }
    } else if (what == "reserve") {
      db.AddMember("m-instr", 1'000'000'000);
      for (long long n = 0; n < count; ++n) (void)db.Reserve("m-instr", 500);
    } else if (what == "redemption") {
      db.AddMember("m-instr", 1'000'000'000);
      for (long long n = 0; n < count; ++n) RedemptionStoreWork(db.store(), clock, n);
    } else {
      throw std::runtime_error("--what=ack|reserve|redemption");
    }
    std::printf("what=%s count=%lld\n", what.c_str(), count);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "bench-write-instructions failed: " << e.what() << "\n";
    return 1;
  }
}
