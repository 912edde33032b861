// The dispenser runner of the simulation: the REAL LCDM driver joined to the LCDM device
// simulator (sim/lcdm) by an in-memory cable, on the simulation's event queue. It stands in for
// devices::DispenserRunner (the Asio shell) behind the same DispenserPort, so the REAL
// CashOutStation drives it exactly as it drives the runtime's runner:
//
//   * events are delivered in order and never inside the call that caused them;
//   * the driver ticks every `tick` while a command is outstanding or bytes are on the cable,
//     otherwise at its idle STATUS interval (it has nothing else to do: the idle check is its only
//     deadline), and not at all while the kiosk is parked between customers;
//   * the device's delayed answers (the notes are out after work time) are events at its
//     wake_at();
//   * the cable can be unplugged and can lose answers (faults drawn by the simulation).
//
// Destroying it (a crash) drops every pending event of this life; the device keeps its state.
#pragma once

#include <deque>
#include <memory>

#include "devices/dispenser_port.hpp"
#include "devices/lcdm/lcdm_driver.hpp"
#include "kiosk/simulate/event_queue.hpp"
#include "sim/lcdm/lcdm_device_sim.hpp"

namespace kiosk::simulate {

struct DispenserCable {
  bool unplugged = false;  // nothing passes either way
  int drop_answers = 0;    // the next n answers from the device are lost on the wire
};

class SimDispenser final : public devices::DispenserPort {
 public:
  SimDispenser(EventQueue& queue, VirtualClock& clock, sim::lcdm::LcdmDeviceSim& device,
               DispenserCable& cable, devices::lcdm::LcdmDriverConfig config);
  ~SimDispenser() override;

  void start(OnEvent on_event) override;
  void dispense(const std::vector<int>& per_cassette) override;
  void test_dispense(int cassette) override;
  void purge() override;
  void status() override;
  void last_dispense() override;
  void stop() override;

  // Parked between customers (no ticks); woken when a customer comes or a fault is injected.
  void set_idle(bool idle);
  void nudge();  // something touched the device: look at it at the next tick
  bool quiet() const { return !driver_.busy() && in_flight_ == 0; }

 private:
  template <class F>
  void later(Millis delay, const char* kind, F f);
  void run(devices::DispenserStep step);
  void send(const devices::Bytes& tx);
  void from_device(devices::Bytes bytes);
  void arm_wake();
  void arm_tick(Millis delay);
  void tick();
  void deliver();

  EventQueue& queue_;
  VirtualClock& clock_;
  sim::lcdm::LcdmDeviceSim& device_;
  DispenserCable& cable_;
  devices::lcdm::LcdmDriver driver_;
  OnEvent on_event_;
  std::deque<devices::DispenserEvent> pending_;
  bool delivering_ = false, running_ = false, idle_ = false;
  int in_flight_ = 0;
  std::optional<Instant> tick_at_, wake_at_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace kiosk::simulate
