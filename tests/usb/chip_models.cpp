#include "tests/usb/chip_models.hpp"

#include <chrono>

#include "devices/usb/usb_bridge.hpp"

namespace usb_test {
namespace {

using namespace kiosk::devices::usb;

kiosk::Instant steady_now() {
  return std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now().time_since_epoch());
}

Endpoint bulk(std::uint8_t addr, std::uint16_t size = 64) { return Endpoint{addr, 2, size}; }
Endpoint interrupt(std::uint8_t addr, std::uint16_t size = 10) { return Endpoint{addr, 3, size}; }

// CDC line coding (PSTN 6.3.11): dwDTERate LE, bCharFormat 0 = 1 stop bit / 2 = 2, bParityType
// 0 none / 1 odd / 2 even, bDataBits.
std::optional<SerialSettings> from_line_coding(const Bytes& c) {
  if (c.size() != 7) return std::nullopt;
  SerialSettings s;
  s.baud = static_cast<unsigned>(c[0] | c[1] << 8 | c[2] << 16 | c[3] << 24);
  s.stop_bits = c[4] == 2 ? 2 : 1;
  s.parity = c[5] == 2   ? SerialSettings::Parity::Even
             : c[5] == 1 ? SerialSettings::Parity::Odd
                         : SerialSettings::Parity::None;
  s.data_bits = c[6];
  return s;
}

}  // namespace

SerialBridgeModel::SerialBridgeModel(DeviceDesc desc, std::shared_ptr<DeviceEndpoint> device,
                                     std::uint8_t ep_in, std::uint8_t ep_out)
    : UsbDeviceModel(std::move(desc)), device_(std::move(device)), ep_in_(ep_in), ep_out_(ep_out) {}

void SerialBridgeModel::wake_device() {
  const auto due = device_->wake_at();
  if (!due) return;
  const kiosk::Instant now = steady_now();
  if (*due > now) return;
  const Bytes said = device_->on_host_bytes({}, now);
  to_host_.insert(to_host_.end(), said.begin(), said.end());
}

void SerialBridgeModel::bulk_out(std::uint8_t ep, ByteView data) {
  if (ep != ep_out_) return;
  from_host_ += data.size();
  const Bytes answer = device_->on_host_bytes(data, steady_now());
  to_host_.insert(to_host_.end(), answer.begin(), answer.end());
}

void SerialBridgeModel::push_from_device(ByteView data) {
  to_host_.insert(to_host_.end(), data.begin(), data.end());
}

std::optional<Bytes> SerialBridgeModel::bulk_in(std::uint8_t ep, std::size_t max, Millis) {
  if (ep != ep_in_) return std::nullopt;
  wake_device();
  if (to_host_.empty()) return std::nullopt;
  const std::size_t n = std::min(max, to_host_.size());
  Bytes out(to_host_.begin(), to_host_.begin() + static_cast<std::ptrdiff_t>(n));
  to_host_.erase(to_host_.begin(), to_host_.begin() + static_cast<std::ptrdiff_t>(n));
  return out;
}

// ---- FTDI ----

FtdiModel::FtdiModel(std::shared_ptr<DeviceEndpoint> device, std::string serial, std::uint16_t pid)
    : SerialBridgeModel(
          DeviceDesc{0x0403,
                     pid,
                     0x0600,
                     0,
                     "FTDI",
                     "FT232R USB UART",
                     std::move(serial),
                     {InterfaceDesc{0, 0xFF, 0xFF, 0xFF, {bulk(0x81), bulk(0x02)}, "ftdi_sio"}}},
          std::move(device), 0x81, 0x02) {}

std::optional<Bytes> FtdiModel::on_control(const ControlRequest& r) {
  if (r.request_type == kVendorOut) {
    switch (r.request) {
      case 0x00:  // reset / purge
        if (r.value == 1) to_host_.clear();
        return Bytes{};
      case 0x01:
        modem = r.value;
        return Bytes{};
      case 0x02:
        return Bytes{};
      case 0x03:
        baud_value = r.value;
        baud_index = r.index;
        return Bytes{};
      case 0x04:
        line = r.value;
        return Bytes{};
      case 0x09:
        latency_ms = r.value & 0xFF;
        return Bytes{};
      default:
        return std::nullopt;
    }
  }
  if (r.request_type == kVendorIn && r.request == 0x05) return Bytes{0x01, 0x60};
  if (r.request_type == kVendorIn && r.request == 0x0A)
    return Bytes{static_cast<std::uint8_t>(latency_ms)};
  return std::nullopt;
}

