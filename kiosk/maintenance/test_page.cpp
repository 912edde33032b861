#include "kiosk/maintenance/test_page.hpp"

#include <chrono>
#include <cstdio>

namespace kiosk::app {

std::string utc_text(std::int64_t unix_ms) {
  using namespace std::chrono;
  const sys_seconds t{seconds{unix_ms / 1000}};
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02ld:%02ld:%02ld UTC", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), long(hms.hours().count()),
                long(hms.minutes().count()), long(hms.seconds().count()));
  return buf;
}

flows::Receipt test_page(const TestPageFacts& f) {
  using Style = flows::ReceiptLine::Style;
  flows::Receipt r;
  r.title = "PRINTER TEST PAGE";
  r.lines = {{"Kiosk", f.kiosk_id, Style::Bold},
             {"Time", utc_text(f.now_ms), Style::Normal},
             {"Software", f.version, Style::Normal},
             {"Printer", f.printer, Style::Normal},
             {"Asked by", f.actor, Style::Small}};
  r.footer = {"Not a receipt. No money was moved."};
  return r;
}

}  // namespace kiosk::app
