#include "kiosk/observe/device_health.hpp"

#include "kiosk/observe/metric_label.hpp"

namespace kiosk::app {

void DeviceHealthBoard::fault(oq::DeviceHealthReport& r, const char* device,
                              const std::string& detail) {
  if (r.state == "fault" && r.detail == detail) return;  // the same fault, reported again
  r.state = "fault";
  r.detail = detail;
  ++errors_[{device, detail}];
}

void DeviceHealthBoard::on_validator(const devices::ValidatorEvent& e) {
  using K = devices::ValidatorEvent::Kind;
  switch (e.kind) {
    case K::Ready:
    case K::Idle:
    case K::Disabled:
      validator_ = {"ok", ""};
      return;
    case K::Jammed:
      return fault(validator_, "validator", "validator_jammed");
    case K::CassetteFull:
      return fault(validator_, "validator", "cassette_full");
    case K::CassetteRemoved:
      return fault(validator_, "validator", "cassette_removed");
    case K::Failure:
      return fault(validator_, "validator", "validator_failure");
    case K::LinkLost:
      return fault(validator_, "validator", "validator_link_lost");
    case K::Rejected:
      ++notes_rejected_[metric_label_code(e.detail)];
      return;
    case K::Returned:
      ++notes_rejected_["returned"];
      return;
    case K::LinkRestored:
    case K::Escrowed:
    case K::Stacked:
    case K::PowerUpWithBill:
      return;
  }
}

void DeviceHealthBoard::on_printer(const devices::PrinterStatus& s) {
  if (s.ok()) {
    printer_ = {"ok", s.paper_near_end ? "paper_near_end" : ""};
    return;
  }
  fault(printer_, "printer", "printer_" + metric_label_code(s.describe()));
}

void DeviceHealthBoard::on_printer_unreachable() {
  fault(printer_, "printer", "printer_unreachable");
}

void DeviceHealthBoard::set_camera(bool opened, const std::string& detail) {
  camera_ = {opened ? "ok" : "fault", detail};
}

oq::DeviceHealthReport DeviceHealthBoard::dispenser(bool configured, bool ready,
                                                    const std::string& fault) {
  if (!configured) return {"absent", ""};
  if (!fault.empty()) return {"fault", metric_label_code(fault)};
  if (!ready) return {"unknown", "starting"};
  return {"ok", ""};
}

}  // namespace kiosk::app
