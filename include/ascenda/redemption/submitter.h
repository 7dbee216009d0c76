// Submitter: drives one redemption through Ascenda — create, and recovery
// when a create ends without a definite answer (Ascenda's timeout advice,
// docs/ascenda-api.md §10) — by calling the client and applying each
// answer through the store, which runs the state machine (Decide) in the
// row's transaction.
//
//   Drive(record, first step, lease_until)
//     kCreate: POST the order built from the stored record (reference_id,
//       transacted_at = created_at, the member as user, card, denomination,
//       currency); kLookup: GET /orders?reference_id=; kPoll: GET /orders/{id}.
//     Each answer is classified (submit_answers.h) and applied; then the
//     decision's next_step is followed: kLookup at once, kResubmit after
//     back-off (backoff_ms * 2^(attempts-1), jittered to 50-100 %), with the
//     same reference_id — until the decision asks for no immediate step.
//     Attempts: only creates that ended without a definite answer count
//     (the state machine counts them). A 429 waits Retry-After (at most
//     max_retry_after) and a create that provably never left the process
//     (kUnavailable: connection refused, TLS failure) is repeated after
//     back-off — neither counts, both are limited to max_free_retries per
//     drive. Anything else without an event (a failed lookup, 401/403, a
//     database failure, a Retry-After too long) hands the row off to the
//     reconciler: never a refund on a guess.
//     Before every call the drive checks that the call's hard deadline
//     (call_bound) plus lease_margin still fits in the caller's lease;
//     otherwise it hands off, so one node works one redemption at a time.
//     Stop() ends a drive before its next call or during any wait, and cuts
//     a call under way short (its outcome is indeterminate and stored so),
//     so a stopping host never waits on Ascenda.
//   Finish(outcome, owner)
//     gives `owner`'s lease up (a drive that settled gave the record's
//     lease_owner's lease up with its last write already: outcome.released,
//     one commit fewer). After a hand-off the next check is set with
//     back-off (retry_base or poll_after * 2^checks, never past the give-up
//     deadline), and a row past its deadline gets a DeadlineCheck
//     (needs_attention).
//
// Thread-safe: many drives run at once (on different redemptions; two on one
// redemption are safe too, the store serialises them). Borrows store, clock,
// logger and sleeper; they must outlive it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "ascenda/client/ascenda_client.h"
#include "ascenda/redemption/redemption_store.h"
#include "ascenda/redemption/sleeper.h"
#include "ascenda/settings/ascenda_settings.h"
#include "rewards/clock.h"
#include "rewards/logger.h"

namespace ascenda {

struct SubmitConfig {
  RedemptionPolicy policy;
  std::chrono::milliseconds backoff_base{500};
  std::chrono::milliseconds backoff_cap{30'000};
  std::chrono::milliseconds wait{15'000};  // a member's request waits at most this
  // The hard deadline of one Ascenda call (AscendaClient::CallBudget): no
  // call outlives it, whatever the peer does.
  std::chrono::milliseconds call_bound{29'000};
  // A call starts only if it ends this long before the lease does (clock
  // steps, the time to write the answer).
  std::chrono::milliseconds lease_margin{2'000};
  std::chrono::milliseconds max_retry_after{30'000};
  int max_free_retries = 5;  // 429s and never-sent creates per drive
};

SubmitConfig SubmitConfigFromSettings(const AscendaSettings& settings);
// How long the node that reserved a redemption holds it while submitting:
// the member's wait plus two calls.
std::chrono::milliseconds SubmitLease(const SubmitConfig& config);

enum class FirstStep { kCreate, kLookup, kPoll };

struct DriveOutcome {
  RedemptionRecord record;  // as last stored
  bool settled = false;     // the state machine asked for no immediate step
  bool stopped = false;     // Stop() cut it short
  std::string handed_off;   // non-empty: why the reconciler must go on
  bool released = false;    // the last write gave the record's lease up too
};

class Submitter {
 public:
  // Uniform in [0, 1); empty: a per-thread PRNG.
  using Jitter = std::function<double()>;

  Submitter(RedemptionStore& store, const rewards::Clock& clock, rewards::Logger& logger,
            Sleeper& sleeper, Jitter jitter = {});
  Submitter(const Submitter&) = delete;
  Submitter& operator=(const Submitter&) = delete;

  // nullptr while the settings give no working client (drives hand off).
  void SetClient(std::shared_ptr<AscendaClient> client);
  void SetConfig(const SubmitConfig& config);
  SubmitConfig config() const;

  void Stop();
  void Resume();
  bool stopping() const;

  // `lease_end`: when the caller's lease ends, on the injected clock's
  // Monotonic() (LeaseEnd, taken before the lease was claimed).
  DriveOutcome Drive(const RedemptionRecord& record, FirstStep first,
                     std::chrono::steady_clock::time_point lease_end);
  // Now + `lease` on the injected monotonic clock: call it before claiming a
  // lease of that length, so the holder's idea of its end is never late.
  std::chrono::steady_clock::time_point LeaseEnd(std::chrono::milliseconds lease) const;
  void Finish(const DriveOutcome& outcome, const std::string& owner);

  // What the reconciler does first for a non-terminal row: poll the known
  // order, else look it up by reference_id (a crash leftover may or may not
  // have reached Ascenda).
  static FirstStep FirstStepFor(const RedemptionRecord& record);
  static std::string BuildCreateBody(const RedemptionRecord& record);
  // backoff_base * 2^(n-1) capped at backoff_cap, scaled by 0.5 + jitter/2.
  std::chrono::milliseconds Backoff(const SubmitConfig& config, int n) const;

 private:
  std::shared_ptr<AscendaClient> client() const;
  std::int64_t NowMs() const;
  rewards::Result<AscendaClient::ApiResponse> Call(AscendaClient& client, FirstStep step,
                                                   const RedemptionRecord& record);
  // Applies `event`; false (and out->handed_off) when the store failed.
  // `last`: no other event of this answer follows, so a write that settles
  // the row also gives its lease up (out->released).
  bool ApplyEvent(const RedemptionEvent& event, const SubmitConfig& config, bool last,
                  DriveOutcome* out, NextStep* next);

  RedemptionStore& store_;
  const rewards::Clock& clock_;
  rewards::Logger& logger_;
  Sleeper& sleeper_;
  const Jitter jitter_;
  mutable std::mutex mu_;
  std::shared_ptr<AscendaClient> client_;  // guarded by mu_
  SubmitConfig config_;                    // guarded by mu_
  bool stopping_ = false;                  // guarded by mu_
};

}  // namespace ascenda
