// The kiosk's mode, from the health of what a sale needs: booting until the validator is ready,
// in service while it is, out of service (with a reason a technician understands) otherwise.
// Pure: fed device reports, asked for the mode. The shell passes the result to the flows.
#pragma once

#include <string>

#include "devices/bill_validator.hpp"
#include "devices/receipt_printer.hpp"

namespace kiosk::app {

enum class Mode { Booting, InService, OutOfService };
const char* to_string(Mode m);

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
