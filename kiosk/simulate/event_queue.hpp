// The simulation's scheduler: actions at virtual instants, run in time order (ties in the order
// they were scheduled, so a run is a pure function of its seed). Running an action first moves the
// clock to its instant: time jumps from event to event, nothing sleeps.
#pragma once

#include <cstdint>
#include <functional>
#include <queue>
#include <string>
#include <vector>

#include "kiosk/simulate/virtual_clock.hpp"

namespace kiosk::simulate {

class EventQueue {
 public:
  using Action = std::function<void()>;

  explicit EventQueue(VirtualClock& clock) : clock_(clock) {}

  // Runs `action` at `at` (at the current time when `at` is in the past). `kind` names the step
  // for --replay-to and the failure report; it must outlive the queue (a literal).
  void at(Instant at, const char* kind, Action action);
  void after(Millis delay, const char* kind, Action action) {
    at(clock_.now + delay, kind, std::move(action));
  }

  bool empty() const { return items_.empty(); }
  Instant next_time() const { return items_.top().at; }
  const char* next_kind() const { return items_.top().kind; }
  // Moves the clock to the next event and runs it; returns its kind.
  const char* run_next();
  void clear() { items_ = {}; }
  std::size_t size() const { return items_.size(); }

 private:
  struct Item {
    Instant at;
    std::uint64_t seq;
    const char* kind;
    Action action;
    bool operator>(const Item& o) const { return at != o.at ? at > o.at : seq > o.seq; }
  };
  VirtualClock& clock_;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> items_;
  std::uint64_t seq_ = 0;
};

}  // namespace kiosk::simulate
