// What the operator commands `status`, `refill` and `reconcile` report about the cash, as JSON:
// the cassette book as the journal says (a refill's reconciliation against it is
// reconciliation_json in kiosk/shell/cassette_refill.hpp, shared with `kiosk ctl refill`).
#pragma once

#include <nlohmann/json.hpp>

#include "flows/dispense/cassette_book.hpp"

namespace kiosk::app {

// {"cassettes": [{"index","kzt","count"}], "reject": {"notes","value_kzt"}, "cash_kzt"}
nlohmann::json cassette_book_json(const flows::dispense::CassetteBook& book);

}  // namespace kiosk::app
