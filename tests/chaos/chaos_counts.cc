#include "chaos/chaos_counts.h"

#include <Poco/JSON/Array.h>

#include <map>
#include <set>

namespace chaos {

namespace {

using testsupport::HostDb;
using testsupport::HostDbNumber;
using testsupport::HostDbRows;

constexpr std::size_t kMaxExamples = 10;

void Example(Figures& f, const std::string& text) {
  if (f.examples.size() < kMaxExamples) f.examples.push_back(text);
}

}  // namespace

std::int64_t OpenRedemptions(const HostDb& db) {
  return HostDbNumber(
      db, std::string("SELECT COUNT(*) FROM ascenda_redemptions WHERE ") + kOpenCondition);
}

Figures Count(const HostDb& db, simtest::SimHarness& sim, std::int64_t start_points) {
  Figures f;
  f.redemptions = HostDbNumber(db, "SELECT COUNT(*) FROM ascenda_redemptions");
  f.needs_attention =
      HostDbNumber(db, "SELECT COUNT(*) FROM ascenda_redemptions WHERE state = 'needs_attention'");
  for (const auto& row :
       HostDbRows(db, std::string("SELECT id, reference_id, state, submit_attempts, "
                                  "COALESCE(order_id, '') FROM ascenda_redemptions WHERE ") +
                          kOpenCondition)) {
    ++f.open_after_heal;
    Example(f, "open: " + row[0] + " ref " + row[1] + " " + row[2] + " attempts " + row[3] +
                   " order '" + row[4] + "'");
  }

  // The simulator's orders: at most one per reference_id.
  Poco::JSON::Array::Ptr orders =
      simtest::Json(sim.Control("GET", "/control/orders"))->getArray("data");
  f.orders = static_cast<std::int64_t>(orders->size());
  std::map<std::string, std::string> item_by_ref;
  for (std::size_t i = 0; i < orders->size(); ++i) {
    Poco::JSON::Object::Ptr order = orders->getObject(i);
    const std::string ref = order->getValue<std::string>("reference_id");
    if (item_by_ref.count(ref)) {
      ++f.duplicate_orders;
      Example(f, "second order for " + ref + ": " + order->getValue<std::string>("id"));
    }
    item_by_ref[ref] = simtest::ItemStatus(order);
  }

  std::set<std::string> refs;
  for (const auto& row : HostDbRows(db, "SELECT reference_id FROM ascenda_redemptions")) {
    refs.insert(row[0]);
  }
  for (const auto& [ref, item] : item_by_ref) {
    if (refs.count(ref) == 0) {
      ++f.orphan_orders;
      Example(f, "order without a redemption: " + ref + " (" + item + ")");
    }
  }

  // Points: per member, and debits that belong to no redemption (keys are
  // "ascenda:debit:<id>" and "ascenda:refund:<id>": SUBSTR so the row's key
  // index serves the lookup on SQLite too).
  for (const auto& row :
       HostDbRows(db,
                  "SELECT m.id, m.balance, "
                  "COALESCE((SELECT -SUM(delta) FROM ledger_entries l WHERE l.member_id = m.id AND "
                  "  l.idempotency_key LIKE 'ascenda:debit:%'), 0), "
                  "COALESCE((SELECT SUM(delta) FROM ledger_entries l WHERE l.member_id = m.id AND "
                  "  l.idempotency_key LIKE 'ascenda:refund:%'), 0), "
                  "COALESCE((SELECT SUM(delta) FROM ledger_entries l WHERE l.member_id = m.id "
                  "  AND l.idempotency_key LIKE 'ascenda:%'), 0) "
                  "FROM members m ORDER BY m.id")) {
    const std::int64_t balance = std::stoll(row[1]), debits = std::stoll(row[2]),
                       refunds = std::stoll(row[3]), ascenda_sum = std::stoll(row[4]);
    if (start_points - debits + refunds != balance || start_points + ascenda_sum != balance) {
      ++f.lost_points;
      Example(f, "member " + row[0] + ": start " + std::to_string(start_points) + " - debits " +
                     row[2] + " + refunds " + row[3] + " != balance " + row[1]);
    }
  }
  for (const auto& row :
       HostDbRows(db,
                  "SELECT l.idempotency_key FROM ledger_entries l WHERE l.idempotency_key LIKE "
                  "'ascenda:debit:%' AND NOT EXISTS (SELECT 1 FROM ascenda_redemptions r WHERE "
                  "r.id = SUBSTR(l.idempotency_key, 15))")) {
    ++f.lost_points;
    Example(f, "debit without a redemption: " + row[0]);
  }

  // Refunds: one at most per redemption (the ledger's keys are unique, so a
  // second one would carry another key: one naming no redemption), never for
  // a fulfilled one.
  for (const auto& row :
       HostDbRows(db,
                  "SELECT r.id, r.reference_id, r.state FROM ascenda_redemptions r "
                  "JOIN ledger_entries l ON l.idempotency_key = 'ascenda:refund:' || r.id")) {
    const auto sim_item = item_by_ref.find(row[1]);
    if (row[2] == "fulfilled" ||
        (sim_item != item_by_ref.end() && sim_item->second == "fulfilled")) {
      ++f.double_refunds;
      Example(f, "refund of fulfilled " + row[0] + " (" + row[2] + ")");
    }
  }
  for (const auto& row :
       HostDbRows(db,
                  "SELECT l.idempotency_key FROM ledger_entries l WHERE l.idempotency_key LIKE "
                  "'ascenda:refund:%' AND NOT EXISTS (SELECT 1 FROM ascenda_redemptions r WHERE "
                  "r.id = SUBSTR(l.idempotency_key, 16))")) {
    ++f.double_refunds;
    Example(f, "refund naming no redemption: " + row[0]);
  }
  return f;
}

}  // namespace chaos
