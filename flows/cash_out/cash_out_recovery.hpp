// Recovery of a cash-out or redeem transaction the kiosk did not finish (crash, power cut).
//
// Input: the journal rows of one transaction and what the dispenser says about its last dispense.
// A dispense is NEVER retried. The decision:
//  * no dispense intent: nothing left the kiosk; the transaction is closed (an order that was
//    created without a printed redeem code is flagged for the operator);
//  * an intent with a result: finished before the crash; nothing to do;
//  * an intent without a result: settled from the journaled batch results plus the device's
//    last-dispense report when that report is trustworthy for the batch in flight; otherwise the
//    outcome is unknown: reported as such, and cash-out is suspended until the operator settles.
//
// The device's "last dispense" carries no transaction id, so it is trusted only when it requested
// exactly the batch in flight AND differs from the request of the previous settled dispense (else
// it may be that one, if the crash came before the command was sent).
#pragma once

#include <optional>
#include <vector>

#include "flows/cash_out/cash_out_types.hpp"
#include "flows/cash_out/payout.hpp"

namespace kiosk::flows::cash_out {

struct DeviceLastDispense {
  std::vector<int> requested;  // per cassette index, as the device remembers the command
  DispenseFinished finished;   // its outcome (moves per cassette); Unknown when it cannot tell
};

struct RecoveryInput {
  std::vector<Record> rows;                          // one transaction, in journal order
  std::optional<DeviceLastDispense> device;          // none: the device cannot say
  std::optional<std::vector<int>> previous_request;  // per cassette, of the last settled dispense
  std::vector<dispense::Cassette> cassettes;         // to value notes outside the plan
};

enum class RecoveryDecision { NothingToDo, Closed, Settled, Unknown };
const char* to_string(RecoveryDecision d);

struct RecoveryOutcome {
  RecoveryDecision decision = RecoveryDecision::NothingToDo;
  std::string tx_id;
  std::string order_id;
  std::optional<Settlement> settlement;
  std::vector<Effect> effects;  // for the shell, in order
};

RecoveryOutcome recover_cash_out(const RecoveryInput& in);

}  // namespace kiosk::flows::cash_out
