// At start-up, before the kiosk takes a customer: finds every cash-in transaction the journal
// opened and never closed (a crash, a power cut, kill -9) and settles it through
// flows::cash_in::recover_cash_in, carried out by the same shell as live sessions.
#pragma once

#include <vector>

#include "flows/cash_in/cash_in_recovery.hpp"
#include "kiosk/shell/cash_in_shell.hpp"

namespace kiosk::app {

// Reads the journal, recovers every open cash-in, returns what was done (for logs and the
// scenario summary). Journal read errors are returned as an empty list after logging.
std::vector<flows::cash_in::RecoverySummary> recover_open_cash_ins(oq::Store& store,
                                                                   CashInShell& shell);

}  // namespace kiosk::app