std::optional<Bytes> FtdiModel::bulk_in(std::uint8_t ep, std::size_t max, Millis waited) {
  if (ep != ep_in_ || max < 2) return std::nullopt;
  wake_device();
  constexpr std::size_t kPacket = 64;
  if (to_host_.empty()) {
    if (waited < Millis{latency_ms}) return std::nullopt;
    ++status_only_packets;
    return Bytes{0x01, 0x60};  // idle: CTS/DSR low, THRE + TEMT
  }
  Bytes out;
  while (!to_host_.empty() && out.size() + 2 < max) {
    const std::size_t room = std::min(kPacket, max - out.size()) - 2;
    const std::size_t n = std::min(room, to_host_.size());
    out.push_back(0x01);
    out.push_back(0x60);
    out.insert(out.end(), to_host_.begin(), to_host_.begin() + static_cast<std::ptrdiff_t>(n));
    to_host_.erase(to_host_.begin(), to_host_.begin() + static_cast<std::ptrdiff_t>(n));
    ++data_packets;
    if (n < kPacket - 2) break;  // a short packet ends the transfer
  }
  return out;
}

// FT232R: SET_DATA wValue = data bits | parity << 8 (0 none, 1 odd, 2 even) | stop << 11 (0 one,
// 2 two); SET_BAUDRATE divisor = 3 MHz / (integer part wValue[13:0] + fraction), the fraction in
// eighths coded by wValue[15:14] and wIndex bit 0.
std::optional<SerialSettings> FtdiModel::line_settings() const {
  if (baud_value == 0 || line == 0) return std::nullopt;
  static constexpr unsigned kEighths[8] = {0, 4, 2, 1, 3, 5, 6, 7};
  const unsigned code = (baud_value >> 14) | (baud_index & 1) << 2;
  const unsigned eighths = (baud_value & 0x3FFF) * 8 + kEighths[code];
  SerialSettings s;
  s.baud = eighths ? static_cast<unsigned>((3'000'000ull * 8 + eighths / 2) / eighths) : 0;
  s.data_bits = line & 0xFF;
  const unsigned parity = (line >> 8) & 7;
  s.parity = parity == 2   ? SerialSettings::Parity::Even
             : parity == 1 ? SerialSettings::Parity::Odd
                           : SerialSettings::Parity::None;
  s.stop_bits = ((line >> 11) & 3) == 2 ? 2 : 1;
  return s;
}

// ---- CH340 ----

Ch340Model::Ch340Model(std::shared_ptr<DeviceEndpoint> device, std::uint8_t version)
    : SerialBridgeModel(
          DeviceDesc{0x1A86,
                     0x7523,
                     0x0254,
                     0xFF,
                     "",
                     "USB Serial",
                     "",
                     {InterfaceDesc{0,
                                    0xFF,
                                    0x01,
                                    0x02,
                                    {bulk(0x82, 32), bulk(0x02, 32), interrupt(0x81, 8)},
                                    "ch341"}}},
          std::move(device), 0x82, 0x02),
      version_(version) {}

std::optional<Bytes> Ch340Model::on_control(const ControlRequest& r) {
  if (r.request_type == kVendorIn && r.request == 0x5F) return Bytes{version_, 0x00};
  if (r.request_type == kVendorIn && r.request == 0x95) {
    const auto it = registers.find(r.value);
    const std::uint16_t v = it == registers.end() ? 0 : it->second;
    return Bytes{static_cast<std::uint8_t>(v & 0xFF), static_cast<std::uint8_t>(v >> 8)};
  }
  if (r.request_type != kVendorOut) return std::nullopt;
  switch (r.request) {
    case 0xA1:
      initialised = true;
      return Bytes{};
    case 0x9A:
      registers[r.value] = r.index;
      return Bytes{};
    case 0xA4:
      modem_control = r.value;
      return Bytes{};
    default:
      return std::nullopt;
  }
}

// CH340 registers: 0x1312 = baud (high byte 256 - divisor, bit 2 fact, bits 1-0 prescaler; the
// UART runs at 48 MHz / (2^(12 - 3 ps - fact) x divisor)); 0x2518 = LCR (bits 1-0 data bits - 5,
// bit 2 two stop bits, bit 3 parity on, bit 4 even).
std::optional<SerialSettings> Ch340Model::line_settings() const {
  const auto baud = registers.find(0x1312);
  const auto lcr = registers.find(0x2518);
  if (baud == registers.end() || lcr == registers.end()) return std::nullopt;
  const unsigned ps = baud->second & 3, fact = (baud->second >> 2) & 1;
  const unsigned divisor = 0x100 - (baud->second >> 8);
  SerialSettings s;
  s.baud = divisor ? 48'000'000u / ((1u << (12 - 3 * ps - fact)) * divisor) : 0;
  const unsigned l = lcr->second & 0xFF;
  s.data_bits = 5 + (l & 3);
  s.stop_bits = (l & 0x04) ? 2 : 1;
  s.parity = !(l & 0x08)  ? SerialSettings::Parity::None
             : (l & 0x10) ? SerialSettings::Parity::Even
                          : SerialSettings::Parity::Odd;
  return s;
}

// ---- PL2303 ----

