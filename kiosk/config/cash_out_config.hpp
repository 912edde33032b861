// The "cash_out" section of the config and the dispenser's limits, read into the cash-out flows'
// Policy. Absent section: cash-out is off (`enabled` false) even with a dispenser configured.
#pragma once

#include "kiosk/config/json_reader.hpp"
#include "kiosk/config/kiosk_config.hpp"

namespace kiosk::app {

void read_cash_out(JsonObjectReader& root, KioskConfig& c, ConfigProblems& p);

}  // namespace kiosk::app
