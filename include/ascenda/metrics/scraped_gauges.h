// The plugin's gauges read at scrape time (MetricsRegistry::OnScrape): the
// open redemptions by internal state, those in needs_attention, the oldest
// open one's age — one grouped COUNT over ascenda_redemptions' state index —
// and the age of the catalogue being served (from the last good refresh;
// -1 before the first). Errors leave the gauges as they were.
// Thread-safe; borrows nothing past the call.
#pragma once

#include <chrono>

#include "ascenda/metrics/plugin_metrics.h"
#include "rewards/clock.h"
#include "rewards/database.h"

namespace ascenda {

void UpdateScrapedGauges(const PluginMetrics& metrics, rewards::Database& db,
                         const rewards::Clock& clock,
                         std::chrono::system_clock::time_point catalogue_refreshed);

}  // namespace ascenda
