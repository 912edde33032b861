// A driver and its device simulator joined in virtual time (like tests/unit/validator_bench.hpp),
// with every driver call bracketed by the steady clock on this busy thread (the thread CPU clock
// is a system call costing microseconds on some VMs, more than the work it would time; the run's
// thread CPU total is reported beside as a check): what is measured is the driver and its codec
// only, never the simulator. Bytes the driver sends reach the simulator at once; its answer
// comes back after `latency`. Time advances 1 ms at a time; the driver is ticked at its
// tick_interval, exactly as the real shell does.
#pragma once

#include <algorithm>
#include <deque>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "cpu_clock.hpp"
#include "devices/transport.hpp"
#include "flows/time.hpp"

namespace kiosk::bench {

using devices::Bytes;

template <class Sim, class Driver, class Step, class Event>
struct VirtualRig {
  Sim sim;
  Driver driver;
  std::int64_t overhead_ns;
  Instant now{1000};
  Millis latency{2};
  std::deque<std::pair<Instant, Bytes>> in_flight;
  std::optional<Instant> wake;  // the simulator speaks on its own then (dispensers)
  std::vector<Event> events;
  std::function<void(const Event&)> on_event;

  std::int64_t driver_ns = 0;             // every driver call so far
  std::int64_t last_call_ns = 0;          // the call whose step is being applied
  std::pair<Bytes, Bytes> last_exchange;  // a request and the simulator's answer to it

  // Escrow-to-stack accounting: opened by escrow_seen(), closed by the next tx after it.
  bool escrow_open = false;
  std::int64_t escrow_acc_ns = 0;
  Instant escrow_at{};
  std::vector<std::int64_t> escrow_cpu_ns, escrow_virtual_ms;

  VirtualRig(Sim s, Driver d, std::int64_t overhead)
      : sim(std::move(s)), driver(std::move(d)), overhead_ns(overhead) {}

  template <class F>
  void call(F&& f) {
    const std::int64_t a = wall_ns();
    Step step = f(driver, now);
    const std::int64_t d = std::max<std::int64_t>(0, wall_ns() - a - overhead_ns);
    driver_ns += d;
    last_call_ns = d;
    if (escrow_open) escrow_acc_ns += d;
    apply(std::move(step));
  }

  // Called from on_event for the escrow event, before the handler asks for the stack: the call
  // that produced the event (the received escrow bytes) counts towards the latency.
  void escrow_seen() {
    escrow_open = true;
    escrow_acc_ns = last_call_ns;
    escrow_at = now;
  }

  void apply(Step step) {
    if (!step.tx.empty()) {
      if (escrow_open) {  // the first bytes out after the stack request carry it
        escrow_open = false;
        escrow_cpu_ns.push_back(escrow_acc_ns);
        escrow_virtual_ms.push_back((now - escrow_at).count());
      }
      Bytes answer = sim.on_host_bytes(step.tx, now);
      wake = sim.wake_at();
      if (!answer.empty()) {
        last_exchange = {step.tx, answer};
        in_flight.emplace_back(now + latency, std::move(answer));
      }
    }
    for (auto& e : step.events) {
      events.push_back(e);
      if (on_event) on_event(e);  // the step's copy: the handler may add events
    }
  }

  void step_1ms() {
    now += Millis{1};
    while (!in_flight.empty() && in_flight.front().first <= now) {
      Bytes b = std::move(in_flight.front().second);
      in_flight.pop_front();
      call([&](Driver& d, Instant t) { return d.on_bytes(b, t); });
    }
    if (wake && *wake <= now) {
      wake.reset();
      Bytes out = sim.on_host_bytes({}, now);
      wake = sim.wake_at();
      if (!out.empty()) in_flight.emplace_back(now, std::move(out));
    }
    if (now.count() % driver.tick_interval().count() == 0)
      call([](Driver& d, Instant t) { return d.on_tick(t); });
  }

  void run_for(Millis d) {
    const Instant end = now + d;
    while (now < end) step_1ms();
  }

  bool run_until(const std::function<bool()>& pred, Millis limit = Millis{30000}) {
    const Instant end = now + limit;
    while (!pred()) {
      if (now >= end) return false;
      step_1ms();
    }
    return true;
  }

  template <class K>
  std::size_t count(K k) const {
    return static_cast<std::size_t>(
        std::count_if(events.begin(), events.end(), [k](const auto& e) { return e.kind == k; }));
  }

  // Driver CPU of each of `cycles` consecutive windows of `period` (one poll cycle each, ticks
  // included), after `warmup` windows.
  std::vector<std::int64_t> idle_cycles(Millis period, int cycles, int warmup = 2) {
    run_for(period * warmup);
    std::vector<std::int64_t> out;
    out.reserve(static_cast<std::size_t>(cycles));
    for (int i = 0; i < cycles; ++i) {
      const std::int64_t before = driver_ns;
      run_for(period);
      out.push_back(driver_ns - before);
    }
    return out;
  }
};

}  // namespace kiosk::bench
