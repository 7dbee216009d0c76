// HostServices: everything the host lends a plugin, from create() to destroy().
//
// The host owns every object reached from here; each stays valid until the
// plugin's destroy() returns. All of them are thread-safe. The plugin keeps
// the references it needs and reaches nothing of the host any other way.
#pragma once

#include "rewards/clock.h"
#include "rewards/database.h"
#include "rewards/http_router.h"
#include "rewards/logger.h"
#include "rewards/points_ledger.h"
#include "rewards/scheduler.h"
#include "rewards/settings.h"

namespace rewards {

class HostServices {
 public:
  virtual ~HostServices() = default;
  virtual Logger& logger() noexcept = 0;
  virtual Settings& settings() noexcept = 0;
  virtual Database& database() noexcept = 0;
  virtual PointsLedger& ledger() noexcept = 0;
  virtual HttpRouter& router() noexcept = 0;
  virtual Clock& clock() noexcept = 0;
  virtual Scheduler& scheduler() noexcept = 0;
};

}  // namespace rewards
