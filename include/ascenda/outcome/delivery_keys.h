// DeliveryKeys: the delivery cipher (crypto/delivery_cipher.h) made from the
// setting ascenda.data_key, remade when the setting changes.
//
// Older keys only open: those configured in ascenda.data_key.previous (so
// values sealed before a rotation still open after a restart) and any key
// replaced while this process runs; each sealed value names its key id. Current() is null while no
// valid key is set: then nothing can be sealed (delivery data is not stored, webhooks answer 503)
// and nothing opened.
//
// Never logs nor returns key text. Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "ascenda/crypto/delivery_cipher.h"
#include "ascenda/crypto/random_source.h"
#include "ascenda/redemption/redemption_store.h"
#include "rewards/logger.h"
#include "rewards/status.h"

namespace ascenda {

class DeliveryKeys {
 public:
  DeliveryKeys() = default;
  DeliveryKeys(const DeliveryKeys&) = delete;
  DeliveryKeys& operator=(const DeliveryKeys&) = delete;

  // Makes `data_key_base64` the sealing key, with `previous` (base64, newest
  // first) kept for opening. Empty: no cipher. Invalid: no cipher and
  // kFailedPrecondition "bad_data_key".
  rewards::Status Update(const std::string& data_key_base64,
                         const std::vector<std::string>& previous = {});
  std::shared_ptr<const DeliveryCipher> Current() const;

  // A DeliverySealing for RedemptionStore that reads Current(). This object
  // and `logger` must outlive the store.
  DeliverySealing Sealing(rewards::Logger* logger) const;

 private:
  mutable std::mutex mu_;
  OpenSslRandom random_;
  std::string current_;                           // guarded by mu_
  std::vector<std::string> replaced_;             // guarded by mu_; newest first
  std::vector<std::string> previous_;             // guarded by mu_; as configured
  std::shared_ptr<const DeliveryCipher> cipher_;  // guarded by mu_
};

}  // namespace ascenda
