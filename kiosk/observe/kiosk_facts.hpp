// What only the runtime knows about the kiosk right now, asked by the observability shell each
// time it reports (heartbeat, /metrics, /healthz, `kiosk ctl`). The runtime fills it from the
// supervisor, the flows and the cash-out station (kiosk_runtime_facts.cpp).
#pragma once

#include <string>

#include "devices/qr/decode_timing.hpp"
#include "offline_queue/heartbeat_message.hpp"

namespace kiosk::app {

struct KioskFacts {
  std::string mode;    // to_string(Supervisor::mode())
  std::string reason;  // "" in service
  bool buy_offered = false, sell_offered = false;
  std::string buy_reason, sell_reason;
  bool in_session = false;  // a customer is mid-session (cash-in past the welcome screen, or
                            // cash-out/redeem active)
  std::string screen;       // the customer screen on display
  bool exchange_online = false;
  oq::DeviceHealthReport dispenser;
  devices::DecodeTimes decode_times;
};

}  // namespace kiosk::app
