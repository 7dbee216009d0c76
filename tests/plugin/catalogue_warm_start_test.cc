// The warm start on its own (CatalogueSync::WarmStart with a CatalogueStore
// on a real SQLite file, no Ascenda at all): the stored built snapshot is
// served as it is — the same texts and version — while it is younger than
// the TTL and priced with the settings in force; under other pricing the
// stored records are priced again (never the stored prices); an older one is
// never served, in either form; a row without a built form (stored by an
// older build) is built from its records, and so is one whose built form's
// parts do not add up.
#include <Poco/Data/Session.h>
#include <Poco/File.h>
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ascenda/catalogue/catalogue_cache.h"
#include "ascenda/catalogue/catalogue_store.h"
#include "ascenda/catalogue/catalogue_sync.h"
#include "ascenda_sql/embedded_migrations.h"
#include "ascenda_test_env.h"
#include "db/host_database.h"
#include "db/migrator.h"
#include "migrated_host_db.h"
#include "support/manual_clock.h"
#include "support/temp_dir.h"

namespace ascenda {
namespace {

using std::chrono::seconds;

wire::GiftCardRecord Record(const std::string& id, const std::string& name,
                            const std::string& currency, const std::string& face_value) {
  wire::GiftCardRecord r;
  r.id = id;
  r.name = name;
  r.currency = currency;
  r.denominations = {face_value};
  r.categories = {"Dining"};
  r.countries = {"US"};
  return r;
}

std::vector<wire::GiftCardRecord> Records() {
  return {Record("amz", "Amazon", "USD", "10.00"), Record("bbq", "Burger Barn", "SGD", "15.00")};
}

PricingTable Pricing(const std::string& usd_cost) {
  return PricingTable(std::map<std::string, std::string>{{"USD", usd_cost}, {"SGD", "0.0075"}});
}

class CatalogueWarmStartTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = test::OpenMigratedHostDb("sqlite", dir_.File("warm.db"), 4);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    store_ = std::make_unique<CatalogueStore>(*db_);
  }

  // Stores `records` and the snapshot built from `built_from` with `pricing`,
  // as fetched `age` ago.
  SnapshotPtr Store(const std::vector<wire::GiftCardRecord>& records,
                    const std::vector<wire::GiftCardRecord>& built_from,
                    const PricingTable& pricing, seconds age, bool with_built = true) {
    const auto fetched_at = clock_.Now() - age;
    SnapshotPtr built =
        CatalogueSnapshot::Build(built_from, pricing, fetched_at, clock_.Monotonic() - age)
            .snapshot;
    EXPECT_TRUE(
        store_->Save(EncodeRecords(records), with_built ? built->Encode() : "", fetched_at).ok());
    return built;
  }

  // A new start: a fresh cache and sync with `pricing`, then WarmStart.
  void Start(const PricingTable& pricing) {
    cache_ = std::make_unique<CatalogueCache>(clock_, seconds(3600));
    sync_ = std::make_unique<CatalogueSync>(*cache_, clock_, logger_);
    sync_->SetStore(store_.get());
    sync_->SetPricing(pricing);
    ASSERT_TRUE(sync_->WarmStart().ok());
  }

  void Exec(const std::string& sql) {
    auto session = db_->Session();
    ASSERT_TRUE(session.ok());
    session.value() << sql, Poco::Data::Keywords::now;
  }

  std::int64_t Count(const std::string& table) {
    auto session = db_->Session();
    EXPECT_TRUE(session.ok());
    Poco::Int64 n = -1;
    session.value() << "SELECT COUNT(*) FROM " + table, Poco::Data::Keywords::into(n),
        Poco::Data::Keywords::now;
    return n;
  }

  std::int64_t Points(const std::string& id, const std::string& value,
                      const std::string& currency) {
    auto quote = cache_->Quote(id, value, currency);
    EXPECT_TRUE(quote.ok()) << quote.status().ToString();
    return quote.ok() ? quote->points : -1;
  }

  testsupport::TempDir dir_;
  std::unique_ptr<loyalty::HostDatabase> db_;
  std::unique_ptr<CatalogueStore> store_;
  testsupport::ManualClock clock_;
  test::CapturingLogger logger_;
  std::unique_ptr<CatalogueCache> cache_;
  std::unique_ptr<CatalogueSync> sync_;
};

TEST_F(CatalogueWarmStartTest, TheBuiltSnapshotIsServedAsStored) {
  // The records column holds other cards: what is served can only be the
  // built form.
  const SnapshotPtr stored =
      Store({Record("other", "Other", "USD", "1.00")}, Records(), Pricing("0.01"), seconds(60));
  Start(Pricing("0.01"));
  auto current = cache_->Current();
  ASSERT_TRUE(current.ok()) << current.status().ToString();
  EXPECT_EQ(current.value()->version(), stored->version());
  EXPECT_EQ(current.value()->fetched_at(), stored->fetched_at());
  auto page = cache_->QueryText(rewards::CatalogueQuery());
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->cards_json, stored->QueryText(rewards::CatalogueQuery())->cards_json);
  EXPECT_EQ(page->fresh_for, std::chrono::milliseconds(3540 * 1000));  // the TTL less its age
  EXPECT_EQ(cache_->Current().value()->Find("other"), nullptr);
  EXPECT_EQ(Points("amz", "10.00", "USD"), 1000);
  EXPECT_TRUE(logger_.Contains("as built"));
}

