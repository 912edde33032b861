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

const char* to_string(DispenserEvent::Kind k) {
  using K = DispenserEvent::Kind;
  switch (k) {
    case K::Ready:
      return "ready";
    case K::Status:
      return "status";
    case K::DispenseDone:
      return "dispense_done";
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
