#include "kiosk/maintenance/cash_reports.hpp"

namespace kiosk::app {

nlohmann::json cassette_book_json(const flows::dispense::CassetteBook& book) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& c : book.cassettes())
    list.push_back({{"index", c.index}, {"kzt", c.kzt.value}, {"count", c.count}});
  return {{"cassettes", list},
          {"reject",
           {{"notes", book.reject_tray().notes}, {"value_kzt", book.reject_tray().value.value}}},
          {"cash_kzt", book.cash_on_hand().value}};
}

nlohmann::json refill_reconciliation_json(const flows::dispense::Reconciliation& r) {
  nlohmann::json lines = nlohmann::json::array();
  for (const auto& l : r.cassettes)
    lines.push_back({{"index", l.index},
                     {"kzt", l.kzt.value},
                     {"expected", l.expected},
                     {"counted", l.counted},
                     {"difference", l.difference}});
  return {{"cassettes", lines},
          {"reject_expected", r.reject_expected},
          {"reject_counted", r.reject_counted},
          {"reject_value_expected_kzt", r.reject_value_expected.value}};
}

}  // namespace kiosk::app
