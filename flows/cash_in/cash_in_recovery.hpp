// Recovery of a cash-in session the kiosk did not finish (crash, power cut, kill -9).
//
// Given the journal records of one transaction that has `cash_in.session_opened` but no
// `cash_in.closed`, decides what to do, as effects for the same shell that runs the flow:
//  * notes credited and no purchase queued -> queue the purchase for exactly the credited notes at
//    the session's quote (recovered = true): cash inserted is never lost;
//  * a note sent to the stacker without a credit record -> journaled as unresolved for the
//    operator, never credited blindly;
//  * the transaction is closed with reason "recovered" so it is handled exactly once.
// The customer has usually left; the operator sees the recovery in the journal and the heartbeat.
#pragma once

#include <vector>

#include "flows/cash_in/cash_in_types.hpp"

namespace kiosk::flows::cash_in {

struct RecoverySummary {
  std::string tx_id;
  Kzt credited{};
  Kzt unresolved{};
  bool purchase_queued_now = false;  // this recovery queued the purchase
  bool purchase_was_queued = false;  // it had been queued before the crash
};

std::vector<Effect> recover_cash_in(const std::vector<Record>& rows, RecoverySummary* summary);

}  // namespace kiosk::flows::cash_in
