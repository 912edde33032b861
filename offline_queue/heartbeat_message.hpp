// POST /v1/heartbeat (exchange-api.md, "Heartbeat"): what a kiosk tells the exchange about itself
// every `operator.heartbeat_interval_ms`, and the answer `{"commands_after": SEQ}`. The kiosk
// writes the body with heartbeat_body(); the simulator reads it with parse_heartbeat(), so both
// sides agree on the wire form. Integers only (no floating point), units in the field names.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "offline_queue/json_read.hpp"

namespace kiosk::oq {

// One device's health: `state` is "ok", "fault", "absent" (not configured) or "unknown" (not
// heard from yet); `detail` is a short code ("validator_jammed", "printer_paper_out", ...) or "".
struct DeviceHealthReport {
  std::string state = "unknown";
  std::string detail;
  bool operator==(const DeviceHealthReport&) const = default;
};

struct CassetteReport {
  int index = 0;           // slot, as in the config
  std::int64_t kzt = 0;    // denomination
  std::int64_t count = 0;  // notes, as the journal says
  bool operator==(const CassetteReport&) const = default;
};

struct Heartbeat {
  std::string kiosk_id;
  std::int64_t sent_at_ms = 0;  // Unix milliseconds
  std::string software_version;
  std::int64_t uptime_s = 0;
  std::string mode;    // "booting", "in_service", "out_of_service", "maintenance"
  std::string reason;  // "" in service
  bool buy_offered = false, sell_offered = false;
  DeviceHealthReport validator, dispenser, printer, camera;
  std::vector<CassetteReport> cassettes;  // empty without a dispenser
  std::int64_t reject_tray_notes = 0;
  std::int64_t cash_box_notes = 0,
               cash_box_kzt = 0;           // since the journal began (or last collection)
  std::int64_t outbox_depth = 0;           // pending requests
  std::int64_t outbox_oldest_age_s = 0;    // 0 when the outbox is empty
  std::int64_t journal_head_seq = 0;       // the kiosk's last journal row
  std::int64_t journal_acked_through = 0;  // the exchange holds rows 1..this
  bool operator==(const Heartbeat&) const = default;
};

std::string heartbeat_body(const Heartbeat& h);
// Every field is required and typed; unknown fields are ignored (a newer kiosk may add some).
std::expected<Heartbeat, MessageError> parse_heartbeat(std::string_view body);

std::string heartbeat_answer_body(std::int64_t commands_after);
// {"commands_after": SEQ}, SEQ >= 0.
std::expected<std::int64_t, MessageError> parse_heartbeat_answer(std::string_view body);

}  // namespace kiosk::oq
