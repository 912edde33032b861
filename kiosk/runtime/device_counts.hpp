// What the simulated cash devices counted during a scenario, for the summary's conservation
// checks, or why no such count stands for the kiosk's devices: the in-process simulator counts
// only when the kiosk talks to it, not when the config puts the device on a tty or usb (then its
// count is the device's own, checked by the test that drives that device).
#pragma once

#include <cstdint>
#include <expected>
#include <string>

namespace kiosk::app {

class SimWorld;

// The count in KZT, or why the check does not apply (a sentence for the summary).
using DeviceCount = std::expected<std::int64_t, std::string>;

DeviceCount validator_stacked_count(const SimWorld* sim);
DeviceCount dispenser_delivered_count(const SimWorld* sim);

}  // namespace kiosk::app
