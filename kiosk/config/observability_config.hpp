// The observability keys of the config: `operator.heartbeat_interval_ms` (how often the kiosk
// posts /v1/heartbeat) and the `ctl` section (`socket_path`: where `kiosk ctl` finds the running
// kiosk). Read by kiosk_config.cpp; documented in config/README.md.
#pragma once

#include <string>

#include "kiosk/config/json_reader.hpp"

namespace kiosk::app {

struct ObservabilityConfig {
  int heartbeat_interval_ms = 60'000;
  // The Unix socket of `kiosk ctl`; "" = no socket. A relative path is resolved beside the
  // database (so `kiosk run --sim --db DIR/x.db` puts it in DIR).
  std::string ctl_socket_path;
};

// Inside $.operator.
void read_heartbeat_interval(JsonObjectReader& op, ObservabilityConfig& o);
// $.ctl (optional).
void read_ctl(JsonObjectReader& root, ObservabilityConfig& o);
// The socket path to use for a kiosk whose database is `db_path` ("" = none).
std::string resolve_ctl_socket(const ObservabilityConfig& o, const std::string& db_path);

}  // namespace kiosk::app
