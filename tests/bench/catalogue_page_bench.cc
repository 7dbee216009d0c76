// bench-catalogue-page: how long AscendaProvider::ListCatalogue takes to
// serve one page of 25 cards from a 20,000-card catalogue.
//
//   bench-catalogue-page [--cards=20000] [--iterations=20000]
//
// Generates the catalogue with ascenda-sim-make-catalogue, starts the real
// ascenda-sim with it over HTTPS (test certificates: run the `certs` CTest
// fixture once first, e.g. `ctest -R make_test_certs`), starts the provider
// on a test host, runs the first sync (timed too), then times ListCatalogue
// for page-of-25 queries: unfiltered at random pages (both sorts), by
// currency, by category and by name. Prints median, p99 and max per kind.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "ascenda/provider/ascenda_provider.h"
#include "bench_common.h"
#include "plugin/ascenda_test_env.h"
#include "support/paths.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Kind {
  const char* name;
  std::function<rewards::CatalogueQuery(std::mt19937&)> make;
};

void Report(const char* name, std::vector<double> micros, std::int64_t cards) {
  std::sort(micros.begin(), micros.end());
  auto at = [&](double q) { return micros[static_cast<std::size_t>(q * (micros.size() - 1))]; };
  std::printf("%-28s n=%zu  median %7.1f us  p99 %7.1f us  max %8.1f us  (matches %lld)\n", name,
              micros.size(), at(0.5), at(0.99), micros.back(), static_cast<long long>(cards));
}

}  // namespace

int main(int argc, char** argv) {
  const int cards = static_cast<int>(benchutil::IntFlag(argc, argv, "cards", 20000));
  const int iterations = static_cast<int>(benchutil::IntFlag(argc, argv, "iterations", 20000));
  testsupport::TempDir dir;
  const std::string catalogue = dir.File("catalogue.json");
  auto maker = testsupport::ChildProcess::Start(
      testsupport::BinaryPath("ascenda-sim-make-catalogue"),
      {"--cards=" + std::to_string(cards), "--seed=20000", "--out=" + catalogue},
      dir.File("make.log"));
  if (maker->Wait() != 0) {
    std::cerr << "catalogue generation failed:\n" << maker->Log();
    return 1;
  }
  auto sim =
      simtest::SimHarness::Start({{"sim.catalogue", catalogue}, {"sim.log.requests", "false"}});
  ascenda::test::TestHost host(ascenda::test::SimSettingValues(*sim));
  ascenda::AscendaProvider provider(host);
  if (!provider.Start().ok()) return 1;
  const auto sync_start = Clock::now();
  host.test_scheduler().RunOnce();  // the first sync, as the host would run it
  const double sync_ms =
      std::chrono::duration<double, std::milli>(Clock::now() - sync_start).count();
  auto all = provider.ListCatalogue({});
  if (!all.ok()) {
    std::cerr << "no catalogue: " << all.status().ToString() << "\n";
    return 1;
  }
  std::printf("catalogue: %d cards generated, %lld listed (priced), first sync %.0f ms\n", cards,
              static_cast<long long>(all->total_count), sync_ms);

  const std::int64_t pages = all->total_pages;
  const std::vector<std::string> currencies = {"USD", "EUR", "JPY", "SGD"};
  const std::vector<std::string> categories = {"Dining", "Fashion", "Electronics", "Others"};
  const std::vector<std::string> names = {"golden", "harbor", "lucky", "blue"};
  std::vector<Kind> kinds = {
      {"unfiltered, name asc",
       [&](std::mt19937& r) {
         rewards::CatalogueQuery q;
         q.page = 1 + static_cast<int>(r() % pages);
         return q;
       }},
      {"unfiltered, name desc",
       [&](std::mt19937& r) {
         rewards::CatalogueQuery q;
         q.sort = rewards::SortOrder::kNameDescending;
         q.page = 1 + static_cast<int>(r() % pages);
         return q;
       }},
      {"currency, page 1..10",
       [&](std::mt19937& r) {
         rewards::CatalogueQuery q;
         q.currency = currencies[r() % currencies.size()];
         q.page = 1 + static_cast<int>(r() % 10);
         return q;
       }},
      {"category, page 1..10",
       [&](std::mt19937& r) {
         rewards::CatalogueQuery q;
         q.categories = {categories[r() % categories.size()]};
         q.page = 1 + static_cast<int>(r() % 10);
         return q;
       }},
      {"name contains, page 1",
       [&](std::mt19937& r) {
         rewards::CatalogueQuery q;
         q.name_contains = names[r() % names.size()];
         return q;
       }},
  };
  std::mt19937 random(7);
  for (const Kind& kind : kinds) {
    std::vector<double> micros;
    micros.reserve(static_cast<std::size_t>(iterations));
    std::int64_t matches = 0;
    for (int i = 0; i < iterations; ++i) {
      const rewards::CatalogueQuery query = kind.make(random);
      const auto start = Clock::now();
      auto page = provider.ListCatalogue(query);
      const auto end = Clock::now();
      if (!page.ok() || page->cards.size() > 25) {
        std::cerr << kind.name << ": " << page.status().ToString() << "\n";
        return 1;
      }
      matches = page->total_count;
      micros.push_back(std::chrono::duration<double, std::micro>(end - start).count());
    }
    Report(kind.name, std::move(micros), matches);
  }
  (void)provider.Stop(Clock::now());
  return 0;
}
