// The simulator console's "show a technician badge": a badge signed with the simulator's test
// operator key (config/sim-operator-command.key), or one made wrong on purpose, as the QR payload
// the synthetic camera then shows. For manual testing and the browser tests; never on a real kiosk.
//   {"action": "present_badge", "permissions": ["refill", ...], "kiosk": "sim-ast-001",
//    "technician": "T-0042", "pin": "2468", "expired": false, "forged": false}
#pragma once

#include <cstdint>
#include <expected>
#include <nlohmann/json.hpp>
#include <string>

namespace kiosk::app {

// The payload for `msg` (defaults: every permission, this kiosk, T-0042, no PIN, valid 12 hours);
// `forged` signs with a fresh key the kiosk does not know, `expired` ended an hour ago.
std::expected<std::string, std::string> sim_badge_payload(const nlohmann::json& msg,
                                                          const std::string& kiosk_id,
                                                          std::int64_t now_s);

}  // namespace kiosk::app
