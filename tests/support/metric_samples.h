// MetricSamples: the samples of a Prometheus text page (format 0.0.4), as a
// test reads them: "name{labels}" (exactly as written) -> value. Comment and
// empty lines are skipped. Pure; throws std::invalid_argument on a value that
// is not a number.
#pragma once

#include <map>
#include <string>

namespace testsupport {

using MetricSamples = std::map<std::string, double>;

MetricSamples ParseMetricSamples(const std::string& text);

}  // namespace testsupport
