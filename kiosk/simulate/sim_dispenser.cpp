#include "kiosk/simulate/sim_dispenser.hpp"

namespace kiosk::simulate {

namespace {
constexpr Millis kCableLatency{3};
constexpr Millis kIdleCheck{5000};  // the driver's idle STATUS interval (LcdmDriverConfig)
}  // namespace

SimDispenser::SimDispenser(EventQueue& queue, VirtualClock& clock, sim::lcdm::LcdmDeviceSim& device,
                           DispenserCable& cable, devices::lcdm::LcdmDriverConfig config)
    : queue_(queue), clock_(clock), device_(device), cable_(cable), driver_(config) {}

SimDispenser::~SimDispenser() { *alive_ = false; }

template <class F>
void SimDispenser::later(Millis delay, const char* kind, F f) {
  queue_.after(delay, kind, [alive = alive_, f = std::move(f)]() mutable {
    if (*alive) f();
  });
}

void SimDispenser::start(OnEvent on_event) {
  on_event_ = std::move(on_event);
  running_ = true;
  run(driver_.on_tick(clock_.now));
  arm_tick(driver_.tick_interval());
}

void SimDispenser::stop() {
  running_ = false;
  *alive_ = false;
  alive_ = std::make_shared<bool>(true);
  pending_.clear();
}

void SimDispenser::dispense(const std::vector<int>& per_cassette) {
  run(driver_.dispense(per_cassette, clock_.now));
}
void SimDispenser::test_dispense(int cassette) { run(driver_.test_dispense(cassette, clock_.now)); }
void SimDispenser::purge() { run(driver_.purge(clock_.now)); }
void SimDispenser::status() { run(driver_.status(clock_.now)); }
void SimDispenser::last_dispense() { run(driver_.last_dispense(clock_.now)); }

void SimDispenser::set_idle(bool idle) {
  idle_ = idle;
  if (!idle) nudge();
}

void SimDispenser::nudge() {
  if (running_ && !idle_) arm_tick(Millis{0});
}

void SimDispenser::run(devices::DispenserStep step) {
  if (!running_) return;
  if (!step.tx.empty()) send(step.tx);
  for (auto& e : step.events) pending_.push_back(std::move(e));
  deliver();
  if (driver_.busy()) arm_tick(driver_.tick_interval());
}

// In order and never re-entrantly: an event handler that commands the driver queues the events
// that causes behind the current one.
void SimDispenser::deliver() {
  if (delivering_) return;
  delivering_ = true;
  std::shared_ptr<bool> alive = alive_;
  while (!pending_.empty() && *alive) {
    devices::DispenserEvent e = std::move(pending_.front());
    pending_.pop_front();
    if (on_event_) on_event_(e);
  }
  if (*alive) delivering_ = false;
}

void SimDispenser::send(const devices::Bytes& tx) {
  if (cable_.unplugged) return;
  devices::Bytes answer = device_.on_host_bytes(tx, clock_.now);
  arm_wake();
  if (!answer.empty()) from_device(std::move(answer));
}

void SimDispenser::from_device(devices::Bytes bytes) {
  if (cable_.unplugged) return;
  if (cable_.drop_answers > 0) {
    --cable_.drop_answers;
    return;
  }
  ++in_flight_;
  later(kCableLatency, "dispenser.answer", [this, bytes = std::move(bytes)] {
    --in_flight_;
    if (cable_.unplugged) return;
    run(driver_.on_bytes(bytes, clock_.now));
  });
}

// The device talks when its work is done, whether or not the cable is in.
void SimDispenser::arm_wake() {
  auto at = device_.wake_at();
  if (!at || (wake_at_ && *wake_at_ <= *at)) return;
  wake_at_ = at;
  later(std::max(Millis{0}, *at - clock_.now), "dispenser.device", [this, at = *at] {
    if (wake_at_ == at) wake_at_.reset();
    devices::Bytes out = device_.on_host_bytes({}, clock_.now);
    arm_wake();
    if (!out.empty()) from_device(std::move(out));
  });
}

void SimDispenser::arm_tick(Millis delay) {
  if (!running_) return;
  const Instant at = clock_.now + delay;
  if (tick_at_ && *tick_at_ <= at) return;  // an earlier tick is already due
  tick_at_ = at;
  later(delay, "dispenser.tick", [this, at] {
    if (tick_at_ != at) return;
    tick_at_.reset();
    tick();
  });
}

void SimDispenser::tick() {
  run(driver_.on_tick(clock_.now));
  if (!running_) return;
  if (driver_.busy() || in_flight_ > 0 || cable_.unplugged)
    arm_tick(driver_.tick_interval());
  else if (!idle_)
    arm_tick(kIdleCheck);
}

}  // namespace kiosk::simulate
