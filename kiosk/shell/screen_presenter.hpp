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

// The out-of-service screen's reason for a customer, from the kiosk's code ("validator_jammed",
// "printer_paper out", ...): "starting", "stopping", "no_rates", "maintenance" or "device". The
// code itself never reaches the customer (the console and the log have it).
std::string customer_reason(const std::string& code);

// The QR (SVG) of the receipt's lookup link (prefix + tx id), or null without a prefix or a tx.
nlohmann::json receipt_qr(const std::string& prefix, const std::string& tx_id);

// Every screen message's "support": the operator's phone (null when none) and kiosks nearby.
nlohmann::json support_json(const std::string& phone,
                            const std::vector<std::string>& nearby_kiosks);

}  // namespace kiosk::app
