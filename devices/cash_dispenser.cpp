#include "devices/cash_dispenser.hpp"

namespace kiosk::devices {

const char* to_string(DispenseOutcome::Result r) {
  switch (r) {
    case DispenseOutcome::Result::Complete:
      return "complete";
    case DispenseOutcome::Result::Partial:
      return "partial";
    case DispenseOutcome::Result::Unknown:
      return "unknown";
  }
  return "unknown";
}

std::string dispenser_fault(const DispenserStatus& s) {
  if (!s.error.empty()) return "device_error:" + s.error;
  if (s.notes_in_path) return "notes_in_path";
  for (std::size_t i = 0; i < s.cassettes.size(); ++i)
    if (!s.cassettes[i].present) return "cassette_missing:" + std::to_string(i);
  if (!s.reject_tray_present) return "reject_tray_missing";
  return "";
}

const char* to_string(DispenserEvent::Kind k) {
  using K = DispenserEvent::Kind;
  switch (k) {
    case K::Ready:
      return "ready";
    case K::Status:
      return "status";
    case K::DispenseDone:
      return "dispense_done";
    case K::TestDispenseDone:
      return "test_dispense_done";
    case K::PurgeDone:
      return "purge_done";
    case K::LastDispense:
      return "last_dispense";
    case K::Failure:
      return "failure";
    case K::LinkLost:
      return "link_lost";
    case K::LinkRestored:
      return "link_restored";
  }
  return "unknown";
}

}  // namespace kiosk::devices
