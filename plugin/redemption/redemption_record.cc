#include "ascenda/redemption/redemption_record.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>
#include <Poco/UUIDGenerator.h>

namespace ascenda {

RedemptionIds NewRedemptionIds() {
  Poco::UUIDGenerator& generator = Poco::UUIDGenerator::defaultGenerator();
  return RedemptionIds{generator.createRandom().toString(), generator.createRandom().toString()};
}

std::string FormatEpochMs(std::int64_t epoch_ms) {
  return Poco::DateTimeFormatter::format(Poco::Timestamp(epoch_ms * 1000), "%Y-%m-%dT%H:%M:%S.%iZ");
}

rewards::Redemption ToRedemption(const RedemptionRecord& record) {
  rewards::Redemption r;
  r.id = record.id;
  r.reference_id = record.reference_id;
  r.member_id = record.member.id;
  r.gift_card_id = record.gift_card_id;
  r.gift_card_name = record.gift_card_name;
  r.logo_url = record.logo_url;
  r.denomination = record.denomination;
  r.currency = record.currency;
  r.points = record.points;
  r.status = MemberStatusOf(record.facts.state);
  r.state = StateName(record.facts.state);
  if (r.status == rewards::MemberStatus::kFailed) r.failure_reason = record.facts.failure_reason;
  r.created_at = FormatEpochMs(record.facts.created_at_ms);
  r.updated_at = FormatEpochMs(record.updated_at_ms);
  return r;
}

}  // namespace ascenda
