// GET /metrics: HostMetrics::Scrape() as text/plain; version=0.0.4. When
// `token` is not empty the request needs `Authorization: Bearer <token>`
// (compared in constant time), else 401 `unauthenticated`.
// The host adds it to its main router, or — host.metrics.port set — to the
// router of a second server of its own (loyalty_host.cc).
#pragma once

#include <string>

#include "http/router.h"
#include "metrics/host_metrics.h"

namespace loyalty {

// `metrics` must outlive the router.
rewards::Status AddMetricsRoute(Router& router, HostMetrics& metrics, std::string token);

}  // namespace loyalty
