#include "ascenda/outcome/delivery_keys.h"

#include <algorithm>

namespace ascenda {

rewards::Status DeliveryKeys::Update(const std::string& data_key_base64,
                                     const std::vector<std::string>& previous) {
  std::lock_guard<std::mutex> lock(mu_);
  if (data_key_base64 == current_ && previous == previous_ &&
      (cipher_ != nullptr || current_.empty())) {
    return rewards::Status::Ok();
  }
  if (!current_.empty() && cipher_ != nullptr && current_ != data_key_base64) {
    replaced_.erase(std::remove(replaced_.begin(), replaced_.end(), current_), replaced_.end());
    replaced_.insert(replaced_.begin(), current_);
  }
  current_ = data_key_base64;
  previous_ = previous;
  cipher_.reset();
  if (current_.empty()) return rewards::Status::Ok();
  // Opening keys: configured ones first, then those replaced in this process;
  // never the current key twice nor a key twice.
  std::vector<std::string> older;
  for (const auto* list : {&previous_, &replaced_}) {
    for (const std::string& k : *list) {
      if (k != current_ && std::find(older.begin(), older.end(), k) == older.end()) {
        older.push_back(k);
      }
    }
  }
  rewards::Result<DeliveryKeyring> ring = DeliveryKeyring::FromBase64(current_, older);
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
