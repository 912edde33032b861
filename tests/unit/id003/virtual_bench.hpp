// A deterministic bench: the ID003 driver and the device simulator joined in virtual time, with no
// io_context. Bytes the driver sends reach the simulator at once; its answer comes back after
// `latency`. Time advances 1 ms at a time; the driver is ticked at its tick_interval.
#pragma once

#include <algorithm>
#include <deque>
#include <functional>
#include <utility>
#include <vector>

#include "devices/id003/id003_driver.hpp"
#include "sim/id003/id003_device_sim.hpp"

namespace id003_test {

using kiosk::Instant;
using kiosk::Millis;
using kiosk::devices::Bytes;
using kiosk::devices::ValidatorEvent;
using kiosk::devices::ValidatorStep;
using Kind = ValidatorEvent::Kind;

inline kiosk::devices::id003::Id003DriverConfig fast_driver_config() {
  kiosk::devices::id003::Id003DriverConfig c;
  c.tick = Millis{5};
  c.poll_interval = Millis{20};
  c.response_timeout = Millis{60};
  c.inter_frame_gap = Millis{2};
  c.max_retries = 2;
  return c;
}

inline kiosk::sim::id003::Id003DeviceSimConfig fast_sim_config() {
  kiosk::sim::id003::Id003DeviceSimConfig c;
  c.initialize_time = Millis{30};
  c.accept_time = Millis{20};
  c.stack_time = Millis{20};
  c.return_time = Millis{20};
  c.reject_time = Millis{20};
  c.escrow_hold = Millis{2000};
  return c;
}

// Every KZT denomination of the default simulator table (old and Saka series).
inline const std::vector<kiosk::flows::Kzt>& all_kzt() {
  using kiosk::flows::Kzt;
  static const std::vector<Kzt> v{Kzt{200},  Kzt{500},   Kzt{1000}, Kzt{2000},
                                  Kzt{5000}, Kzt{10000}, Kzt{20000}};
  return v;
}

struct VirtualBench {
  kiosk::sim::id003::Id003DeviceSim sim;
  kiosk::devices::id003::Id003Driver driver;
  Instant now{1000};
  Millis latency{2};
  std::vector<ValidatorEvent> events;
  std::vector<Bytes> sent;  // every tx the driver produced, in order
  std::deque<std::pair<Instant, Bytes>> in_flight;
  std::function<void(const ValidatorEvent&)> on_event;  // may call driver commands

  explicit VirtualBench(kiosk::sim::id003::Id003DeviceSimConfig s = fast_sim_config(),
                        kiosk::devices::id003::Id003DriverConfig d = fast_driver_config())
      : sim(std::move(s)), driver(std::move(d)) {}

  void apply(ValidatorStep step) {
    if (!step.tx.empty()) {
      sent.push_back(step.tx);
      Bytes answer = sim.on_host_bytes(step.tx, now);
      if (!answer.empty()) in_flight.emplace_back(now + latency, std::move(answer));
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
      apply(driver.on_bytes(b, now));
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
  bool saw(Kind k) const { return count(k) > 0; }
  const ValidatorEvent* last(Kind k) const {
    for (auto it = events.rbegin(); it != events.rend(); ++it)
      if (it->kind == k) return &*it;
    return nullptr;
  }
  bool ready() {
    return run_until([&] { return saw(Kind::Ready); });
  }
  bool ready_and_enabled(const std::vector<kiosk::flows::Kzt>& d = all_kzt()) {
    if (!ready()) return false;
    apply(driver.enable(d, now));
    return run_until([&] { return saw(Kind::Idle); });
  }
};

}  // namespace id003_test
