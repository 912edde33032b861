// What the config expects on USB against what is attached: for `kiosk devices` and start-up
// checks. Pure.
#pragma once

#include <string>
#include <vector>

#include "devices/usb/usb_context.hpp"

namespace kiosk::devices::usb {

struct ExpectedUsbDevice {
  std::string role;    // "validator", "printer", ...
  std::string bridge;  // "ftdi", ...
  UsbMatch match;
};

struct InventoryLine {
  enum class State { Matched, Missing, Ambiguous };
  ExpectedUsbDevice expected;
  State state = State::Missing;
  std::vector<UsbDeviceInfo> candidates;  // the attached devices that match
  // "validator ftdi 0403:6001: matched 0403:6001 bus 1 addr 2 serial A1"
  std::string describe() const;
};

// One line per expected device: matched (exactly one attached device fits), missing (none), or
// ambiguous (several fit and no serial number tells them apart).
std::vector<InventoryLine> match_inventory(const std::vector<ExpectedUsbDevice>& expected,
                                           const std::vector<UsbDeviceInfo>& attached);

}  // namespace kiosk::devices::usb
