// Renders the cash-in flow's state as the customer screen message of the UI protocol
// (ui/README.md): {"type":"screen","screen":...,"lang":...,"deadline_s":...,"data":{...}}.
// Amounts are formatted here, so the page holds no business logic.
#pragma once

#include <nlohmann/json.hpp>

#include "flows/cash_in/cash_in_flow.hpp"

namespace kiosk::app {

nlohmann::json present_screen(const flows::cash_in::CashInFlow& flow, Instant now);

// The consent screen's data, shared by the cash-in and cash-out identification screens.
nlohmann::json kyc_consent_data(const flows::compliance::KycSettings& kyc);

// "48 231 000 ₸" for a rate: whole tenge per unit, rounded down.
std::string format_rate_kzt(const flows::Rate& r);

}  // namespace kiosk::app
