// What configuring each bridge sends, as data: the control requests UsbTransport issues after
// claiming the interface, in order. Pure, so the sequences are unit-tested against the reference
// and the device models in tests/usb assert the same bytes arrive at the "chip".
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <vector>

#include "devices/tty_transport.hpp"
#include "devices/usb/usb_bridge.hpp"

namespace kiosk::devices::usb {

struct BridgeOptions {
  SerialSettings line;                // baud, data bits, parity, stop bits (path unused)
  unsigned ftdi_latency_ms = 2;       // 1..255; 1-2 ms suits request/response protocols
  std::uint16_t ftdi_port = 0;        // wIndex for FT232R: 0 (Linux) or 1 (libftdi), both accepted
  std::uint8_t comm_interface = 0;    // CDC-ACM / PL2303: the interface of class requests
  std::uint8_t ch341_version = 0x30;  // the chip version read first (READ_VERSION)
};

// CH340/CH341: the request that reads the chip version (2 bytes), sent before setup_requests().
ControlRequest ch341_version_request();

// FTDI: reset, baud, line, no flow control, DTR+RTS high, latency timer, purge RX and TX.
// CH340: serial init, baud register, line control (0x30+) or the old combined init, DTR+RTS.
// PL2303: HX start-up, line coding, DTR+RTS. CDC-ACM: line coding, DTR+RTS. Printer: nothing.
// Error when the chip cannot express the line settings.
std::expected<std::vector<ControlRequest>, std::string> setup_requests(UsbBridge bridge,
                                                                       const BridgeOptions& o);

}  // namespace kiosk::devices::usb
