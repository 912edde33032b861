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

}  // namespace kiosk::app
