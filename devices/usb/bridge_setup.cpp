#include "devices/usb/bridge_setup.hpp"

#include "devices/usb/cdc_acm_wire.hpp"
#include "devices/usb/ch341_wire.hpp"
#include "devices/usb/ftdi_wire.hpp"
#include "devices/usb/pl2303_wire.hpp"

namespace kiosk::devices::usb {
namespace {

ControlRequest out(std::uint8_t type, std::uint8_t req, std::uint16_t value, std::uint16_t index,
                   Bytes data = {}) {
  return ControlRequest{type, req, value, index, std::move(data), 0};
}

std::expected<std::vector<ControlRequest>, std::string> ftdi_setup(const BridgeOptions& o) {
  auto baud = ftdi::baud_divisor(o.line.baud);
  if (!baud) return std::unexpected(baud.error());
  auto line = ftdi::line_value(o.line);
  if (!line) return std::unexpected(line.error());
  if (o.ftdi_latency_ms < 1 || o.ftdi_latency_ms > 255)
    return std::unexpected("FTDI latency timer must be 1..255 ms");
  const std::uint16_t port = o.ftdi_port;
  return std::vector<ControlRequest>{
      out(kVendorOut, ftdi::kReset, ftdi::kResetSio, port),
      out(kVendorOut, ftdi::kSetBaudRate, baud->value,
          static_cast<std::uint16_t>(baud->index | port)),
      out(kVendorOut, ftdi::kSetData, *line, port),
      out(kVendorOut, ftdi::kSetFlowCtrl, 0, port),
      out(kVendorOut, ftdi::kModemCtrl, ftdi::kDtrHigh, port),
      out(kVendorOut, ftdi::kModemCtrl, ftdi::kRtsHigh, port),
      out(kVendorOut, ftdi::kSetLatencyTimer, static_cast<std::uint16_t>(o.ftdi_latency_ms), port),
      out(kVendorOut, ftdi::kReset, ftdi::kPurgeRx, port),
      out(kVendorOut, ftdi::kReset, ftdi::kPurgeTx, port),
  };
}

std::expected<std::vector<ControlRequest>, std::string> ch341_setup(const BridgeOptions& o) {
  auto baud = ch341::baud_register(o.line.baud, o.ch341_version);
  if (!baud) return std::unexpected(baud.error());
  auto lcr = ch341::line_control(o.line);
  if (!lcr) return std::unexpected(lcr.error());
  std::vector<ControlRequest> r{out(kVendorOut, ch341::kSerialInit, 0, 0),
                                out(kVendorOut, ch341::kWriteReg, ch341::kRegBaud, *baud)};
  if (o.ch341_version >= 0x30)
    r.push_back(out(kVendorOut, ch341::kWriteReg, ch341::kRegLcr, *lcr));
  else  // older chips take LCR in the serial-init request (wIndex = baud register, UNVERIFIED)
    r.push_back(
        out(kVendorOut, ch341::kSerialInit, static_cast<std::uint16_t>(*lcr << 8 | 0x9C), *baud));
  const auto mcr = static_cast<std::uint8_t>(ch341::kMcrDtr | ch341::kMcrRts);
  r.push_back(out(kVendorOut, ch341::kModemCtrl, static_cast<std::uint16_t>(~mcr & 0xFFFF), 0));
  return r;
}

std::expected<std::vector<ControlRequest>, std::string> cdc_setup(const BridgeOptions& o) {
  auto coding = cdc::line_coding(o.line);
  if (!coding) return std::unexpected(coding.error());
  return std::vector<ControlRequest>{
      out(kClassInterfaceOut, cdc::kSetLineCoding, 0, o.comm_interface,
          Bytes(coding->begin(), coding->end())),
      out(kClassInterfaceOut, cdc::kSetControlLineState, cdc::kDtr | cdc::kRts, o.comm_interface),
  };
}

}  // namespace

ControlRequest ch341_version_request() {
  return ControlRequest{kVendorIn, ch341::kReadVersion, 0, 0, {}, 2};
}

std::expected<std::vector<ControlRequest>, std::string> setup_requests(UsbBridge bridge,
                                                                       const BridgeOptions& o) {
  switch (bridge) {
    case UsbBridge::Ftdi:
      return ftdi_setup(o);
    case UsbBridge::Ch340:
      return ch341_setup(o);
    case UsbBridge::Pl2303: {
      auto line = cdc_setup(o);
      if (!line) return line;
      auto r = pl2303::hx_startup();
      r.insert(r.end(), line->begin(), line->end());
      return r;
    }
    case UsbBridge::CdcAcm:
      return cdc_setup(o);
    case UsbBridge::Printer:
      return std::vector<ControlRequest>{};
  }
  return std::unexpected("unknown bridge");
}

}  // namespace kiosk::devices::usb
