#include "order_store.h"

#include <chrono>

#include "ids.h"

namespace ascenda_sim {

namespace {
int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

int OrderStore::CountCreateAttempt(const std::string& reference_id) {
  std::lock_guard<std::mutex> lock(mu_);
  ++total_attempts_;
  if (reference_id.empty()) return 0;  // nothing to count it against
  return ++attempts_[reference_id];
}

int OrderStore::CreateAttempts(const std::string& reference_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = attempts_.find(reference_id);
  return it == attempts_.end() ? 0 : it->second;
}

int64_t OrderStore::total_create_attempts() const {
  std::lock_guard<std::mutex> lock(mu_);
  return total_attempts_;
}

std::optional<Order> OrderStore::Insert(Order draft) {
  draft.id = NewUuid();
  draft.created_at_ms = draft.updated_at_ms = clock_.WallMs();
  for (OrderItem& item : draft.items) item.id = NewUuid();
  auto order = std::make_unique<Order>(std::move(draft));
  std::lock_guard<std::mutex> lock(mu_);
  if (by_reference_.count(order->reference_id)) return std::nullopt;
  Order* raw = order.get();
  by_reference_.emplace(raw->reference_id, raw);
  in_creation_order_.push_back(raw);
  if (visibility_delay_ms_ > 0) visible_at_[raw->id] = SteadyMs() + visibility_delay_ms_;
  by_id_.emplace(raw->id, std::move(order));
  return *raw;
}

std::optional<Order> OrderStore::Get(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return std::nullopt;
  return *it->second;
}

std::optional<Order> OrderStore::GetByReference(const std::string& reference_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_reference_.find(reference_id);
  if (it == by_reference_.end()) return std::nullopt;
  return *it->second;
}

std::vector<Order> OrderStore::List(size_t offset, size_t limit, size_t* total) const {
  std::lock_guard<std::mutex> lock(mu_);
  *total = in_creation_order_.size();
  std::vector<Order> out;
  for (size_t i = offset; i < in_creation_order_.size() && out.size() < limit; ++i) {
    out.push_back(*in_creation_order_[i]);
  }
  return out;
}

std::optional<Order> OrderStore::UpdateItem(const std::string& id, size_t index,
                                            const std::function<bool(OrderItem&)>& mutate) {
  int64_t now = clock_.WallMs();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_id_.find(id);
  if (it == by_id_.end() || index >= it->second->items.size()) return std::nullopt;
  Order& order = *it->second;
  if (mutate(order.items[index])) order.updated_at_ms = now;
  return order;
}

std::optional<Order> OrderStore::RecordResend(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return std::nullopt;
  ++it->second->resend_count;
  return *it->second;
}

size_t OrderStore::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return by_id_.size();
}

void OrderStore::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  visible_at_.clear();
  overlaps_by_reference_.clear();
  overlaps_ = 0;
  by_id_.clear();
  by_reference_.clear();
  in_creation_order_.clear();
  attempts_.clear();
  total_attempts_ = 0;
}

}  // namespace ascenda_sim

namespace ascenda_sim {

void OrderStore::SetVisibilityDelay(int64_t ms) {
  std::lock_guard<std::mutex> lock(mu_);
  visibility_delay_ms_ = ms < 0 ? 0 : ms;
}

int64_t OrderStore::visibility_delay_ms() const {
  std::lock_guard<std::mutex> lock(mu_);
  return visibility_delay_ms_;
}

bool OrderStore::Visible(const Order& order) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = visible_at_.find(order.id);
  return it == visible_at_.end() || SteadyMs() >= it->second;
}

bool OrderStore::BeginCreate(const std::string& reference_id) {
  std::lock_guard<std::mutex> lock(mu_);
  const bool overlapped = creates_in_flight_[reference_id]++ > 0;
  if (overlapped) {
    ++overlaps_;
    ++overlaps_by_reference_[reference_id];
  }
  return overlapped;
}

void OrderStore::EndCreate(const std::string& reference_id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = creates_in_flight_.find(reference_id);
  if (it != creates_in_flight_.end() && --it->second <= 0) creates_in_flight_.erase(it);
}

int64_t OrderStore::overlapping_creates() const {
  std::lock_guard<std::mutex> lock(mu_);
  return overlaps_;
}

int64_t OrderStore::OverlappingCreates(const std::string& reference_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = overlaps_by_reference_.find(reference_id);
  return it == overlaps_by_reference_.end() ? 0 : it->second;
}

}  // namespace ascenda_sim
