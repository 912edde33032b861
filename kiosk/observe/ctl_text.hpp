// `kiosk ctl`'s human output: the answer of each command as a few lines a technician reads at
// the kiosk. Pure (`--json` prints the answer line itself instead).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace kiosk::app {

// `cmd` as sent ("status", "devices", ...); `answer` the server's line, parsed.
std::string ctl_human_text(const std::string& cmd, const nlohmann::json& answer);

}  // namespace kiosk::app
