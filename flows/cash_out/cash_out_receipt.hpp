// Receipts of the cash-out and redeem flows: what the customer takes away.
//  * the cash-out receipt: what was delivered (partial: the shortfall; unknown: the operator
//    settles);
//  * the redeem-code slip: the code (text and QR) to collect the cash later, when the deposit was
//    not confirmed in time.
// The shell adds the date and time.
#pragma once

#include "flows/cash_out/cash_out_flow.hpp"

namespace kiosk::flows::cash_out {

Receipt build_cash_out_receipt(const Session& s, const Policy& p);
Receipt build_redeem_code_receipt(const Session& s, const Policy& p);

// Shared by cash-out and redeem: the delivered lines and footers for a settlement.
void add_settlement_lines(Receipt& r, const Settlement& st, const std::string& order_id);

}  // namespace kiosk::flows::cash_out
