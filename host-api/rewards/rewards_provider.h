// RewardsProvider: what a plugin gives the host.
//
// Call order, made by the host:
//   create(services) -> Identity(), SettingsSchema(), Migrations(dialect)
//   -> the host applies pending migrations -> Start() -> business calls, from
//   many threads at once -> Stop(deadline) -> destroy().
// ValidateSettings may be called at any time after create(). Business calls
// before Start() succeeded, or after Stop(), answer kUnavailable. Every method
// is noexcept: failures are Status values (see status.h for retry meaning).
// Calls the plugin does not implement answer kUnimplemented.
//
// Evolution is append-only: a shipped vtable is never edited; new
// capabilities come as new interfaces and a higher ABI minor (plugin_entry.h).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "rewards/catalogue_types.h"
#include "rewards/database.h"
#include "rewards/redemption_types.h"
#include "rewards/settings.h"
#include "rewards/status.h"

namespace rewards {

struct ProviderIdentity {
  std::string name;          // stable, lower-case, used in paths: "ascenda"
  std::string display_name;  // "Ascenda digital gift cards"
  std::string version;
};

// One schema step, applied once per database in ascending `version` order,
// each in its own transaction, recorded by the host. SQL may hold several
// statements, each ending with ';' at a line end; the host splits there, but
// not inside $$-quoted bodies (PostgreSQL functions) nor inside SQLite
// CREATE TRIGGER … END; blocks.
struct Migration {
  int version = 0;
  std::string name;
  std::string sql;
};

enum class HealthState { kHealthy, kDegraded, kUnhealthy };

const char* HealthStateName(HealthState s) noexcept;

struct Health {
  HealthState state = HealthState::kHealthy;
  std::vector<std::string> notes;  // for operators; never secrets
};

class RewardsProvider {
 public:
  virtual ~RewardsProvider() = default;

  virtual ProviderIdentity Identity() const noexcept = 0;
  virtual std::vector<SettingSpec> SettingsSchema() const noexcept = 0;
  // Every problem with `proposed` (a full set of values); empty when valid.
  virtual std::vector<SettingProblem> ValidateSettings(
      const SettingsValues& proposed) const noexcept = 0;
  virtual std::vector<Migration> Migrations(SqlDialect dialect) const noexcept = 0;

  virtual Status Start() noexcept = 0;
  // Stops taking work and finishes or abandons in-flight work by `deadline`,
  // leaving the database consistent (unfinished work resumes at next Start).
  virtual Status Stop(std::chrono::steady_clock::time_point deadline) noexcept = 0;
  virtual Health GetHealth() const noexcept = 0;

  // Catalogue.
  virtual Result<CataloguePage> ListCatalogue(const CatalogueQuery& query) noexcept = 0;
  virtual Result<GiftCardPtr> GetGiftCard(const std::string& id) noexcept = 0;
  virtual Result<Quote> QuoteGiftCard(const std::string& gift_card_id,
                                      const std::string& denomination,
                                      const std::string& currency) noexcept = 0;

  // Redemptions.
  virtual Result<RedeemOutcome> Redeem(const RedeemRequest& request) noexcept = 0;
  // `member_id` empty means an operator's view (no delivery data).
  virtual Result<Redemption> GetRedemption(const std::string& redemption_id,
                                           const std::string& member_id) noexcept = 0;
  virtual Result<RedemptionPage> ListRedemptions(const RedemptionQuery& query) noexcept = 0;
  // kResourceExhausted with details["retry_after_s"] inside the cooldown.
  virtual Status ResendConfirmation(const std::string& redemption_id,
                                    const std::string& member_id) noexcept = 0;
  // Operators: fetch the order from the provider now and apply it.
  virtual Result<Redemption> Resync(const std::string& redemption_id) noexcept = 0;
};

}  // namespace rewards
