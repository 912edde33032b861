// What only a simulation may use, refused by `kiosk run --config FILE` (without --sim) and named by
// `kiosk check-config FILE`: a "sim" device or exchange, a key or secret file others may read, a
// secret or key shorter than 32 bytes, a key file that does not read (offline_queue/key_file.hpp),
// the eSSP preset key, plain HTTP to an exchange that is not on this machine.
#pragma once

#include <string>
#include <vector>

#include "kiosk/config/kiosk_config.hpp"

namespace kiosk::app {

// Every problem as "$.json.path: what is wrong"; empty when a real kiosk may run on it.
std::vector<std::string> production_problems(const KioskConfig& c);

}  // namespace kiosk::app
