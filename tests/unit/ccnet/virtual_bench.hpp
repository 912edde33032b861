// The virtual-time bench (tests/unit/validator_bench.hpp) for the CCNET driver and simulator.
#pragma once

#include <algorithm>
#include <deque>
#include <functional>
#include <utility>
#include <vector>

#include "../validator_bench.hpp"
#include "devices/ccnet/ccnet_driver.hpp"
#include "sim/ccnet/ccnet_device_sim.hpp"

namespace ccnet_test {

using kiosk::Instant;
using kiosk::Millis;
using kiosk::devices::Bytes;
using kiosk::devices::ValidatorEvent;
using kiosk::devices::ValidatorStep;
using Kind = ValidatorEvent::Kind;

inline kiosk::devices::ccnet::CcnetDriverConfig fast_driver_config() {
  kiosk::devices::ccnet::CcnetDriverConfig c;
  c.tick = Millis{5};
  c.poll_interval = Millis{20};
  c.response_timeout = Millis{60};
  c.inter_frame_gap = Millis{2};
  c.max_retries = 2;
  return c;
}

inline kiosk::sim::ccnet::CcnetDeviceSimConfig fast_sim_config() {
  kiosk::sim::ccnet::CcnetDeviceSimConfig c;
  c.initialize_time = Millis{30};
  c.accept_time = Millis{20};
  c.stack_time = Millis{20};
  c.return_time = Millis{20};
  c.reject_time = Millis{20};
  c.escrow_hold = Millis{2000};
  return c;
}

struct VirtualBench : kiosk_test::ValidatorBench<kiosk::sim::ccnet::CcnetDeviceSim,
                                                 kiosk::devices::ccnet::CcnetDriver> {
  explicit VirtualBench(kiosk::sim::ccnet::CcnetDeviceSimConfig s = fast_sim_config(),
                        kiosk::devices::ccnet::CcnetDriverConfig d = fast_driver_config())
      : ValidatorBench(std::move(s), std::move(d)) {}
};

}  // namespace ccnet_test
