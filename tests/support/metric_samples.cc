#include "support/metric_samples.h"

#include <sstream>

namespace testsupport {

MetricSamples ParseMetricSamples(const std::string& text) {
  MetricSamples out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t space = line.rfind(' ');
    out[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return out;
}

}  // namespace testsupport
