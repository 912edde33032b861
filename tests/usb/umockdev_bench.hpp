// Emulated USB devices for unmodified libusb, in this process: a umockdev testbed (sysfs, udev,
// /dev/bus/usb nodes) plus an ioctl handler per device node that implements usbdevfs on top of a
// UsbDeviceModel: control URBs go to the model at once, bulk OUT URBs are handed to it, bulk IN
// URBs wait until the model has data, DISCARDURB (libusb timeouts and cancels) completes a URB
// with -ENOENT, and an unplugged device completes everything with -ENODEV.
//
// Must run under the umockdev preload library (tests/usb/main.cpp re-executes the test binary
// through umockdev-wrapper). Facts: shared/reference/usb-emulation.md.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "tests/usb/usb_device_model.hpp"

typedef struct _UMockdevTestbed UMockdevTestbed;

namespace usb_test {

class UsbBench {
 public:
  UsbBench();
  ~UsbBench();
  UsbBench(const UsbBench&) = delete;
  UsbBench& operator=(const UsbBench&) = delete;

  // Attaches `model` at bus 1, port `port`, with device address `address` (a replug gets a new
  // address, like a real one). Emits the "add" uevent (libusb hotplug ARRIVED).
  void plug(std::shared_ptr<UsbDeviceModel> model, int port, int address);
  // The device at `port` goes away: URBs in flight complete with ENODEV, new ones fail, the
  // "remove" uevent is emitted (hotplug LEFT) and its sysfs entry removed.
  void unplug(int port);

  // Runs `f` with the bench's lock held (to change a model or its simulator).
  template <class F>
  auto with(F f) {
    std::lock_guard lock(mu_);
    return f();
  }

  struct Stats {
    unsigned long ioctls = 0, submits = 0, reaps = 0, discards = 0, unknown = 0;
  };
  Stats stats() const;

  struct Slot;

 private:
  UMockdevTestbed* tb_;
  mutable std::mutex mu_;
  std::map<int, std::unique_ptr<Slot>> slots_;  // by port; kept until the bench is destroyed
  std::vector<std::unique_ptr<Slot>> retired_;
  Stats stats_;
};

}  // namespace usb_test
