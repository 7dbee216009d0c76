// bench-write-instructions: the plugin's write paths one at a time, in one
// process, for `valgrind --tool=callgrind` to count instructions per call
// (scripts/bench --only=writecost; docs/PERFORMANCE.md):
//   ack      one webhook acknowledgement: WebhookReceiver::Handle on a
//            validly signed event (signature check, sealing, one durable
//            insert into the host's SQLite database);
//   reserve  one redemption's reserve: RedemptionStore::Reserve (idempotency
//            check, debit, ledger row, redemption row in one transaction).
//
//   valgrind --tool=callgrind --collect-atstart=no
//     --toggle-collect='ascenda::WebhookReceiver::Handle*'
//     bench-write-instructions --what=ack --count=200   (one command line)
//   (--what=reserve: --toggle-collect='ascenda::RedemptionStore::Reserve*')
//
// Prints what=… count=N: the total of callgrind's Ir divided by N is one call's
// instructions (the database's fsync is a system call: not counted).
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "ascenda/webhook/webhook_event_store.h"
#include "ascenda/webhook/webhook_receiver.h"
#include "ascenda_test_env.h"
#include "bench_common.h"
#include "outcome_test_env.h"
#include "support/manual_clock.h"
#include "support/temp_dir.h"

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
    } else {
      throw std::runtime_error("--what=ack|reserve");
    }
    std::printf("what=%s count=%lld\n", what.c_str(), count);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "bench-write-instructions failed: " << e.what() << "\n";
    return 1;
  }
}
