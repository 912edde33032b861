// The cash-in receipt: what the customer takes away as proof of the purchase.
#pragma once

#include "flows/cash_in/cash_in_flow.hpp"

namespace kiosk::flows::cash_in {

// Built from the session at the moment the purchase is queued. The shell adds the date and time.
Receipt build_cash_in_receipt(const Session& s, const Policy& p);

}  // namespace kiosk::flows::cash_in
