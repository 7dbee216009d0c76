#include "ascenda/redemption/submitter.h"

#include <algorithm>
#include <random>
#include <utility>

#include "ascenda/redemption/submit_answers.h"
#include "ascenda/wire/order_json.h"

namespace ascenda {

namespace {

using std::chrono::milliseconds;

double ThreadJitter() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

// "2027-01-15T08:00:00Z": the contract's transacted_at, whole seconds.
std::string Rfc3339Seconds(std::int64_t epoch_ms) {
  std::string text = FormatEpochMs(epoch_ms);  // "...:00.000Z"
  const std::size_t dot = text.rfind('.');
  if (dot != std::string::npos) text = text.substr(0, dot) + "Z";
  return text;
}

const char* StepName(FirstStep s) {
  switch (s) {
    case FirstStep::kCreate:
      return "create";
    case FirstStep::kLookup:
      return "lookup";
    case FirstStep::kPoll:
      return "poll";
  }
  return "step";
}

}  // namespace

SubmitConfig SubmitConfigFromSettings(const AscendaSettings& s) {
  SubmitConfig c;
  c.policy = PolicyFromSettings(s);
  if (s.submit_backoff_ms >= 1) c.backoff_base = milliseconds(s.submit_backoff_ms);
  c.backoff_cap = std::max(c.backoff_cap, c.backoff_base);
  if (s.submit_wait_ms >= 0) c.wait = milliseconds(s.submit_wait_ms);
  c.call_bound = AscendaClient::CallBudget(s);  // a hard deadline, not an estimate
  return c;
}

milliseconds SubmitLease(const SubmitConfig& c) { return c.wait + 2 * c.call_bound; }

Submitter::Submitter(RedemptionStore& store, const rewards::Clock& clock, rewards::Logger& logger,
                     Sleeper& sleeper, Jitter jitter)
    : store_(store),
      clock_(clock),
      logger_(logger),
      sleeper_(sleeper),
      jitter_(jitter ? std::move(jitter) : Jitter(ThreadJitter)) {}

void Submitter::SetClient(std::shared_ptr<AscendaClient> client) {
  std::lock_guard<std::mutex> lock(mu_);
  client_ = std::move(client);
}

void Submitter::SetConfig(const SubmitConfig& config) {
  std::lock_guard<std::mutex> lock(mu_);
  config_ = config;
}

SubmitConfig Submitter::config() const {
  std::lock_guard<std::mutex> lock(mu_);
  return config_;
}

std::shared_ptr<AscendaClient> Submitter::client() const {
  std::lock_guard<std::mutex> lock(mu_);
  return client_;
}

void Submitter::Stop() {
  std::shared_ptr<AscendaClient> client;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    client = client_;
  }
  sleeper_.Interrupt();
  // Calls under way end now: whatever they did is indeterminate, recorded
  // as such, and the row is left to its lease and the reconciler.
  if (client != nullptr) client->AbortInFlight();
}

void Submitter::Resume() {
  sleeper_.Resume();
  std::lock_guard<std::mutex> lock(mu_);
  stopping_ = false;
}

bool Submitter::stopping() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stopping_;
}

std::int64_t Submitter::NowMs() const {
  return std::chrono::duration_cast<milliseconds>(clock_.Now().time_since_epoch()).count();
}

FirstStep Submitter::FirstStepFor(const RedemptionRecord& r) {
  return r.facts.order_id.empty() ? FirstStep::kLookup : FirstStep::kPoll;
}

std::string Submitter::BuildCreateBody(const RedemptionRecord& r) {
  wire::CreateOrderRequest req;
  req.reference_id = r.reference_id;
  req.transacted_at = Rfc3339Seconds(r.facts.created_at_ms);
  req.user.number = r.member.id;
  req.user.email = r.member.email;
  req.user.first_name = r.member.first_name;
  req.user.last_name = r.member.last_name;
  req.user.phone_number = r.member.phone_number;
  req.gift_card_id = r.gift_card_id;
  req.denomination = r.denomination;
  req.currency = r.currency;
  return wire::BuildCreateOrderBody(req);
}

milliseconds Submitter::Backoff(const SubmitConfig& c, int n) const {
  std::int64_t delay = std::max<std::int64_t>(c.backoff_base.count(), 1);
  const std::int64_t cap = std::max<std::int64_t>(c.backoff_cap.count(), delay);
  for (int i = 1; i < n && delay < cap; ++i) delay = std::min(delay * 2, cap);
  const double j = std::clamp(jitter_(), 0.0, 1.0);
  return milliseconds(static_cast<std::int64_t>(static_cast<double>(delay) * (0.5 + j / 2)));
}

rewards::Result<AscendaClient::ApiResponse> Submitter::Call(AscendaClient& client, FirstStep step,
                                                            const RedemptionRecord& r) {
  switch (step) {
    case FirstStep::kCreate:
      return client.CreateGiftCardOrder(BuildCreateBody(r));
    case FirstStep::kLookup:
      return client.ListOrdersByReference(r.reference_id);
    case FirstStep::kPoll:
      return client.GetOrder(r.facts.order_id);
  }
  return rewards::Internal("unknown step");
}

