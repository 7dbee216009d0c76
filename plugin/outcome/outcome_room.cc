#include "ascenda/outcome/outcome_room.h"

#include <utility>

#include "ascenda/redemption/observed_order.h"
#include "ascenda/wire/order_json.h"

namespace ascenda {

namespace {

rewards::RedemptionPage ToPage(const RecordPage& records) {
  rewards::RedemptionPage page;
  page.page = records.page;
  page.page_size = records.page_size;
  page.total_count = records.total_count;
  page.total_pages = records.total_pages;
  page.redemptions.reserve(records.records.size());
  for (const RedemptionRecord& r : records.records) page.redemptions.push_back(ToRedemption(r));
  return page;
}

rewards::Status NotConfigured() {
  return rewards::Status(rewards::StatusCode::kUnavailable, "not_configured",
                         "the Ascenda plugin is not configured", {{"reason", "not_configured"}});
}

}  // namespace

OutcomeRoom::OutcomeRoom(rewards::HostServices& services, RedemptionStore& store,
                         DeliveryKeys& keys)
    : services_(services),
      store_(store),
      keys_(keys),
      events_(services.database(), services.clock()),
      resends_(services.database(), services.clock()),
      applier_(events_, store, services.scheduler(), services.clock(), services.logger()),
      receiver_(events_, services.clock(), services.logger(), [this] { applier_.Kick(); }) {}

OutcomeRoom::~OutcomeRoom() { Stop(); }

void OutcomeRoom::Configure(const AscendaSettings& settings) {
  rewards::Status keys = keys_.Update(settings.data_key, settings.previous_data_keys);
  if (!keys.ok()) {
    services_.logger().Warning("ascenda: the data key cannot be used (" + keys.error() +
                               "): delivery data is not stored and webhooks are refused");
  }
  std::shared_ptr<const DeliveryCipher> cipher = keys_.Current();
  const RedemptionPolicy policy = PolicyFromSettings(settings);
  receiver_.Configure(
      {settings.webhook_secrets, std::chrono::seconds(settings.webhook_tolerance_s), cipher});
  applier_.Configure(cipher, policy);
  std::lock_guard<std::mutex> lock(mu_);
  config_.policy = policy;
  config_.resend_cooldown = std::chrono::seconds(settings.resend_cooldown_s);
}

void OutcomeRoom::SetClient(std::shared_ptr<AscendaClient> client) {
  std::lock_guard<std::mutex> lock(mu_);
  config_.client = std::move(client);
}

OutcomeRoom::Config OutcomeRoom::Current() const {
  std::lock_guard<std::mutex> lock(mu_);
  return config_;
}

rewards::Status OutcomeRoom::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!route_added_) {
    rewards::Status added = services_.router().AddRoute(
        "POST", WebhookReceiver::kPath,
        [this](const rewards::HttpRequest& request) { return receiver_.Handle(request); });
    if (!added.ok()) return added;
    route_added_ = true;
  }
  if (!sweep_) {
    auto task = services_.scheduler().SchedulePeriodic(
        std::chrono::duration_cast<std::chrono::milliseconds>(kSweepInterval),
        "ascenda-webhook-sweep", [this] { (void)applier_.RunOnce(); });
    if (!task.ok()) return task.status();
    sweep_ = task.value();
  }
  applier_.Kick();  // events left unprocessed by the last run
  return rewards::Status::Ok();
}

void OutcomeRoom::Stop() {
  applier_.Stop();
  std::lock_guard<std::mutex> lock(mu_);
  if (sweep_) services_.scheduler().Cancel(*sweep_);
  sweep_.reset();
}

rewards::Result<rewards::RedemptionPage> OutcomeRoom::ListRedemptions(
    const rewards::RedemptionQuery& query) {
  rewards::Result<RecordPage> records =
      query.member_id.empty()
          ? store_.ListByState(query.status, query.page, query.page_size)
          : store_.ListForMember(query.member_id, query.status, query.page, query.page_size);
  if (!records.ok()) return records.status();
  return ToPage(records.value());
}

