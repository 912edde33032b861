// The kiosk's mode, from the health of what a sale needs: booting until the validator is ready,
// in service while it is, out of service (with a reason a technician understands) otherwise.
// Pure: fed device reports, asked for the mode. The shell passes the result to the flows.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "devices/bill_validator.hpp"
#include "devices/receipt_printer.hpp"

namespace kiosk::app {

enum class Mode { Booting, InService, OutOfService };
const char* to_string(Mode m);

// What a customer may start now, each with why not: buying needs the validator (and the printer,
// rates), selling the dispenser (and the exchange, cash to pay). Offered separately: a kiosk with a
// jammed dispenser still sells crypto, one with a dead validator still buys it back. The customer
// screen receives it as {"buy": bool, "sell": bool, "reasons": {"buy": code|null, "sell": ...}}.
struct Offers {
  bool buy = false;
  bool sell = false;
  std::string buy_reason;   // "" when offered: "validator_link_lost", "no_rates", ...
  std::string sell_reason;  // "" when offered: "dispenser_fault", "offline", "not_configured", ...
  bool operator==(const Offers&) const = default;
};
// From the buy flow's state and the cash-out station's (`sell_reason` "" = offered).
Offers decide_offers(bool buy_open, const std::string& buy_reason, bool sell_configured,
                     const std::string& sell_reason);
nlohmann::json to_json(const Offers& o);

class Supervisor {
 public:
  void on_validator(const devices::ValidatorEvent& e);
  void on_printer(const devices::PrinterStatus& s);
  void on_printer_unreachable(const std::string& why);

  Mode mode() const;
  // Why the kiosk is not in service ("" when it is): "starting", "validator_link_lost", ...
  std::string reason() const;

 private:
  bool validator_seen_ = false;
  std::string validator_problem_ = "starting";
  std::string printer_problem_;
};

}  // namespace kiosk::app
