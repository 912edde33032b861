// The virtual-time bench (tests/unit/validator_bench.hpp) for the ID003 driver and simulator, with
// no io_context. Bytes the driver sends reach the simulator at once; its answer comes back after
// `latency`. Time advances 1 ms at a time; the driver is ticked at its tick_interval.
#pragma once

#include <algorithm>
#include <deque>
#include <functional>
#include <utility>
#include <vector>

#include "../validator_bench.hpp"
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

struct VirtualBench : kiosk_test::ValidatorBench<kiosk::sim::id003::Id003DeviceSim,
                                                 kiosk::devices::id003::Id003Driver> {
  explicit VirtualBench(kiosk::sim::id003::Id003DeviceSimConfig s = fast_sim_config(),
                        kiosk::devices::id003::Id003DriverConfig d = fast_driver_config())
      : ValidatorBench(std::move(s), std::move(d)) {}
  bool ready_and_enabled(const std::vector<kiosk::flows::Kzt>& d = all_kzt()) {
    if (!ready()) return false;
    apply(driver.enable(d, now));
    return run_until([&] { return saw(Kind::Idle); });
  }
};

}  // namespace id003_test
