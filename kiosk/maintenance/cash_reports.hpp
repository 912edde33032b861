// What the operator commands `status`, `refill` and `reconcile` report about the cash, as JSON:
// the cassette book as the journal says, and a refill's reconciliation against it.
#pragma once

#include <nlohmann/json.hpp>

#include "flows/dispense/cassette_book.hpp"

namespace kiosk::app {

// {"cassettes": [{"index","kzt","count"}], "reject": {"notes","value_kzt"}, "cash_kzt"}
nlohmann::json cassette_book_json(const flows::dispense::CassetteBook& book);
// {"cassettes": [{"index","kzt","expected","counted","difference"}], "reject_expected", ...}
nlohmann::json refill_reconciliation_json(const flows::dispense::Reconciliation& r);

}  // namespace kiosk::app
