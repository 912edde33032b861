// The cash-out half of a scenario's summary: payouts, what the journal says was delivered, and the
// money invariants checked against the simulators' physical truth.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "kiosk/runtime/device_counts.hpp"
#include "offline_queue/store.hpp"
#include "sim/exchange/cash_out_desk.hpp"

namespace kiosk::app {

// `device_delivered_kzt`: the dispenser sim's notes handed out during the run; `desk`: the
// exchange simulator's orders (to check every payout was claimed). Invariants (true = held):
//   no_double_dispense     every order has at most one dispense intent in the journal
//   dispense_was_claimed   every order paid out was claimed at the exchange first
//   cash_out_conserved     the journal's delivered total equals the device's; "n/a" when the
//                          simulator is not the kiosk's dispenser or an outcome is unknown (then
//                          the operator counts), with the reason under "not_checked"
nlohmann::json cash_out_summary(oq::Store& store, std::int64_t start_seq,
                                const DeviceCount& device_delivered_kzt,
                                const sim::CashOutDesk* desk);

}  // namespace kiosk::app
