// SettingsStore: plugins' admin settings in table plugin_settings
// (plugin, key, value). Values are text; the plugin's schema types them.
//
// With a SecretBox, the keys Replace is told are secret are stored sealed
// (secrets/secret_box.h, context "<plugin>/<key>"), always under the current
// master key, and Load opens every sealed value it finds (kFailedPrecondition
// secret_unreadable when it cannot). Without one (loader tests only) values
// are stored as given. Thread-safe; borrows the database, clock and box,
// which must outlive it.
#pragma once

#include <map>
#include <set>
#include <string>

#include "db/host_database.h"
#include "rewards/clock.h"
#include "secrets/secret_box.h"

namespace loyalty {

class SettingsStore {
 public:
  SettingsStore(HostDatabase& db, const rewards::Clock& clock, const SecretBox* box = nullptr)
      : db_(db), clock_(clock), box_(box) {}

  // `needs_sealing` (optional) gets the keys stored in clear text and those
  // sealed under an older master key, so the caller can store them again.
  rewards::Result<std::map<std::string, std::string>> Load(
      const std::string& plugin, std::set<std::string>* needs_sealing = nullptr) noexcept;
  // Makes `values` the plugin's whole stored set, in one transaction; those
  // of `secret_keys` sealed.
  rewards::Status Replace(const std::string& plugin,
                          const std::map<std::string, std::string>& values,
                          const std::set<std::string>& secret_keys = {}) noexcept;
  // The key ids of every sealed value stored (for any plugin).
  rewards::Result<std::set<std::string>> SealedKeyIds() noexcept;

 private:
  HostDatabase& db_;
  const rewards::Clock& clock_;
  const SecretBox* box_;
};

}  // namespace loyalty
