// libFuzzer: the plugin's settings values (ParseSettings, ascenda_settings.h).
// Input: lines "<k><value>" — the first byte picks a schema key (modulo the
// key count), the rest of the line is its value; ParseSettings reads every
// key left out as its default. Properties: never crashes; every problem names a schema key; the
// cost-per-point table is built without a crash from whatever passed.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "ascenda/pricing/pricing_table.h"
#include "ascenda/settings/ascenda_settings.h"
#include "ascenda/settings/settings_schema.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& schema = ascenda::SettingsSchema();
  static const auto keys = [&schema] {
    std::set<std::string> out;
    for (const auto& spec : schema) out.insert(spec.key);
    return out;
  }();
  std::map<std::string, std::string> values;
  for (const std::string& line : fuzz::Split(data, size, '\n', 64)) {
    if (line.empty()) continue;
    const auto& spec = schema[static_cast<unsigned char>(line[0]) % schema.size()];
    values[spec.key] = line.substr(1);
  }
  ascenda::ParsedSettings parsed =
      ascenda::ParseSettings(rewards::SettingsValues(std::move(values)));
  for (const auto& problem : parsed.problems) {
    fuzz::Check(keys.count(problem.key) == 1);
    fuzz::Check(!problem.message.empty());
  }
  for (const auto& key : parsed.missing_required) fuzz::Check(keys.count(key) == 1);
  ascenda::PricingTable table(parsed.settings.cost_per_point);
  for (const auto& [currency, cost] : parsed.settings.cost_per_point) {
    (void)table.Price(currency, "10.00");
  }
  return 0;
}
