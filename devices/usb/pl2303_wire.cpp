#include "devices/usb/pl2303_wire.hpp"

namespace kiosk::devices::usb::pl2303 {

ControlRequest read_register(std::uint16_t reg) {
  return ControlRequest{kVendorIn, kVendorRequest, reg, 0, {}, 1};
}

ControlRequest write_register(std::uint16_t reg, std::uint16_t value) {
  return ControlRequest{kVendorOut, kVendorRequest, reg, value, {}, 0};
}

std::vector<ControlRequest> hx_startup() {
  return {
      read_register(0x8484),
      write_register(0x0404, 0),
      read_register(0x8484),
      read_register(0x8383),
      read_register(0x8484),
      write_register(0x0404, 1),
      read_register(0x8484),
      read_register(0x8383),
      write_register(0x0000, 1),
      write_register(0x0001, 0),
      write_register(0x0002, 0x44),
      // on open: reset the upstream data pipes
      write_register(0x0008, 0),
      write_register(0x0009, 0),
  };
}

}  // namespace kiosk::devices::usb::pl2303
