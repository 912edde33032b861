// GET /healthz, pure: 200 "ok" only in service; otherwise 503 with a JSON body naming the mode
// and the reason ({"status": "unavailable", "mode": "out_of_service", "reason":
// "validator_link_lost"}), so a probe or a technician sees why.
#pragma once

#include <string>

#include "ui/ui_server.hpp"

namespace kiosk::app {

ui::HttpAnswer health_answer(const std::string& mode, const std::string& reason);

}  // namespace kiosk::app
