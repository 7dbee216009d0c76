// Moves order items through pending -> processing -> terminal on timers
// (docs/ascenda-api.md §7). Each transition is written to the OrderStore and reported to
// the listener (the webhook sender) with a snapshot of the whole order.
//
// Delays: an item leaves `pending` pending_ms after creation and reaches its
// planned outcome processing_ms after that. A negative delay means "never by
// itself" (only the control API moves it then).
//
// Call order: construct, Start(), Track()/Force()..., Stop() (or destroy).
// Thread-safe. The store and clock must outlive this object; the listener is
// called on the lifecycle thread or the caller's thread, never under a lock.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <queue>
#include <string>
#include <thread>
#include <vector>

#include "order.h"
#include "order_store.h"
#include "sim_clock.h"

namespace ascenda_sim {

struct LifecycleTiming {
  int pending_ms = 1000;
  int processing_ms = 1000;
};

// Sets `item` to `status`; for fulfilled fills code/pin/url/expires_at as its
// delivery says, for failed/cancelled fills errors[] (planned or default).
void ApplyItemStatus(OrderItem& item, ItemStatus status, int64_t now_ms);

class Lifecycle {
 public:
  using Listener = std::function<void(const Order&)>;

  Lifecycle(OrderStore& store, const Clock& clock, LifecycleTiming timing, Listener listener);
  ~Lifecycle();
  Lifecycle(const Lifecycle&) = delete;
  Lifecycle& operator=(const Lifecycle&) = delete;

  void Start();
  void Stop();

  // Schedules the first step of every item of a freshly stored order.
  void Track(const Order& order);

  // Sets item `index` of order `id` to `status` now (a terminal status gets
  // its data or errors; `errors` replace the defaults when non-empty). A
  // forced `processing` schedules the terminal step as usual.
  std::optional<Order> Force(const std::string& id, size_t index, ItemStatus status,
                             const std::vector<ItemError>& errors);

  // Changes the terminal status the item will reach when its timer fires.
  std::optional<Order> Plan(const std::string& id, size_t index, ItemStatus outcome,
                            const std::vector<ItemError>& errors);

  // Drops every pending timer.
  void Clear();

 private:
  struct Timer {
    int64_t due_ms;
    uint64_t seq;
    std::string order_id;
    size_t index;
    bool to_terminal;
    bool operator>(const Timer& o) const {
      return due_ms != o.due_ms ? due_ms > o.due_ms : seq > o.seq;
    }
  };

  void Schedule(const std::string& order_id, size_t index, bool to_terminal, int delay_ms);
  void Run();
  void Fire(const Timer& timer);

  OrderStore& store_;
  const Clock& clock_;
  const LifecycleTiming timing_;
  const Listener listener_;

  std::mutex mu_;
  std::condition_variable wake_;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> timers_;
  uint64_t next_seq_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace ascenda_sim