TEST_F(CatalogueWarmStartTest, OtherPricingIsNeverServedWithTheStoredPrices) {
  Store(Records(), Records(), Pricing("0.01"), seconds(60));
  Start(Pricing("0.02"));  // the cost of a USD point doubled since
  ASSERT_TRUE(cache_->Current().ok());
  EXPECT_EQ(Points("amz", "10.00", "USD"), 500);   // not the stored 1000
  EXPECT_EQ(Points("bbq", "15.00", "SGD"), 2000);  // unchanged cost, priced again
  EXPECT_EQ(cache_->Current().value()->pricing_fingerprint(), Pricing("0.02").fingerprint());
  EXPECT_TRUE(logger_.Contains("priced with other settings"));
  EXPECT_FALSE(logger_.Contains("as built"));
}

TEST_F(CatalogueWarmStartTest, ACurrencyNoLongerPricedIsHiddenNotServedStale) {
  Store(Records(), Records(), Pricing("0.01"), seconds(60));
  Start(PricingTable(std::map<std::string, std::string>{{"USD", "0.01"}}));  // SGD removed
  ASSERT_TRUE(cache_->Current().ok());
  EXPECT_EQ(cache_->Current().value()->Find("bbq"), nullptr);
  EXPECT_FALSE(cache_->Quote("bbq", "15.00", "SGD").ok());
  EXPECT_EQ(Points("amz", "10.00", "USD"), 1000);
}

TEST_F(CatalogueWarmStartTest, AStoredCatalogueOlderThanTheTtlIsNeverServed) {
  Store(Records(), Records(), Pricing("0.01"), seconds(3600));
  Start(Pricing("0.01"));
  EXPECT_FALSE(cache_->Current().ok());
  EXPECT_TRUE(logger_.Contains("it is not served"));
  // Nor under other pricing (the records' path).
  Start(Pricing("0.02"));
  EXPECT_FALSE(cache_->Current().ok());
  // Nor one from the future.
  Store(Records(), Records(), Pricing("0.01"), seconds(-5));
  Start(Pricing("0.01"));
  EXPECT_FALSE(cache_->Current().ok());
}

TEST_F(CatalogueWarmStartTest, ARowWithoutABuiltFormIsBuiltFromItsRecords) {
  Store(Records(), Records(), Pricing("0.01"), seconds(60), /*with_built=*/false);
  Start(Pricing("0.01"));
  ASSERT_TRUE(cache_->Current().ok());
  EXPECT_EQ(Points("amz", "10.00", "USD"), 1000);
  EXPECT_TRUE(logger_.Contains("serving the stored catalogue"));
  EXPECT_FALSE(logger_.Contains("as built"));
}

TEST_F(CatalogueWarmStartTest, APricingChangeAfterTheWarmStartPricesTheStoredRecords) {
  Store(Records(), Records(), Pricing("0.01"), seconds(60));
  Start(Pricing("0.01"));
  ASSERT_EQ(Points("amz", "10.00", "USD"), 1000);
  sync_->SetPricing(Pricing("0.04"));
  EXPECT_EQ(Points("amz", "10.00", "USD"), 250);
  EXPECT_EQ(cache_->Current().value()->fetched_at(), clock_.Now() - seconds(60));  // not newer
}

// A built form of megabytes is kept in parts of 256 KiB and read back whole,
// byte for byte; a later Save replaces every part.
TEST_F(CatalogueWarmStartTest, ABuiltFormOfManyPartsIsReadBackWhole) {
  std::string built((std::size_t{1} << 20) + 3, '\0');
  for (std::size_t i = 0; i < built.size(); ++i) built[i] = static_cast<char>((i * 131) >> 7);
  ASSERT_TRUE(store_->Save(EncodeRecords(Records()), built, clock_.Now()).ok());
  EXPECT_EQ(Count("ascenda_catalogue_built_part"), 5);
  auto loaded = store_->LoadBuilt();
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_TRUE(loaded.value().has_value());
  EXPECT_TRUE(loaded.value()->view() == built);
  ASSERT_TRUE(store_->Save(EncodeRecords(Records()), "small", clock_.Now()).ok());
  EXPECT_EQ(Count("ascenda_catalogue_built_part"), 1);
  EXPECT_EQ(store_->LoadBuilt().value()->view(), "small");
}

