// All orders the simulator has accepted, in memory, plus the number of create
// requests seen per reference_id (so tests can tell "the client retried" from
// "the order exists").
//
// Thread-safe: one mutex; readers get copies. The clock must outlive the store.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "order.h"
#include "sim_clock.h"

namespace ascenda_sim {

class OrderStore {
 public:
  explicit OrderStore(const Clock& clock) : clock_(clock) {}
  OrderStore(const OrderStore&) = delete;
  OrderStore& operator=(const OrderStore&) = delete;

  // Counts one create request for `reference_id`; returns the new count
  // (an empty reference_id only adds to the total).
  int CountCreateAttempt(const std::string& reference_id);
  int CreateAttempts(const std::string& reference_id) const;
  int64_t total_create_attempts() const;

  // Stores `draft` (its id, created_at and updated_at are assigned here) unless
  // its reference_id is taken. Returns the stored order, or nullopt for a
  // duplicate reference_id (nothing is stored then).
  [[nodiscard]] std::optional<Order> Insert(Order draft);

  std::optional<Order> Get(const std::string& id) const;
  std::optional<Order> GetByReference(const std::string& reference_id) const;
  // Orders in creation order; `offset`/`limit` page them. Sets *total.
  std::vector<Order> List(size_t offset, size_t limit, size_t* total) const;

  // Runs `mutate` on item `index` of order `id` under the lock; when it
  // returns true the order's updated_at is bumped. Returns the order after the
  // call (nullopt if the order or item does not exist).
  std::optional<Order> UpdateItem(const std::string& id, size_t index,
                                  const std::function<bool(OrderItem&)>& mutate);
  // Increments resend_count; nullopt when unknown.
  std::optional<Order> RecordResend(const std::string& id);

  size_t size() const;
  void Clear();

  // Delayed visibility: orders created from now on stay out of lookups
  // (GET /orders) for `ms` after they were committed (0: at once).
  void SetVisibilityDelay(int64_t ms);
  int64_t visibility_delay_ms() const;
  // Whether lookups may list `order` yet.
  bool Visible(const Order& order) const;

  // Create exchanges under way per reference_id: BeginCreate answers true
  // when another create for the same reference_id is still under way (two
  // overlapping creates — what a client must never cause); EndCreate ends it.
  bool BeginCreate(const std::string& reference_id);
  void EndCreate(const std::string& reference_id);
  int64_t overlapping_creates() const;
  int64_t OverlappingCreates(const std::string& reference_id) const;

 private:
  const Clock& clock_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::unique_ptr<Order>> by_id_;
  std::unordered_map<std::string, Order*> by_reference_;
  std::vector<Order*> in_creation_order_;
  std::unordered_map<std::string, int> attempts_;
  int64_t total_attempts_ = 0;
  int64_t visibility_delay_ms_ = 0;
  std::unordered_map<std::string, int64_t> visible_at_;  // order id -> steady ms
  std::unordered_map<std::string, int> creates_in_flight_;
  std::unordered_map<std::string, int64_t> overlaps_by_reference_;
  int64_t overlaps_ = 0;
};

}  // namespace ascenda_sim
