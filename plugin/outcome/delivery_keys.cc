#include "ascenda/outcome/delivery_keys.h"

#include <algorithm>

namespace ascenda {

rewards::Status DeliveryKeys::Update(const std::string& data_key_base64) {
  std::lock_guard<std::mutex> lock(mu_);
  if (data_key_base64 == current_ && (cipher_ != nullptr || current_.empty())) {
    return rewards::Status::Ok();
  }
  if (!current_.empty() && cipher_ != nullptr) {
    older_.erase(std::remove(older_.begin(), older_.end(), current_), older_.end());
    older_.insert(older_.begin(), current_);
  }
  older_.erase(std::remove(older_.begin(), older_.end(), data_key_base64), older_.end());
  current_ = data_key_base64;
  cipher_.reset();
  if (current_.empty()) return rewards::Status::Ok();
  rewards::Result<DeliveryKeyring> ring = DeliveryKeyring::FromBase64(current_, older_);
  if (!ring.ok()) return ring.status();
  cipher_ = std::make_shared<const DeliveryCipher>(std::move(ring).value(), &random_);
  return rewards::Status::Ok();
}

std::shared_ptr<const DeliveryCipher> DeliveryKeys::Current() const {
  std::lock_guard<std::mutex> lock(mu_);
  return cipher_;
}

DeliverySealing DeliveryKeys::Sealing(rewards::Logger* logger) const {
  return DeliverySealing{[this] { return Current(); }, logger};
}

}  // namespace ascenda