// Parts that do not add up to the size in the row — one missing, the size
// changed, a size no built form could have — are no built form: the warm
// start prices the stored records.
TEST_F(CatalogueWarmStartTest, PartsThatDoNotAddUpAreNotServed) {
  const std::string built(std::size_t{600} << 10, 'b');  // three parts
  ASSERT_TRUE(store_->Save(EncodeRecords(Records()), built, clock_.Now()).ok());
  Exec("DELETE FROM ascenda_catalogue_built_part WHERE part = 1");
  EXPECT_FALSE(store_->LoadBuilt().value().has_value());
  ASSERT_TRUE(store_->Save(EncodeRecords(Records()), built, clock_.Now()).ok());
  Exec("UPDATE ascenda_catalogue_snapshot SET built_bytes = built_bytes + 1");
  EXPECT_FALSE(store_->LoadBuilt().value().has_value());
  Exec("UPDATE ascenda_catalogue_snapshot SET built_bytes = built_bytes - 2");
  EXPECT_FALSE(store_->LoadBuilt().value().has_value());
  Exec("UPDATE ascenda_catalogue_snapshot SET built_bytes = 1099511627776");  // 1 TiB
  EXPECT_FALSE(store_->LoadBuilt().value().has_value());

  Store(Records(), Records(), Pricing("0.01"), seconds(60));
  Exec("UPDATE ascenda_catalogue_snapshot SET built_bytes = built_bytes + 1");
  Start(Pricing("0.01"));
  ASSERT_TRUE(cache_->Current().ok());
  EXPECT_EQ(Points("amz", "10.00", "USD"), 1000);
  EXPECT_TRUE(logger_.Contains("serving the stored catalogue"));
  EXPECT_FALSE(logger_.Contains("as built"));
}

// A Save leaves SQLite's write-ahead log empty: its megabytes are in the
// database file, so a host stopped abruptly right after it does not start by
// reading them all back to recover the log.
TEST_F(CatalogueWarmStartTest, ASaveLeavesNoLogToRecover) {
  const std::string built(std::size_t{3} << 20, 'w');
  ASSERT_TRUE(store_->Save(EncodeRecords(Records()), built, clock_.Now()).ok());
  Poco::File wal(dir_.File("warm.db-wal"));
  EXPECT_TRUE(!wal.exists() || wal.getSize() == 0) << wal.getSize() << " bytes of log";
  EXPECT_TRUE(store_->LoadBuilt().value()->view() == built);
}

TEST_F(CatalogueWarmStartTest, NothingStoredIsNoWarmStart) {
  Start(Pricing("0.01"));
  EXPECT_FALSE(cache_->Current().ok());
}

// In SQLite's row the built form's size comes before the records, so a warm
// start reads it without following the records' megabytes of overflow pages
// (sql/sqlite/010): a row stored before that step is read back whole after it.
TEST(CatalogueStoreMigrationTest, ARowStoredBeforeTheSizeMovedIsReadBackWholeAfterIt) {
  testsupport::TempDir dir;
  auto opened = test::OpenMigratedHostDb("sqlite", dir.File("old.db"), 2, 9);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  std::unique_ptr<loyalty::HostDatabase> db = std::move(opened).value();
  const std::vector<rewards::Migration> all = sql::EmbeddedMigrations(db->dialect());
  ASSERT_GT(all.back().version, 9);

  CatalogueStore store(*db);
  std::string built(std::size_t{600} << 10, '\0');
  for (std::size_t i = 0; i < built.size(); ++i) built[i] = static_cast<char>(i * 7);
  const auto fetched_at = std::chrono::system_clock::time_point(std::chrono::milliseconds(1234));
  ASSERT_TRUE(store.Save(EncodeRecords(Records()), built, fetched_at).ok());
  loyalty::Migrator migrator(*db, [] { return std::string("2027-01-01T00:00:00Z"); });
  ASSERT_TRUE(migrator.Apply("ascenda", all).ok());

  auto loaded = store.LoadBuilt();
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_TRUE(loaded.value().has_value());
  EXPECT_TRUE(loaded.value()->view() == built);
  EXPECT_EQ(loaded.value()->fetched_at, fetched_at);
  auto records = store.Load();
  ASSERT_TRUE(records.ok() && records.value().has_value());
  ASSERT_EQ(records.value()->records.size(), 2u);
  EXPECT_EQ(records.value()->records[1].name, "Burger Barn");

  auto session = db->Session();
  ASSERT_TRUE(session.ok());
  std::vector<std::string> columns;
  session.value()
      << "SELECT name FROM pragma_table_info('ascenda_catalogue_snapshot') ORDER BY cid",
      Poco::Data::Keywords::into(columns), Poco::Data::Keywords::now;
  EXPECT_EQ(columns,
            (std::vector<std::string>{"id", "fetched_at", "built_bytes", "records", "built"}));
}

}  // namespace
}  // namespace ascenda
