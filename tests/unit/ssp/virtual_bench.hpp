// A deterministic bench: the SSP driver and the device simulator joined in virtual time, with no
// io_context. Bytes the driver sends reach the simulator at once; its answer comes back after
// `latency`. Time advances 1 ms at a time; the driver is ticked at its tick_interval.
#pragma once

#include <algorithm>
#include <deque>
#include <functional>
#include <utility>
#include <vector>

#include "devices/ssp/ssp_driver.hpp"
#include "sim/ssp/ssp_device_sim.hpp"

namespace ssp_test {

using kiosk::Instant;
using kiosk::Millis;
using kiosk::devices::Bytes;
using kiosk::devices::ValidatorEvent;
using kiosk::devices::ValidatorStep;
using Kind = ValidatorEvent::Kind;

inline kiosk::devices::ssp::SspDriverConfig fast_driver_config() {
  kiosk::devices::ssp::SspDriverConfig c;
  c.tick = Millis{5};
  c.poll_interval = Millis{20};
  c.response_timeout = Millis{60};
  c.hold_interval = Millis{100};
  c.max_retries = 2;
  c.random_seed = 99;
  return c;
}

inline kiosk::sim::ssp::SspDeviceSimConfig fast_sim_config() {
  kiosk::sim::ssp::SspDeviceSimConfig c;
  c.read_time = Millis{20};
  c.stack_time = Millis{20};
  c.reject_time = Millis{20};
  c.escrow_timeout = Millis{500};
  return c;
}

struct VirtualBench {
  kiosk::sim::ssp::SspDeviceSim sim;
  kiosk::devices::ssp::SspDriver driver;
  Instant now{1000};
  Millis latency{2};
  bool link_cut = false;  // bytes both ways are lost
  std::vector<ValidatorEvent> events;
  std::vector<Bytes> sent;
  std::deque<std::pair<Instant, Bytes>> in_flight;
  std::function<void(const ValidatorEvent&)> on_event;

  explicit VirtualBench(kiosk::sim::ssp::SspDeviceSimConfig s = fast_sim_config(),
                        kiosk::devices::ssp::SspDriverConfig d = fast_driver_config())
      : sim(std::move(s)), driver(std::move(d)) {}

  void apply(ValidatorStep step) {
    if (!step.tx.empty()) {
      sent.push_back(step.tx);
      if (!link_cut) {
        Bytes answer = sim.on_host_bytes(step.tx, now);
        if (!answer.empty()) in_flight.emplace_back(now + latency, std::move(answer));
      }
    }
    for (auto& e : step.events) {
      events.push_back(e);
      if (on_event) on_event(e);
    }
  }

  void step_1ms() {
    now += Millis{1};
    while (!in_flight.empty() && in_flight.front().first <= now) {
      Bytes b = std::move(in_flight.front().second);
      in_flight.pop_front();
      if (!link_cut) apply(driver.on_bytes(b, now));
    }
    if (now.count() % driver.tick_interval().count() == 0) apply(driver.on_tick(now));
  }

  void run_for(Millis d) {
    const Instant end = now + d;
    while (now < end) step_1ms();
  }

  bool run_until(const std::function<bool()>& pred, Millis limit = Millis{5000}) {
    const Instant end = now + limit;
    while (!pred()) {
      if (now >= end) return false;
      step_1ms();
    }
    return true;
  }

  std::size_t count(Kind k) const {
    return static_cast<std::size_t>(
        std::count_if(events.begin(), events.end(), [k](const auto& e) { return e.kind == k; }));
  }
  const ValidatorEvent* last(Kind k) const {
    for (auto it = events.rbegin(); it != events.rend(); ++it)
      if (it->kind == k) return &*it;
    return nullptr;
  }
  bool ready() {
    return run_until([&] { return count(Kind::Ready) > 0; });
  }
  bool ready_and_enabled(const std::vector<kiosk::flows::Kzt>& d) {
    if (!ready()) return false;
    apply(driver.enable(d, now));
    return run_until([&] { return count(Kind::Idle) > 0; });
  }
};

}  // namespace ssp_test
