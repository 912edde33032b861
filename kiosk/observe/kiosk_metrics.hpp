// The kiosk's /metrics families (prometheus_text.hpp), from what the kiosk already knows: the
// journal's durable counters (journal_tally.hpp), the devices' health board, the outbox, the QR
// decoder's timings and the mode. Pure. Names: `kiosk_` prefix, `_total` for counters, base units
// (`_seconds`, tenge as `_kzt`). No label carries personal data: flows, denominations, device
// kinds and reason codes only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "devices/qr/decode_timing.hpp"
#include "kiosk/observe/device_health.hpp"
#include "kiosk/observe/journal_tally.hpp"
#include "kiosk/observe/prometheus_text.hpp"
#include "offline_queue/heartbeat_message.hpp"

namespace kiosk::app {

struct MetricsInputs {
  std::string mode;  // to_string(Mode)
  bool buy_offered = false, sell_offered = false;
  std::int64_t outbox_depth = 0;
  std::int64_t outbox_oldest_age_s = 0;
  std::int64_t journal_acked_through = 0;
  std::vector<oq::CassetteReport> cassettes;
  devices::DecodeTimes decode_times;
  std::int64_t uptime_s = 0;
  std::string software_version;
};

// Every mode a kiosk can be in, for the one-gauge-per-mode family (a mode outside the list is
// added when it is the current one).
inline const std::vector<std::string> kKnownModes = {"booting", "in_service", "out_of_service",
                                                     "maintenance"};

std::vector<MetricFamily> kiosk_metric_families(const MetricsInputs& in,
                                                const JournalTally& journal,
                                                const DeviceHealthBoard& devices);

}  // namespace kiosk::app
