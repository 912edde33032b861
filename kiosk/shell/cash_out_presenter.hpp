// Renders the cash-out and redeem flows as customer screen messages (the UI protocol of
// ui/README.md; renderers in ui/www/cash_out_screens.js). Amounts are formatted here and the
// deposit address's QR is sent as an SVG, so the page computes nothing.
#pragma once

#include <nlohmann/json.hpp>

#include "flows/cash_out/cash_out_flow.hpp"
#include "flows/cash_out/redeem_flow.hpp"

namespace kiosk::app {

nlohmann::json present_cash_out(const flows::cash_out::CashOutFlow& flow, const std::string& lang,
                                Instant now);
nlohmann::json present_redeem(const flows::cash_out::RedeemFlow& flow, const std::string& lang,
                              const std::string& typed_code, Instant now);

}  // namespace kiosk::app
