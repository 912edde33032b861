// The libusb context of the process and its event thread (DESIGN.md, Runtime): the thread runs
// libusb's event loop, completing asynchronous transfers; transports and hotplug watches post
// what they learn to the Asio io_context, where everything else runs.
//
// Devices are found by VID:PID, and by serial number when several alike are attached. Hotplug
// (arrived / left) is offered where libusb supports it on the platform (Linux with udev or
// netlink); watch() says when it is not.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <expected>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "devices/usb/usb_bridge.hpp"

struct libusb_context;
struct libusb_device;
struct libusb_device_handle;

namespace kiosk::devices::usb {

struct UsbDeviceInfo {
  std::uint16_t vid = 0;
  std::uint16_t pid = 0;
  std::uint8_t bus = 0;
  std::uint8_t address = 0;
  std::uint8_t device_class = 0;
  std::string serial;  // empty when the device has none or could not be opened to read it
  std::string manufacturer;
  std::string product;
  // "0403:6001 bus 1 addr 2" (+ " serial X")
  std::string describe() const;
  bool matches(const UsbMatch& m) const;
};

class UsbContext;

// Deregisters its hotplug callback when destroyed; no callback runs after that.
class HotplugWatch {
 public:
  ~HotplugWatch();
  HotplugWatch(const HotplugWatch&) = delete;
  HotplugWatch& operator=(const HotplugWatch&) = delete;
  struct State;

 private:
  friend class UsbContext;
  explicit HotplugWatch(std::shared_ptr<State> s) : state_(std::move(s)) {}
  std::shared_ptr<State> state_;
};

class UsbContext : public std::enable_shared_from_this<UsbContext> {
 public:
  // libusb_init and the event thread. Error when libusb cannot start (no usbfs, ...).
  static std::expected<std::shared_ptr<UsbContext>, std::string> create(
      boost::asio::io_context& io);
  ~UsbContext();
  UsbContext(const UsbContext&) = delete;
  UsbContext& operator=(const UsbContext&) = delete;

  boost::asio::io_context& io() { return io_; }
  libusb_context* raw() { return ctx_; }

  // Attached devices. With `read_strings`, each is opened briefly to read its serial number,
  // manufacturer and product (left empty when that fails, e.g. no permission).
  std::vector<UsbDeviceInfo> list(bool read_strings = true);

  // Opens the device `m` names. Error when none matches, or when several match and `m` gives no
  // serial number to tell them apart. The caller owns the handle (libusb_close).
  std::expected<libusb_device_handle*, std::string> open(const UsbMatch& m,
                                                         UsbDeviceInfo* info = nullptr);

  bool hotplug_supported() const;
  // `on_change(device, arrived)` runs on the io_context for every device with vid:pid (0 = any)
  // that arrives or leaves. The serial number is read for arrivals (empty for departures).
  using OnHotplug = std::function<void(const UsbDeviceInfo&, bool arrived)>;
  std::expected<std::unique_ptr<HotplugWatch>, std::string> watch(std::uint16_t vid,
                                                                  std::uint16_t pid,
                                                                  OnHotplug on_change);

 private:
  UsbContext(boost::asio::io_context& io, libusb_context* ctx);
  void run_events();

  boost::asio::io_context& io_;
  libusb_context* ctx_;
  std::atomic<bool> stop_{false};
  std::thread events_;
};

// The device's information, reading strings through `h` when given (blocking, short).
UsbDeviceInfo describe_device(libusb_device* dev, libusb_device_handle* h);

// libusb's name for one of its error codes (LIBUSB_ERROR_*), for messages.
std::string usb_error(int rc);

}  // namespace kiosk::devices::usb
