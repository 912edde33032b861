// The exchange simulator's heartbeat desk, sans-IO: POST /v1/heartbeat keeps the latest heartbeat
// per kiosk with when it arrived, and answers {"commands_after": SEQ}. GET /sim/heartbeats lists
// them for tests and the console's fleet lines. Any JSON object is kept (the outbox tests send
// "{}"); whether it matches the v1 contract (offline_queue/heartbeat_message.hpp) is reported
// beside it (`valid`, `problem`).
//
//   GET /sim/heartbeats -> {"kiosks": [{"kiosk_id", "received_at_ms", "count", "valid",
//                           "problem"?, "heartbeat": {...}}]}
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "offline_queue/heartbeat_message.hpp"
#include "sim/exchange/exchange_service_types.hpp"

namespace kiosk::sim {

struct HeartbeatSeen {
  std::string body;
  std::int64_t received_at_ms = 0;
  std::int64_t count = 0;  // heartbeats received from this kiosk
  std::optional<oq::Heartbeat> parsed;
  std::string problem;  // why it does not match the contract ("" when parsed)
};

class HeartbeatDesk {
 public:
  // `commands_after`: the simulator's highest command seq for this kiosk (0: none).
  SimResponse receive(const std::string& kiosk, const std::string& body, std::int64_t now_ms,
                      std::int64_t commands_after);
  const std::map<std::string, HeartbeatSeen>& latest() const { return latest_; }
  std::optional<std::string> last_body(const std::string& kiosk) const;
  nlohmann::json to_json() const;
  // One line per kiosk for the simulator console: {"kiosk_id", "mode", "reason", "last_seen_s",
  // "outbox_depth", "cash_box_kzt", "cassettes_kzt", "valid"}.
  nlohmann::json fleet(std::int64_t now_ms) const;

 private:
  std::map<std::string, HeartbeatSeen> latest_;
};

}  // namespace kiosk::sim
