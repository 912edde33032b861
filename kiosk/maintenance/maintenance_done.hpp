// How a maintenance action (test dispense, test print, ...) ended, for whoever asked: the
// operator's command (executed / failed with `reason`), `kiosk ctl`, the technician screen.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace kiosk::app {

struct MaintenanceDone {
  bool ok = false;
  std::string reason;  // when not ok: why, as a stable word ("busy", "printer_not_ready", ...)
  nlohmann::json report;
};

}  // namespace kiosk::app
