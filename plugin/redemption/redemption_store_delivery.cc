// RedemptionStore's delivery data at rest: sealed in Apply's transaction,
// opened only for the redemption's own member (the caller checks who asks).
// The plaintext (code, pin, url, expiry) is never logged nor stored in clear.
#include "ascenda/crypto/delivery_payload.h"
#include "ascenda/redemption/redemption_store.h"

namespace ascenda {

namespace {

rewards::Status Unreadable(const std::string& why) {
  return rewards::Status(rewards::StatusCode::kFailedPrecondition, "delivery_unreadable", why);
}

}  // namespace

void RedemptionStore::SealDelivery(const Decision& decision, RedemptionRecord* after) const {
  if (!decision.delivery) return;
  std::shared_ptr<const DeliveryCipher> cipher = sealing_.cipher ? sealing_.cipher() : nullptr;
  if (cipher != nullptr) {
    rewards::Result<SealedValue> sealed =
        cipher->Seal(SerializeDelivery(*decision.delivery), after->id);
    if (sealed.ok()) {
      after->delivery_ciphertext = sealed.value().blob;
      after->delivery_key_id = sealed.value().key_id;
      return;
    }
    if (sealing_.logger != nullptr) {
      sealing_.logger->Warning(
          "ascenda: delivery data of redemption " + after->id +
          " could not be sealed and is not stored: " + sealed.status().ToString());
    }
    return;
  }
  if (sealing_.logger != nullptr) {
    sealing_.logger->Warning(
        "ascenda: no data key (ascenda.data_key): delivery data of redemption " + after->id +
        " is not stored; the member gets it by email");
  }
}

rewards::Result<std::optional<rewards::DeliveryData>> RedemptionStore::OpenDelivery(
    const RedemptionRecord& record) const noexcept {
  try {
    if (!record.delivery_ciphertext || !record.delivery_key_id) {
      return std::optional<rewards::DeliveryData>();
    }
    std::shared_ptr<const DeliveryCipher> cipher = sealing_.cipher ? sealing_.cipher() : nullptr;
    if (cipher == nullptr) return Unreadable("no data key is configured");
    rewards::Result<std::string> plain =
        cipher->Open(*record.delivery_key_id, *record.delivery_ciphertext, record.id);
    if (!plain.ok()) return plain.status();
    rewards::Result<rewards::DeliveryData> parsed = ParseDelivery(plain.value());
    if (!parsed.ok()) return parsed.status();
    return std::optional<rewards::DeliveryData>(std::move(parsed).value());
  } catch (...) {
    return Unreadable("delivery data could not be opened");
  }
}

}  // namespace ascenda
