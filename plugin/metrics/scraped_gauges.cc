#include "ascenda/metrics/scraped_gauges.h"

#include <Poco/Data/Session.h>

#include <map>
#include <string>
#include <vector>

namespace ascenda {

namespace {

constexpr const char* kOpenByState =
    "SELECT state, COUNT(*), MIN(created_at) FROM ascenda_redemptions "
    "WHERE state NOT IN ('fulfilled', 'refunded') GROUP BY state";

}  // namespace

void UpdateScrapedGauges(const PluginMetrics& metrics, rewards::Database& db,
                         const rewards::Clock& clock,
                         std::chrono::system_clock::time_point catalogue_refreshed) {
  const auto wall_now = clock.Now();
  const bool never = catalogue_refreshed == std::chrono::system_clock::time_point{};
  const std::chrono::duration<double> age = wall_now - catalogue_refreshed;
  metrics.CatalogueAge(never ? -1.0 : age.count());
  auto session = db.Session();
  if (!session.ok()) return;
  try {
    using Poco::Data::Keywords::into;
    using Poco::Data::Keywords::now;
    std::vector<std::string> states;
    std::vector<Poco::Int64> counts;
    std::vector<Poco::Int64> oldest;
    session.value() << kOpenByState, into(states), into(counts), into(oldest), now;
    std::map<std::string, std::int64_t> by_state;
    std::int64_t oldest_ms = 0;
    const std::int64_t now_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(wall_now.time_since_epoch()).count();
    for (std::size_t i = 0; i < states.size(); ++i) {
      by_state[states[i]] = counts[i];
      if (states[i] == "needs_attention") continue;
      if (oldest_ms == 0 || oldest[i] < oldest_ms) oldest_ms = oldest[i];
    }
    by_state["oldest_open_age"] = oldest_ms == 0 ? 0 : (now_ms - oldest_ms) / 1000;
    metrics.OpenRedemptions(by_state);
  } catch (...) {
    // The database did not answer: the gauges keep their last values.
  }
}

}  // namespace ascenda
