#include "ascenda/redemption/request_fingerprint.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

namespace ascenda {

namespace {

void Field(Poco::SHA2Engine& engine, const std::string& value) {
  const std::string prefix = std::to_string(value.size()) + ":";
  engine.update(prefix);
  engine.update(value);
}

}  // namespace

std::string RequestFingerprint(const rewards::RedeemRequest& request) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  const rewards::MemberProfile& m = request.member;
  for (const std::string* f : {&m.id, &m.email, &m.first_name, &m.last_name, &m.phone_number,
                               &request.gift_card_id, &request.denomination, &request.currency}) {
    Field(engine, *f);
  }
  Field(engine, std::to_string(request.expected_points));
  return "v1:" + Poco::DigestEngine::digestToHex(engine.digest());
}

}  // namespace ascenda
