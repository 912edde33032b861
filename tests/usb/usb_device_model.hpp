// A USB device as the tests see it: descriptors, and answers to control requests and bulk
// transfers, written like the chip behaves. The umockdev testbed (umockdev_bench.hpp) turns the
// usbdevfs ioctls libusb issues into calls on a model. All calls on a model are made with the
// bench's mutex held (they come from umockdev's worker thread; tests change a model's simulator
// through UsbBench::with()).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "devices/transport.hpp"
#include "devices/usb/usb_bridge.hpp"
#include "flows/time.hpp"

namespace usb_test {

using kiosk::Millis;
using kiosk::devices::Bytes;
using kiosk::devices::ByteView;
using kiosk::devices::usb::ControlRequest;

struct Endpoint {
  std::uint8_t address = 0;     // bit 7 = IN
  std::uint8_t attributes = 2;  // 2 bulk, 3 interrupt
  std::uint16_t max_packet = 64;
};

struct InterfaceDesc {
  std::uint8_t number = 0;
  std::uint8_t cls = 0xFF, subclass = 0xFF, protocol = 0xFF;
  std::vector<Endpoint> endpoints;
  std::string kernel_driver;  // bound at plug time ("ftdi_sio", "usblp", ...); empty: none
};

struct DeviceDesc {
  std::uint16_t vid = 0, pid = 0, bcd_device = 0x0600;
  std::uint8_t device_class = 0;
  std::string manufacturer, product, serial;
  std::vector<InterfaceDesc> interfaces;
};

// The sysfs "descriptors" blob: device descriptor + the full configuration descriptor.
Bytes descriptor_blob(const DeviceDesc& d);

class UsbDeviceModel {
 public:
  explicit UsbDeviceModel(DeviceDesc desc);
  virtual ~UsbDeviceModel() = default;

  const DeviceDesc& desc() const { return desc_; }

  // A control transfer: the standard string descriptors are answered here, the rest by
  // on_control(). nullopt = STALL. For an OUT request, any value = accepted.
  std::optional<Bytes> control(const ControlRequest& r);
  // Data from the host on a bulk/interrupt OUT endpoint.
  virtual void bulk_out(std::uint8_t ep, ByteView data) = 0;
  // What an IN URB of `max` bytes on `ep`, pending for `waited`, completes with now; nullopt =
  // nothing yet (the URB stays pending: the device NAKs).
  virtual std::optional<Bytes> bulk_in(std::uint8_t ep, std::size_t max, Millis waited) = 0;
  // True: OUT URBs on `ep` are not taken (a wedged chip NAKing forever).
  bool hold_out = false;

  // Every non-standard control request received, in order (the setup requests of a bridge).
  std::vector<ControlRequest> control_log;
  // Interface -> bound kernel driver ("" when detached); usbdevfs GETDRIVER / DISCONNECT /
  // CONNECT act on it.
  std::map<int, std::string> kernel_drivers;
  std::vector<std::string> driver_log;  // "detach 0", "attach 0"

 protected:
  virtual std::optional<Bytes> on_control(const ControlRequest& r) = 0;

 private:
  DeviceDesc desc_;
};

}  // namespace usb_test
