#include "tests/usb/usb_device_model.hpp"

namespace usb_test {
namespace {

void put16(Bytes& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v & 0xFF));
  b.push_back(static_cast<std::uint8_t>(v >> 8));
}

Bytes string_descriptor(const std::string& s) {
  Bytes b{static_cast<std::uint8_t>(2 + 2 * s.size()), 0x03};
  for (char c : s) put16(b, static_cast<std::uint8_t>(c));
  return b;
}

}  // namespace

Bytes descriptor_blob(const DeviceDesc& d) {
  Bytes b{18, 0x01};
  put16(b, 0x0200);
  b.insert(b.end(), {d.device_class, 0, 0, 64});
  put16(b, d.vid);
  put16(b, d.pid);
  put16(b, d.bcd_device);
  b.insert(b.end(), {1, 2, 3, 1});
  Bytes cfg{9, 0x02, 0, 0, static_cast<std::uint8_t>(d.interfaces.size()), 1, 0, 0x80, 50};
  for (const auto& i : d.interfaces) {
    cfg.insert(cfg.end(), {9, 0x04, i.number, 0, static_cast<std::uint8_t>(i.endpoints.size()),
                           i.cls, i.subclass, i.protocol, 0});
    for (const auto& e : i.endpoints) {
      cfg.insert(cfg.end(), {7, 0x05, e.address, e.attributes});
      put16(cfg, e.max_packet);
      cfg.push_back(e.attributes == 3 ? 1 : 0);
    }
  }
  cfg[2] = static_cast<std::uint8_t>(cfg.size() & 0xFF);
  cfg[3] = static_cast<std::uint8_t>(cfg.size() >> 8);
  b.insert(b.end(), cfg.begin(), cfg.end());
  return b;
}

UsbDeviceModel::UsbDeviceModel(DeviceDesc desc) : desc_(std::move(desc)) {
  for (const auto& i : desc_.interfaces) kernel_drivers[i.number] = i.kernel_driver;
}

std::optional<Bytes> UsbDeviceModel::control(const ControlRequest& r) {
  if (r.request_type == kiosk::devices::usb::kStandardDeviceIn && r.request == 0x06) {
    if ((r.value >> 8) != 0x03) return std::nullopt;  // only string descriptors are asked
    switch (r.value & 0xFF) {
      case 0:
        return Bytes{4, 0x03, 0x09, 0x04};  // en-US
      case 1:
        return string_descriptor(desc_.manufacturer);
      case 2:
        return string_descriptor(desc_.product);
      case 3:
        return string_descriptor(desc_.serial);
      default:
        return std::nullopt;
    }
  }
  control_log.push_back(r);
  return on_control(r);
}

}  // namespace usb_test
