// The printer's test page (operator command `test_print`, the technician screen): what a
// technician needs to see on paper that the printer works and which kiosk it is in. Pure.
#pragma once

#include <cstdint>
#include <string>

#include "flows/receipt.hpp"

namespace kiosk::app {

struct TestPageFacts {
  std::string kiosk_id;
  std::int64_t now_ms = 0;  // Unix ms, printed as UTC
  std::string version;      // software_version()
  std::string printer;      // the printer's status as read just before ("ok", "paper near end")
  std::string actor;        // who asked ("operator:<id>", "technician:<id>")
};

flows::Receipt test_page(const TestPageFacts& f);

// "2026-12-08 04:05:07 UTC"
std::string utc_text(std::int64_t unix_ms);

}  // namespace kiosk::app
