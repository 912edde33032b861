#include "devices/bill_validator.hpp"

namespace kiosk::devices {

const char* to_string(ValidatorEvent::Kind k) {
  using K = ValidatorEvent::Kind;
  switch (k) {
    case K::Ready:
      return "ready";
    case K::Disabled:
      return "disabled";
    case K::Idle:
      return "idle";
    case K::Escrowed:
      return "escrowed";
    case K::Stacked:
      return "stacked";
    case K::Returned:
      return "returned";
    case K::Rejected:
      return "rejected";
    case K::Jammed:
      return "jammed";
    case K::CassetteFull:
      return "cassette_full";
    case K::CassetteRemoved:
      return "cassette_removed";
    case K::Failure:
      return "failure";
    case K::PowerUpWithBill:
      return "power_up_with_bill";
    case K::LinkLost:
      return "link_lost";
    case K::LinkRestored:
      return "link_restored";
  }
  return "unknown";
}

}  // namespace kiosk::devices
