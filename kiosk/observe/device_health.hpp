// What the kiosk knows of its devices' health, for the heartbeat, `kiosk ctl devices` and
// /metrics: fed the validator's events and the printer's status as they pass through the runtime,
// asked for one report per device. Counts device errors (each time a device enters a fault or
// changes fault) and the notes the validator refused, by reason. Pure: no I/O, no clock.
// The dispenser's health is the cash-out station's (passed in at report time); its errors are
// counted from the journal (journal_tally.hpp).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "devices/bill_validator.hpp"
#include "devices/receipt_printer.hpp"
#include "offline_queue/heartbeat_message.hpp"

namespace kiosk::app {

class DeviceHealthBoard {
 public:
  void on_validator(const devices::ValidatorEvent& e);
  void on_printer(const devices::PrinterStatus& s);
  void on_printer_unreachable();
  void set_camera(bool opened, const std::string& detail = "");

  const oq::DeviceHealthReport& validator() const { return validator_; }
  const oq::DeviceHealthReport& printer() const { return printer_; }
  const oq::DeviceHealthReport& camera() const { return camera_; }
  // From the cash-out station: no dispenser configured, not ready yet, or its fault ("" = none).
  static oq::DeviceHealthReport dispenser(bool configured, bool ready, const std::string& fault);

  // (device, kind) -> count: validator and printer faults entered.
  const std::map<std::pair<std::string, std::string>, std::int64_t>& errors() const {
    return errors_;
  }
  // reason -> notes the validator refused ("returned" for a note the kiosk gave back).
  const std::map<std::string, std::int64_t>& notes_rejected() const { return notes_rejected_; }

 private:
  void fault(oq::DeviceHealthReport& r, const char* device, const std::string& detail);

  oq::DeviceHealthReport validator_, printer_, camera_;
  std::map<std::pair<std::string, std::string>, std::int64_t> errors_;
  std::map<std::string, std::int64_t> notes_rejected_;
};

}  // namespace kiosk::app
