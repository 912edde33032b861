// A deterministic bench for any bill validator driver and its device simulator, joined in virtual
// time with no io_context. Bytes the driver sends reach the simulator at once; its answer comes
// back after `latency`. Time advances 1 ms at a time; the driver is ticked at its tick_interval.
// Each protocol's tests/unit/<protocol>/virtual_bench.hpp names its fast configs and its
// VirtualBench.
#pragma once

#include <algorithm>
#include <deque>
#include <functional>
#include <utility>
#include <vector>

#include "devices/bill_validator.hpp"

namespace kiosk_test {

using kiosk::Instant;
using kiosk::Millis;
using kiosk::devices::Bytes;
using kiosk::devices::ValidatorEvent;
using kiosk::devices::ValidatorStep;

template <class Sim, class Driver>
struct ValidatorBench {
  Sim sim;
  Driver driver;
  Instant now{1000};
  Millis latency{2};
  std::vector<ValidatorEvent> events;
  std::vector<Bytes> sent;  // every tx the driver produced, in order
  std::deque<std::pair<Instant, Bytes>> in_flight;
  std::function<void(const ValidatorEvent&)> on_event;  // may call driver commands

  template <class SimConfig, class DriverConfig>
  ValidatorBench(SimConfig s, DriverConfig d) : sim(std::move(s)), driver(std::move(d)) {}

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

  // Feeds raw bytes to the driver as if they came from the device.
  void device_says(const Bytes& bytes) { apply(driver.on_bytes(bytes, now)); }

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

  // Runs until `pred` holds or `limit` passes; true when it held.
  bool run_until(const std::function<bool()>& pred, Millis limit = Millis{5000}) {
    const Instant end = now + limit;
    while (!pred()) {
      if (now >= end) return false;
      step_1ms();
    }
    return true;
  }

  std::size_t count(ValidatorEvent::Kind k) const {
    return static_cast<std::size_t>(
        std::count_if(events.begin(), events.end(), [k](const auto& e) { return e.kind == k; }));
  }
  bool saw(ValidatorEvent::Kind k) const { return count(k) > 0; }
  const ValidatorEvent* last(ValidatorEvent::Kind k) const {
    for (auto it = events.rbegin(); it != events.rend(); ++it)
      if (it->kind == k) return &*it;
    return nullptr;
  }
  bool ready() {
    return run_until([&] { return saw(ValidatorEvent::Kind::Ready); });
  }
};

}  // namespace kiosk_test