bool Submitter::ApplyEvent(const RedemptionEvent& event, const SubmitConfig& config, bool last,
                           DriveOutcome* out, NextStep* next) {
  // The last write of a drive that settles gives the lease up with it.
  rewards::Result<ApplyOutcome> applied = store_.Apply(
      out->record.id, event, config.policy, last ? out->record.lease_owner : "", &out->record);
  if (!applied.ok()) {
    out->handed_off = "store: " + applied.status().ToString();
    logger_.Warning("ascenda: redemption " + out->record.id + ": " + EventKindName(event.kind) +
                    " not stored: " + applied.status().ToString());
    return false;
  }
  const Decision& d = applied->decision;
  if (d.changed) {
    logger_.Info("ascenda: redemption " + out->record.id + " " +
                 StateName(out->record.facts.state) + " -> " + StateName(d.after.state) + " (" +
                 EventKindName(event.kind) + "): " + d.note);
  }
  out->record = applied->record;
  out->released = applied->released;
  *next = d.next_step;
  return true;
}

std::chrono::steady_clock::time_point Submitter::LeaseEnd(milliseconds lease) const {
  return clock_.Monotonic() + lease;
}

DriveOutcome Submitter::Drive(const RedemptionRecord& record, FirstStep first,
                              std::chrono::steady_clock::time_point lease_end) {
  DriveOutcome out;
  out.record = record;
  const SubmitConfig cfg = config();
  std::shared_ptr<AscendaClient> client = this->client();
  if (client == nullptr) {
    out.handed_off = "no connection to Ascenda (settings)";
    return out;
  }
  FirstStep step = first;
  int free_retries = 0;
  for (;;) {
    if (stopping()) {
      out.stopped = true;
      return out;
    }
    if (clock_.Monotonic() + cfg.call_bound + cfg.lease_margin > lease_end) {
      out.handed_off = "the lease leaves no time for another call";
      return out;
    }
    Answer answer;
    switch (step) {
      case FirstStep::kCreate:
        answer = ClassifyCreate(Call(*client, step, out.record), out.record.reference_id);
        break;
      case FirstStep::kLookup:
        answer = ClassifyLookup(Call(*client, step, out.record), out.record.reference_id);
        break;
      case FirstStep::kPoll:
        answer = ClassifyPoll(Call(*client, step, out.record), out.record.reference_id,
                              out.record.facts.order_id);
        break;
    }
    if (answer.action == AnswerAction::kWaitAndRetry ||
        answer.action == AnswerAction::kRetryNotSent) {
      const bool rate_limited = answer.action == AnswerAction::kWaitAndRetry;
      if (++free_retries > cfg.max_free_retries ||
          (rate_limited && answer.wait > cfg.max_retry_after)) {
        out.handed_off = answer.why;
        return out;
      }
      const milliseconds wait = rate_limited ? answer.wait : Backoff(cfg, free_retries);
      if (!sleeper_.SleepFor(wait)) {
        out.stopped = true;
        return out;
      }
      continue;  // not an attempt: Ascenda did nothing
    }
    if (answer.action == AnswerAction::kHandOff) {
      logger_.Warning("ascenda: redemption " + out.record.id + ": " + StepName(step) +
                      " left to the reconciler: " + answer.why);
      out.handed_off = answer.why;
      return out;
    }
    NextStep next = NextStep::kNone;
    if (!ApplyEvent(answer.event, cfg, answer.more_orders.empty(), &out, &next)) return out;
    for (const ObservedOrder& extra : answer.more_orders) {
      NextStep ignored = NextStep::kNone;
      if (!ApplyEvent(RedemptionEvent::OrderObserved(extra), cfg, false, &out, &ignored)) {
        return out;
      }
    }
    switch (next) {
      case NextStep::kNone:
        out.settled = true;
        return out;
      case NextStep::kLookup:
        step = FirstStep::kLookup;
        break;
      case NextStep::kResubmit:
        // A parked row's re-create is already parked_retry after the last one.
        if (out.record.facts.state != RedemptionState::kProcessing &&
            !sleeper_.SleepFor(Backoff(cfg, out.record.facts.submit_attempts))) {
          out.stopped = true;
          return out;
        }
        step = FirstStep::kCreate;
        break;
    }
  }
}

void Submitter::Finish(const DriveOutcome& outcome, const std::string& owner) {
  if (outcome.released) return;  // given up with the drive's last write
  const RedemptionRecord& r = outcome.record;
  std::optional<std::int64_t> next;
  if (!outcome.handed_off.empty() && !IsTerminal(r.facts.state)) {
    const SubmitConfig cfg = config();
    const std::int64_t now = NowMs();
    const std::int64_t deadline = GiveUpAtMs(cfg.policy, r.facts.created_at_ms);
    if (now >= deadline) {
      auto gave_up = store_.Apply(r.id, RedemptionEvent::DeadlineCheck(), cfg.policy);
      if (gave_up.ok() && gave_up->decision.changed) {
        logger_.Warning("ascenda: redemption " + r.id +
                        " needs attention: " + gave_up->record.facts.failure_reason);
      }
    } else {
      const milliseconds base = r.facts.state == RedemptionState::kSubmitted
                                    ? cfg.policy.poll_after
                                    : cfg.policy.retry_base;
      next =
          std::min(now + CheckDelay(cfg.policy, base, r.facts.reconcile_checks).count(), deadline);
    }
  }
  rewards::Status released = store_.Release(r.id, owner, next);
  if (!released.ok() && released.error() != "lease_lost") {
    logger_.Warning("ascenda: redemption " + r.id + ": lease not released: " + released.ToString());
  }
}

}  // namespace ascenda