rewards::Status OutcomeRoom::ResendConfirmation(const std::string& redemption_id,
                                                const std::string& member_id) {
  const Config config = Current();
  if (member_id.empty()) {
    return rewards::NotFound("unknown_redemption", "no such redemption");
  }
  if (config.client == nullptr) return NotConfigured();
  rewards::Result<ResendTicket> ticket =
      resends_.Begin(redemption_id, member_id, config.resend_cooldown);
  if (!ticket.ok()) return ticket.status();
  auto sent = config.client->ResendEmail(ticket.value().order_id);
  ResendOutcome outcome = ResendOutcome::kSent;
  rewards::Status answer;
  if (!sent.ok()) {
    const rewards::Status& s = sent.status();
    switch (s.retry_class()) {
      case rewards::RetryClass::kRetryable: {
        outcome = ResendOutcome::kFailed;
        rewards::Status::Details details;
        if (auto it = s.details().find("retry_after_s"); it != s.details().end()) {
          details["retry_after_s"] = it->second;
        }
        answer = rewards::Status(s.code(), "ascenda_unavailable",
                                 "Ascenda cannot resend the email now; try again later",
                                 std::move(details));
        break;
      }
      case rewards::RetryClass::kTerminal:
        outcome = ResendOutcome::kFailed;
        answer = rewards::Status(rewards::StatusCode::kFailedPrecondition, "resend_refused",
                                 "Ascenda refused to resend the email");
        break;
      default:
        outcome = ResendOutcome::kUnknown;
        answer = rewards::Status(rewards::StatusCode::kDeadlineExceeded, "resend_unconfirmed",
                                 "Ascenda did not confirm the resend; the email may still arrive");
        break;
    }
  }
  const std::string error = sent.ok() ? "" : sent.status().error();
  rewards::Status recorded = resends_.Finish(ticket.value().resend_id, outcome, error);
  if (!recorded.ok()) {
    services_.logger().Warning("ascenda: resend " + ticket.value().resend_id +
                               " could not be recorded: " + recorded.ToString());
  }
  services_.logger().Info("ascenda: confirmation email of redemption " + redemption_id + ": " +
                          ResendOutcomeName(outcome) + (error.empty() ? "" : " (" + error + ")"));
  return answer;
}

rewards::Result<std::optional<wire::Order>> OutcomeRoom::FetchOrder(
    AscendaClient& client, const RedemptionRecord& record) {
  if (!record.facts.order_id.empty()) {
    auto got = client.GetOrder(record.facts.order_id);
    if (!got.ok()) return got.status();
    auto order = wire::ParseOrderEnvelope(got.value().body);
    if (!order.ok()) return order.status();
    if (order.value().reference_id != record.reference_id) {
      return rewards::Status(rewards::StatusCode::kUnknown, "order_mismatch",
                             "Ascenda answered an order of another reference_id");
    }
    return std::optional<wire::Order>(std::move(order).value());
  }
  auto listed = client.ListOrdersByReference(record.reference_id);
  if (!listed.ok()) return listed.status();
  auto page = wire::ParseOrderList(listed.value().body);
  if (!page.ok()) return page.status();
  for (wire::Order& order : page.value().orders) {
    if (order.reference_id == record.reference_id) {
      return std::optional<wire::Order>(std::move(order));
    }
  }
  return std::optional<wire::Order>();
}

rewards::Result<rewards::Redemption> OutcomeRoom::Resync(const std::string& redemption_id) {
  const Config config = Current();
  rewards::Result<RedemptionRecord> record = store_.Get(redemption_id);
  if (!record.ok()) return record.status();
  if (config.client == nullptr) return NotConfigured();
  auto order = FetchOrder(*config.client, record.value());
  if (!order.ok()) return order.status();
  if (!order.value()) {
    services_.logger().Info("ascenda: resync of redemption " + redemption_id +
                            ": Ascenda has no order for it");
    return ToRedemption(record.value());
  }
  auto applied = store_.Apply(
      redemption_id, RedemptionEvent::OrderObserved(FromWireOrder(*order.value())), config.policy);
  if (!applied.ok()) return applied.status();
  const RedemptionRecord& after = applied.value().record;
  services_.logger().Info("ascenda: resync of redemption " + redemption_id + ": " +
                          StateName(record.value().facts.state) + " -> " +
                          StateName(after.facts.state));
  return ToRedemption(after);
}

std::optional<rewards::DeliveryData> OutcomeRoom::DeliveryFor(const RedemptionRecord& record,
                                                              const std::string& member_id) {
  if (member_id.empty() || member_id != record.member.id) return std::nullopt;
  auto opened = store_.OpenDelivery(record);
  if (!opened.ok()) {
    services_.logger().Warning("ascenda: delivery data of redemption " + record.id +
                               " cannot be shown: " + opened.status().error());
    return std::nullopt;
  }
  return opened.value();
}

}  // namespace ascenda
