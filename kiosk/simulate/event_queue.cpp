#include "kiosk/simulate/event_queue.hpp"

namespace kiosk::simulate {

void EventQueue::at(Instant at, const char* kind, Action action) {
  if (at < clock_.now) at = clock_.now;
  items_.push(Item{at, seq_++, kind, std::move(action)});
}

const char* EventQueue::run_next() {
  Item item = items_.top();
  items_.pop();
  clock_.now = item.at;
  item.action();
  return item.kind;
}

}  // namespace kiosk::simulate
