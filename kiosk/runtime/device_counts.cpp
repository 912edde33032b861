#include "kiosk/runtime/device_counts.hpp"

#include "kiosk/runtime/sim_world.hpp"

namespace kiosk::app {

DeviceCount validator_stacked_count(const SimWorld* sim) {
  if (!sim || !sim->validator_in_use())
    return std::unexpected(
        "the validator is on a tty or usb, not the in-process simulator: its own count is the "
        "truth, read from the device");
  return sim->validator_stacked_kzt();
}

DeviceCount dispenser_delivered_count(const SimWorld* sim) {
  if (!sim || !sim->dispenser_in_use())
    return std::unexpected(
        "the dispenser is on a tty or usb, not the in-process simulator: its own count is the "
        "truth, read from the device");
  return sim->dispensed_value_kzt();
}

}  // namespace kiosk::app
