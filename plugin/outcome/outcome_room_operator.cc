// OutcomeRoom's operator calls: resolve a needs_attention redemption, its
// detail with the state history, and the search (outcome_room.h).
#include <utility>

#include "ascenda/catalogue/name_fold.h"
#include "ascenda/outcome/outcome_room.h"
#include "ascenda/redemption/redemption_record.h"

namespace ascenda {

rewards::Result<rewards::Redemption> OutcomeRoom::Resolve(const rewards::ResolveRequest& request) {
  if (request.note.empty() || request.note.size() > kMaxNoteLength || !IsValidUtf8(request.note)) {
    return rewards::InvalidArgument(
        "invalid_note",
        "a note of 1.." + std::to_string(kMaxNoteLength) + " characters of text is required");
  }
  const Config config = Current();
  const bool refund = request.outcome == rewards::ResolveOutcome::kRefunded;
  const std::string note = std::string("resolved as ") +
                           rewards::ResolveOutcomeName(request.outcome) + " by " +
                           request.operator_name + ": " + request.note;
  auto applied = store_.Apply(request.redemption_id, RedemptionEvent::OperatorResolve(refund, note),
                              config.policy);
  if (!applied.ok()) return applied.status();
  const RedemptionRecord& after = applied.value().record;
  if (!applied.value().decision.changed) {
    return rewards::Status(rewards::StatusCode::kConflict, "not_needs_attention",
                           std::string("only a needs_attention redemption can be resolved; this "
                                       "one is ") +
                               StateName(after.facts.state),
                           {{"state", StateName(after.facts.state)}});
  }
  services_.logger().Info("ascenda: redemption " + request.redemption_id + " " + note +
                          (applied.value().decision.refund ? " (points returned)" : ""));
  return ToRedemption(after);
}

rewards::Result<rewards::RedemptionDetail> OutcomeRoom::RedemptionDetail(
    const std::string& redemption_id) {
  rewards::Result<RedemptionRecord> record = store_.Get(redemption_id);
  if (!record.ok()) return record.status();
  rewards::Result<std::vector<StateChange>> history = store_.History(redemption_id);
  if (!history.ok()) return history.status();
  const RedemptionRecord& r = record.value();
  rewards::RedemptionDetail d;
  d.redemption = ToRedemption(r);
  d.order_id = r.facts.order_id;
  d.item_status = r.facts.item_status ? ItemStatusName(*r.facts.item_status) : "";
  d.submit_attempts = r.facts.submit_attempts;
  d.reconcile_checks = r.facts.reconcile_checks;
  d.failure_code = r.facts.failure_code;
  d.failure_reason = r.facts.failure_reason;
  d.refunded = r.facts.refunded;
  d.history.reserve(history.value().size());
  for (const StateChange& c : history.value()) {
    d.history.push_back({FormatEpochMs(c.at_ms), c.from_state, c.to_state, c.event, c.note});
  }
  return d;
}

rewards::Result<rewards::RedemptionPage> OutcomeRoom::SearchRedemptions(
    const rewards::OperatorRedemptionQuery& query) {
  rewards::Result<RecordPage> records =
      store_.Search(query.state, query.member_id, query.reference_id, query.page, query.page_size);
  if (!records.ok()) return records.status();
  rewards::RedemptionPage page;
  page.page = records.value().page;
  page.page_size = records.value().page_size;
  page.total_count = records.value().total_count;
  page.total_pages = records.value().total_pages;
  for (const RedemptionRecord& r : records.value().records) {
    page.redemptions.push_back(ToRedemption(r));
  }
  return page;
}

}  // namespace ascenda
