// Shared set-up for the LCDM tests: fast driver and simulator timings, and a scripted harness
// that plays the device by hand.
#pragma once

#include <doctest/doctest.h>

#include "devices/lcdm/lcdm_driver.hpp"
#include "sim/lcdm/lcdm_device_sim.hpp"
#include "tests/unit/ccnet/hex.hpp"

namespace lcdm_test {

using namespace kiosk;
using namespace kiosk::devices;
using namespace kiosk::devices::lcdm;
using ccnet_test::hex;
using ccnet_test::to_hex;
using Kind = DispenserEvent::Kind;
using Result = DispenseOutcome::Result;

inline LcdmDriverConfig fast_driver_config(Model m) {
  LcdmDriverConfig c;
  c.model = m;
  c.tick = Millis{5};
  c.ack_timeout = Millis{50};
  c.response_timeout = Millis{200};
  c.response_resend_wait = Millis{100};
  c.purge_timeout = Millis{500};
  c.dispense_base_timeout = Millis{300};
  c.dispense_per_note = Millis{20};
  c.idle_status_interval = Millis{200};
  c.probe_interval = Millis{100};
  return c;
}

inline sim::lcdm::LcdmDeviceSimConfig fast_sim_config(Model m) {
  auto c = sim::lcdm::default_sim_config(m);
  c.answer_time = Millis{2};
  c.work_time = Millis{5};
  c.per_note_time = Millis{1};
  return c;
}

inline const char* const kModels[] = {"lcdm1000", "lcdm2000", "lcdm4000"};

// The driver, fed by hand.
struct Scripted {
  LcdmDriver d;
  Instant now{1000};
  std::vector<DispenserEvent> events;

  explicit Scripted(LcdmDriverConfig c) : d(std::move(c)) {}

  Bytes take(const DispenserStep& s) {
    events.insert(events.end(), s.events.begin(), s.events.end());
    return s.tx;
  }
  Bytes tick(Millis dt) {
    now += dt;
    return take(d.on_tick(now));
  }
  // Advances time in ticks until the driver sends something (at most `limit`).
  Bytes next_tx(Millis limit = Millis{2000}) {
    for (Millis t{0}; t < limit; t += d.tick_interval()) {
      Bytes tx = tick(d.tick_interval());
      if (!tx.empty()) return tx;
    }
    return {};
  }
  // Advances time by `dt` in ticks, collecting everything sent.
  Bytes run(Millis dt) {
    Bytes all;
    for (Millis t{0}; t < dt; t += d.tick_interval()) {
      Bytes tx = tick(d.tick_interval());
      all.insert(all.end(), tx.begin(), tx.end());
    }
    return all;
  }
  Bytes feed(const Bytes& b) { return take(d.on_bytes(b, now)); }
  std::size_t count(Kind k) const {
    std::size_t n = 0;
    for (const auto& e : events) n += e.kind == k;
    return n;
  }
  const DispenserEvent* last(Kind k) const {
    for (auto it = events.rbegin(); it != events.rend(); ++it)
      if (it->kind == k) return &*it;
    return nullptr;
  }
};

// How many times `frame` occurs in `stream`.
inline int occurrences(const Bytes& stream, const Bytes& frame) {
  int n = 0;
  for (std::size_t i = 0; i + frame.size() <= stream.size(); ++i)
    if (std::equal(frame.begin(), frame.end(), stream.begin() + static_cast<std::ptrdiff_t>(i)))
      ++n;
  return n;
}

}  // namespace lcdm_test