Pl2303Model::Pl2303Model(std::shared_ptr<DeviceEndpoint> device)
    : SerialBridgeModel(
          DeviceDesc{
              0x067B,
              0x2303,
              0x0300,
              0,
              "Prolific Technology Inc.",
              "USB-Serial Controller",
              "",
              {InterfaceDesc{
                  0, 0xFF, 0x00, 0x00, {interrupt(0x81), bulk(0x02), bulk(0x83)}, "pl2303"}}},
          std::move(device), 0x83, 0x02) {}

std::optional<Bytes> Pl2303Model::on_control(const ControlRequest& r) {
  if (r.request_type == kVendorIn && r.request == 0x01) {
    const auto it = registers.find(r.value);
    return Bytes{static_cast<std::uint8_t>(it == registers.end() ? 0 : it->second)};
  }
  if (r.request_type == kVendorOut && r.request == 0x01) {
    registers[r.value] = r.index;
    return Bytes{};
  }
  if (r.request_type == kClassInterfaceOut && r.request == 0x20 && r.data.size() == 7) {
    line_coding = r.data;
    return Bytes{};
  }
  if (r.request_type == kClassInterfaceIn && r.request == 0x21) return line_coding;
  if (r.request_type == kClassInterfaceOut && r.request == 0x22) {
    control_lines = r.value;
    return Bytes{};
  }
  return std::nullopt;
}

std::optional<SerialSettings> Pl2303Model::line_settings() const {
  return from_line_coding(line_coding);
}

// ---- CDC-ACM ----

CdcAcmModel::CdcAcmModel(std::shared_ptr<DeviceEndpoint> device, std::uint16_t vid,
                         std::uint16_t pid)
    : SerialBridgeModel(
          DeviceDesc{vid,
                     pid,
                     0x0100,
                     0x02,
                     "Sim",
                     "CDC validator",
                     "ACM0001",
                     {InterfaceDesc{0, 0x02, 0x02, 0x01, {interrupt(0x83, 16)}, "cdc_acm"},
                      InterfaceDesc{1, 0x0A, 0x00, 0x00, {bulk(0x81), bulk(0x02)}, "cdc_acm"}}},
          std::move(device), 0x81, 0x02) {}

std::optional<Bytes> CdcAcmModel::on_control(const ControlRequest& r) {
  if (r.index != 0) return std::nullopt;  // class requests go to the communication interface
  if (r.request_type == kClassInterfaceOut && r.request == 0x20 && r.data.size() == 7) {
    line_coding = r.data;
    return Bytes{};
  }
  if (r.request_type == kClassInterfaceIn && r.request == 0x21) return line_coding;
  if (r.request_type == kClassInterfaceOut && r.request == 0x22) {
    control_lines = r.value;
    return Bytes{};
  }
  return std::nullopt;
}

std::optional<SerialSettings> CdcAcmModel::line_settings() const {
  return from_line_coding(line_coding);
}

// ---- printer class ----

PrinterModel::PrinterModel(std::shared_ptr<DeviceEndpoint> device, std::string device_id,
                           std::function<std::uint8_t()> port_status)
    : SerialBridgeModel(
          DeviceDesc{0x04B8,
                     0x0E15,
                     0x0100,
                     0,
                     "EPSON",
                     "TM-T20II",
                     "PRN0001",
                     {InterfaceDesc{0, 0x07, 0x01, 0x02, {bulk(0x81), bulk(0x02)}, "usblp"}}},
          std::move(device), 0x81, 0x02),
      device_id_(std::move(device_id)),
      port_status_(std::move(port_status)) {}

std::optional<Bytes> PrinterModel::on_control(const ControlRequest& r) {
  if (r.request_type == kClassInterfaceIn && r.request == 0x00 && (r.index >> 8) == 0) {
    const std::size_t len = device_id_.size() + 2;
    Bytes b{static_cast<std::uint8_t>(len >> 8), static_cast<std::uint8_t>(len & 0xFF)};
    b.insert(b.end(), device_id_.begin(), device_id_.end());
    return b;
  }
  if (r.request_type == kClassInterfaceIn && r.request == 0x01 && r.index == 0)
    return Bytes{port_status_()};
  if (r.request_type == kClassInterfaceOut && r.request == 0x02) {
    soft_reset = true;
    return Bytes{};
  }
  return std::nullopt;
}

std::shared_ptr<SerialBridgeModel> make_bridge(UsbBridge kind,
                                               std::shared_ptr<DeviceEndpoint> device) {
  switch (kind) {
    case UsbBridge::Ftdi:
      return std::make_shared<FtdiModel>(std::move(device));
    case UsbBridge::Ch340:
      return std::make_shared<Ch340Model>(std::move(device));
    case UsbBridge::Pl2303:
      return std::make_shared<Pl2303Model>(std::move(device));
    case UsbBridge::CdcAcm:
      return std::make_shared<CdcAcmModel>(std::move(device));
    case UsbBridge::Printer:
      break;
  }
  return nullptr;
}

}  // namespace usb_test
