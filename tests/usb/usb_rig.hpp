// The set-up shared by the protocol tests over emulated USB (usb_id003_test.cpp, usb_ssp_test.cpp,
// usb_lcdm_test.cpp): a device simulator behind a bridge chip model on the umockdev bench, the
// libusb context, a runner (ValidatorRunner or DispenserRunner) on the io_context, the events it
// delivered, and a hotplug watch that re-opens the port and hands the runner the new transport.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "devices/memory_transport.hpp"
#include "devices/usb/usb_context.hpp"
#include "devices/usb/usb_transport.hpp"
#include "tests/usb/chip_models.hpp"
#include "tests/usb/umockdev_bench.hpp"

namespace usb_test {

using kiosk::Instant;
using kiosk::devices::usb::HotplugWatch;
using kiosk::devices::usb::UsbContext;
using kiosk::devices::usb::UsbDeviceInfo;
using kiosk::devices::usb::UsbPortConfig;
using kiosk::devices::usb::UsbTransport;

inline Instant steady_now() {
  return std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now().time_since_epoch());
}

inline SerialSettings line(unsigned baud, SerialSettings::Parity parity, unsigned stop_bits) {
  return SerialSettings{"", baud, 8, parity, stop_bits};
}

// "8E1" from what a chip was set to.
inline std::string frame_format(const SerialSettings& s) {
  const char p = s.parity == SerialSettings::Parity::Even  ? 'E'
                 : s.parity == SerialSettings::Parity::Odd ? 'O'
                                                           : 'N';
  return std::to_string(s.data_bits) + p + std::to_string(s.stop_bits);
}

// A baud rate the chip's divisor gives within 1 % of `want` (a UART tolerates ~2 %).
inline bool baud_close(unsigned got, unsigned want) {
  return got * 100 >= want * 99 && got * 100 <= want * 101;
}

// Sits between a chip model and a simulator and keeps every byte the host sent (to check what
// went over the wire, e.g. that eSSP packets are encrypted).
class WireTap final : public kiosk::devices::DeviceEndpoint {
 public:
  explicit WireTap(std::shared_ptr<DeviceEndpoint> device) : device_(std::move(device)) {}
  Bytes on_host_bytes(ByteView rx, Instant now) override {
    host_bytes.insert(host_bytes.end(), rx.begin(), rx.end());
    return device_->on_host_bytes(rx, now);
  }
  std::optional<Instant> wake_at() const override { return device_->wake_at(); }
  Bytes host_bytes;

 private:
  std::shared_ptr<DeviceEndpoint> device_;
};

// `Runner` is ValidatorRunner or DispenserRunner, `Event` its event type. Members are destroyed
// in reverse: runner and transports before the libusb context, the context before the testbed.
template <class Runner, class Event>
struct DeviceRig {
  using Kind = typename Event::Kind;

  UsbBench bench;
  boost::asio::io_context io;
  std::shared_ptr<UsbContext> ctx;
  UsbBridge kind = UsbBridge::Ftdi;
  UsbPortConfig port;
  std::shared_ptr<SerialBridgeModel> model;
  std::unique_ptr<HotplugWatch> watch;
  std::unique_ptr<Runner> runner;
  std::vector<Event> events;
  std::function<void(const Event&)> on_event;
  std::vector<std::string> hotplug;  // "arrived 3", "left 2"

  // Plugs `device` behind a `bridge` chip (bus 1 port 2, address 2) and starts libusb (it looks
  // for usbfs when it starts, so a device must be there). List devices before open(): umockdev's
  // ioctl handler does not survive a second fd on a node closing while the first stays open.
  void plug(UsbBridge bridge, std::shared_ptr<kiosk::devices::DeviceEndpoint> device) {
    kind = bridge;
    model = make_bridge(bridge, std::move(device));
    REQUIRE(model);
    bench.plug(model, 2, 2);
    auto c = UsbContext::create(io);
    REQUIRE_MESSAGE(c, (c ? "" : c.error()));
    ctx = *c;
    port.bridge = bridge;
    port.match = kiosk::devices::usb::UsbMatch{model->desc().vid, model->desc().pid, ""};
    port.write_timeout = Millis{300};
  }

  // Opens the port with `settings` (kept for re-opening after a replug).
  std::unique_ptr<UsbTransport> open(const SerialSettings& settings) {
    port.options.line = settings;
    return open();
  }
  std::unique_ptr<UsbTransport> open() {
    auto t = UsbTransport::open(ctx, port);
    REQUIRE_MESSAGE(t, (t ? "" : t.error()));
    return std::move(*t);
  }
  std::unique_ptr<UsbTransport> plug_and_open(
      UsbBridge bridge, std::shared_ptr<kiosk::devices::DeviceEndpoint> device,
      const SerialSettings& settings) {
    plug(bridge, std::move(device));
    return open(settings);
  }

  template <class Driver>
  void start(std::unique_ptr<Driver> driver, std::unique_ptr<kiosk::devices::Transport> t) {
    runner = std::make_unique<Runner>(io, std::move(driver), std::move(t), steady_now);
    runner->start([this](const Event& e) {
      events.push_back(e);
      if (on_event) on_event(e);
    });
  }

  // libusb hotplug on the chip's VID:PID: an arrival re-opens the port and gives the runner the
  // new transport (the application's reconnect, done here by the test).
  void watch_hotplug() {
    REQUIRE(ctx->hotplug_supported());
    auto w = ctx->watch(port.match.vid, port.match.pid, [this](const UsbDeviceInfo& d, bool in) {
      hotplug.push_back((in ? "arrived " : "left ") + std::to_string(d.address));
      if (!in || !runner) return;
      auto t = UsbTransport::open(ctx, port);
      REQUIRE_MESSAGE(t, (t ? "" : t.error()));
      runner->replace_transport(std::move(*t));
    });
    REQUIRE_MESSAGE(w, (w ? "" : w.error()));
    watch = std::move(*w);
  }

  // The same device behind a fresh chip of the same kind, plugged back on port 2 at `address`.
  void replug(std::shared_ptr<kiosk::devices::DeviceEndpoint> device, int address) {
    model = make_bridge(kind, std::move(device));
    bench.plug(model, 2, address);
  }

  bool run_until(const std::function<bool()>& pred, Millis limit = Millis{5000}) {
    const Instant end = steady_now() + limit;
    while (!pred()) {
      if (steady_now() >= end) return false;
      io.run_for(std::chrono::milliseconds(2));
      if (io.stopped()) io.restart();
    }
    return true;
  }
  void run_for(Millis d) {
    run_until([] { return false; }, d);
  }

  std::size_t count(Kind k) const {
    return static_cast<std::size_t>(
        std::count_if(events.begin(), events.end(), [k](const auto& e) { return e.kind == k; }));
  }
  const Event* last(Kind k) const {
    for (auto it = events.rbegin(); it != events.rend(); ++it)
      if (it->kind == k) return &*it;
    return nullptr;
  }
  // What the chip was told to run its UART at (read under the bench's lock).
  SerialSettings chip_line() {
    auto s = bench.with([&] { return model->line_settings(); });
    REQUIRE(s);
    return *s;
  }
};

}  // namespace usb_test
