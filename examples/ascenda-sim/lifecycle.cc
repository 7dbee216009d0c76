#include "lifecycle.h"

#include <cctype>

#include "ids.h"
#include "json_text.h"
#include "outcome_policy.h"

namespace ascenda_sim {
namespace {

constexpr int64_t kCardValidityMs = 365LL * 24 * 3600 * 1000;

std::string UpperHex(int bytes) {
  std::string hex = RandomHex(bytes);
  for (char& c : hex) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return hex;
}

std::string Pin() {
  std::string hex = RandomHex(3), pin;
  for (char c : hex) pin.push_back(static_cast<char>('0' + (c % 10)));
  return pin;
}

}  // namespace

void ApplyItemStatus(OrderItem& item, ItemStatus status, int64_t now_ms) {
  item.status = status;
  if (status == ItemStatus::kFulfilled) {
    item.errors.clear();
    std::string expires = IsoTime(now_ms + kCardValidityMs);
    switch (item.delivery) {
      case Delivery::kCodePin:
        item.code = "SIM-" + UpperHex(8);
        item.pin = Pin();
        item.expires_at = expires;
        break;
      case Delivery::kCode:
        item.code = "SIM-" + UpperHex(8);
        item.expires_at = expires;
        break;
      case Delivery::kUrl:
        item.url = "https://redeem.sim.ascenda.invalid/c/" + RandomHex(16);
        item.expires_at = expires;
        break;
      case Delivery::kEmailOnly:
        break;
    }
  } else if (IsTerminal(status)) {
    item.errors = item.planned_errors.empty() ? DefaultItemErrors(status) : item.planned_errors;
  }
}

Lifecycle::Lifecycle(OrderStore& store, const Clock& clock, LifecycleTiming timing,
                     Listener listener)
    : store_(store), clock_(clock), timing_(timing), listener_(std::move(listener)) {}

Lifecycle::~Lifecycle() { Stop(); }

void Lifecycle::Start() {
  thread_ = std::thread([this] { Run(); });
}

void Lifecycle::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Lifecycle::Track(const Order& order) {
  for (size_t i = 0; i < order.items.size(); ++i) {
    Schedule(order.id, i, false, timing_.pending_ms);
  }
}

void Lifecycle::Schedule(const std::string& order_id, size_t index, bool to_terminal,
                         int delay_ms) {
  if (delay_ms < 0) return;
  bool earliest;
  {
    std::lock_guard<std::mutex> lock(mu_);
    timers_.push(Timer{clock_.SteadyMs() + delay_ms, next_seq_++, order_id, index, to_terminal});
    earliest = timers_.top().seq == next_seq_ - 1;
  }
  if (earliest) wake_.notify_one();
}

void Lifecycle::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    if (timers_.empty()) {
      wake_.wait(lock);
      continue;
    }
    int64_t wait_ms = timers_.top().due_ms - clock_.SteadyMs();
    if (wait_ms > 0) {
      wake_.wait_for(lock, std::chrono::milliseconds(wait_ms));
      continue;
    }
    Timer timer = timers_.top();
    timers_.pop();
    lock.unlock();
    Fire(timer);
    lock.lock();
  }
}

void Lifecycle::Fire(const Timer& timer) {
  bool changed = false;
  int64_t now = clock_.WallMs();
  auto order = store_.UpdateItem(timer.order_id, timer.index, [&](OrderItem& item) {
    if (IsTerminal(item.status)) return false;
    if (!timer.to_terminal) {
      if (item.status != ItemStatus::kPending) return false;
      item.status = ItemStatus::kProcessing;
    } else {
      ApplyItemStatus(item, item.planned_outcome, now);
    }
    changed = true;
    return true;
  });
  if (!order || !changed) return;
  if (!timer.to_terminal) {
    Schedule(timer.order_id, timer.index, true, timing_.processing_ms);
  }
  listener_(*order);
}

std::optional<Order> Lifecycle::Force(const std::string& id, size_t index, ItemStatus status,
                                      const std::vector<ItemError>& errors) {
  auto order = store_.UpdateItem(id, index, [&](OrderItem& item) {
    if (!errors.empty()) item.planned_errors = errors;
    if (IsTerminal(status)) item.planned_outcome = status;
    ApplyItemStatus(item, status, clock_.WallMs());
    return true;
  });
  if (!order) return order;
  if (status == ItemStatus::kProcessing) {
    Schedule(id, index, true, timing_.processing_ms);
  } else if (status == ItemStatus::kPending) {
    Schedule(id, index, false, timing_.pending_ms);
  }
  listener_(*order);
  return order;
}

std::optional<Order> Lifecycle::Plan(const std::string& id, size_t index, ItemStatus outcome,
                                     const std::vector<ItemError>& errors) {
  return store_.UpdateItem(id, index, [&](OrderItem& item) {
    item.planned_outcome = outcome;
    item.planned_errors = errors;
    return false;
  });
}

void Lifecycle::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  timers_ = {};
}

}  // namespace ascenda_sim
