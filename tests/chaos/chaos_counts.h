// The chaos run's figures, counted after the heal from the host database and
// the simulator's own records (never from what the clients were answered):
//   orders            Ascenda orders the simulator holds
//   duplicate_orders  orders beyond the first for one reference_id
//   lost_points       members whose start - debits + refunds is not their
//                     balance (or whose ledger does not sum to it), plus debits
//                     without a redemption row
//   double_refunds    refunds beyond the first for one redemption, plus
//                     refunds of a redemption that is fulfilled (in the
//                     database or at the simulator)
//   open_after_heal   redemptions in none of fulfilled, refunded, needs_attention
//   orphan_orders     orders whose reference_id no redemption row holds (a card
//                     given for points never debited)
//   needs_attention   redemptions left to an operator (not a failure)
// Every member started with the same points (`start_points`).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "simulator/sim_harness.h"
#include "support/host_db.h"

namespace chaos {

struct Figures {
  std::int64_t redemptions = 0;  // rows in ascenda_redemptions
  std::int64_t orders = 0;
  std::int64_t duplicate_orders = 0;
  std::int64_t lost_points = 0;
  std::int64_t double_refunds = 0;
  std::int64_t open_after_heal = 0;
  std::int64_t needs_attention = 0;
  std::int64_t orphan_orders = 0;
  std::vector<std::string> examples;  // a few offending rows, for the log
};

// The states a redemption may rest in after the heal.
inline constexpr char kOpenCondition[] =
    "state NOT IN ('fulfilled', 'refunded', 'needs_attention')";

std::int64_t OpenRedemptions(const testsupport::HostDb& db);

Figures Count(const testsupport::HostDb& db, simtest::SimHarness& sim, std::int64_t start_points);

}  // namespace chaos
