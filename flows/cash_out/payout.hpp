// The money-moving core shared by cash-out, redeem and recovery: when a deposit may be paid out,
// the dispense intent record, and what a dispense result means (the settlement) and which effects
// follow from it.
#pragma once

#include "flows/cash_out/cash_out_types.hpp"

namespace kiosk::flows::cash_out {

const char* to_string(DispenseFinished::Result r);  // "complete" | "partial" | "unknown"

// Whether an order may be paid out now: the exchange says confirmed, with at least
// max(order's required confirmations, kiosk floor) confirmations and at least the crypto asked.
bool deposit_ready(Atoms crypto_atoms, int required_confirmations, const DepositStatus& status,
                   int min_confirmations);

struct Settlement {
  DispenseFinished::Result result = DispenseFinished::Result::Unknown;
  std::vector<dispense::CassetteMove> moves;
  std::map<std::int64_t, int> delivered;  // denomination -> notes the customer has
  Kzt planned{};
  Kzt delivered_kzt{};
  Kzt shortfall{};  // planned - delivered when partial, else 0
  int rejected = 0;
  std::string error;
};

// What a dispense did, from the plan and the device's answer. The device's counts decide: a
// "complete" answer that delivered less than planned is partial; an unknown answer stays unknown
// whatever counts came with it. `cassettes` names the note of a cassette outside the plan.
Settlement settle(const dispense::DispensePlan& plan, const DispenseFinished& finished,
                  const std::vector<dispense::Cassette>& cassettes);

// The kDispenseIntent record: order, amount and the plan as text.
Record intent_record(const std::string& tx_id, const std::string& order_id,
                     const dispense::DispensePlan& plan, const std::string& flow);

// After a dispense: journal the result, queue the report for the exchange, and suspend cash-out
// when the result is unknown. `recovered`: settled after a restart.
std::vector<Effect> settlement_effects(const std::string& tx_id, const std::string& order_id,
                                       const Settlement& s, bool recovered);

}  // namespace kiosk::flows::cash_out
