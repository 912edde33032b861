// The libusb transports against emulated chips (umockdev): enumerate, configure (the control
// requests the chip receives), a CCNET escrow-and-stack cycle through ValidatorRunner over each
// serial bridge, a receipt over the USB printer class, a write timeout, an unplug and a replug
// found by hotplug. The real protocol simulators (sim/ccnet, sim/escpos) sit behind the models.
#include <doctest/doctest.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>

#include "devices/ccnet/ccnet_driver.hpp"
#include "devices/escpos/escpos_printer.hpp"
#include "devices/usb/ftdi_wire.hpp"
#include "devices/usb/usb_context.hpp"
#include "devices/usb/usb_transport.hpp"
#include "devices/validator_runner.hpp"
#include "kiosk/runtime/runtime_parts.hpp"
#include "sim/ccnet/ccnet_device_sim.hpp"
#include "sim/escpos/escpos_printer_sim.hpp"
#include "tests/unit/escpos/escpos_test_support.hpp"
#include "tests/usb/chip_models.hpp"
#include "tests/usb/umockdev_bench.hpp"

using namespace usb_test;
using namespace kiosk::devices;
using namespace kiosk::devices::usb;
using kiosk::Instant;
using kiosk::flows::Kzt;
using kiosk::sim::EscPosPrinterSim;
using kiosk::sim::ccnet::CcnetDeviceSim;
using Kind = ValidatorEvent::Kind;

namespace {

Instant steady_now() {
  return std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now().time_since_epoch());
}

// Emulated USB is busy-polled by libusb (see usb-emulation.md), so the driver gets generous
// timeouts; the simulator is fast.
ccnet::CcnetDriverConfig driver_config() {
  ccnet::CcnetDriverConfig c;
  c.tick = Millis{5};
  c.poll_interval = Millis{30};
  c.response_timeout = Millis{250};
  c.inter_frame_gap = Millis{2};
  c.max_retries = 2;
  return c;
}

kiosk::sim::ccnet::CcnetDeviceSimConfig sim_config() {
  kiosk::sim::ccnet::CcnetDeviceSimConfig c;
  c.initialize_time = Millis{30};
  c.accept_time = Millis{20};
  c.stack_time = Millis{20};
  c.return_time = Millis{20};
  c.reject_time = Millis{20};
  c.escrow_hold = Millis{5000};
  return c;
}

UsbPortConfig port(UsbBridge bridge, std::uint16_t vid, std::uint16_t pid,
                   std::string serial = "") {
  UsbPortConfig c;
  c.bridge = bridge;
  c.match = UsbMatch{vid, pid, std::move(serial)};
  c.options.line = SerialSettings{"", 9600, 8, SerialSettings::Parity::None, 1};
  c.write_timeout = Millis{300};
  return c;
}

// Declaration order is destruction order reversed: the runner and transports go before the libusb
// context, the context before the testbed.
struct Rig {
  UsbBench bench;
  boost::asio::io_context io;
  std::shared_ptr<UsbContext> ctx;
  std::unique_ptr<HotplugWatch> watch;
  std::unique_ptr<ValidatorRunner> runner;
  std::vector<ValidatorEvent> events;
  std::function<void(const ValidatorEvent&)> on_event;

  // libusb looks for usbfs when it starts, so a device must be plugged before this.
  void start_usb() {
    auto c = UsbContext::create(io);
    REQUIRE_MESSAGE(c, (c ? "" : c.error()));
    ctx = *c;
  }

  std::unique_ptr<UsbTransport> open(const UsbPortConfig& cfg) {
    auto t = UsbTransport::open(ctx, cfg);
    REQUIRE_MESSAGE(t, (t ? "" : t.error()));
    return std::move(*t);
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

  std::size_t count(Kind k) const {
    return static_cast<std::size_t>(
        std::count_if(events.begin(), events.end(), [k](const auto& e) { return e.kind == k; }));
  }

  void start_validator(std::unique_ptr<Transport> t) {
    runner = std::make_unique<ValidatorRunner>(
        io, std::make_unique<ccnet::CcnetDriver>(driver_config()), std::move(t), steady_now);
    runner->start([this](const ValidatorEvent& e) {
      events.push_back(e);
      if (on_event) on_event(e);
    });
  }

  // Power-up, enable, a 10 000 tenge note escrowed and stacked from the event handler.
  void escrow_and_stack(const std::shared_ptr<CcnetDeviceSim>& sim) {
    on_event = [this](const ValidatorEvent& e) {
      if (e.kind == Kind::Escrowed) runner->stack();
    };
    REQUIRE(run_until([&] { return count(Kind::Ready) >= 1; }));
    runner->enable({Kzt{1000}, Kzt{5000}, Kzt{10000}});
    REQUIRE(run_until([&] { return count(Kind::Idle) >= 1; }));
    const std::size_t stacked = count(Kind::Stacked);
    // The validator takes the note once it is idling with the denomination enabled.
    REQUIRE(run_until([&] { return bench.with([&] { return sim->insert_note(Kzt{10000}); }); }));
    REQUIRE(run_until([&] { return count(Kind::Stacked) == stacked + 1; }));
    const auto last = std::find_if(events.rbegin(), events.rend(),
                                   [](const auto& e) { return e.kind == Kind::Stacked; });
    CHECK(last->amount == Kzt{10000});
    CHECK(bench.with([&] { return sim->counters().stacked.at(10000); }) >= 1);
  }
};

std::vector<std::string> described(const std::vector<ControlRequest>& rs) {
  std::vector<std::string> out;
  for (const auto& r : rs) out.push_back(r.describe());
  return out;
}

}  // namespace

TEST_CASE("ftdi: enumerate, configure, escrow + stack over ValidatorRunner, driver re-attached") {
  Rig r;
  auto sim = std::make_shared<CcnetDeviceSim>(sim_config());
  auto model = std::make_shared<FtdiModel>(sim, "FT1");
  r.bench.plug(model, 2, 2);
  r.start_usb();

  const auto devices = r.ctx->list();
  REQUIRE(devices.size() == 1);
  CHECK(devices[0].vid == 0x0403);
  CHECK(devices[0].pid == 0x6001);
  CHECK(devices[0].serial == "FT1");
  CHECK(devices[0].product == "FT232R USB UART");
  CHECK(devices[0].bus == 1);
  CHECK(devices[0].address == 2);

  auto t = r.open(port(UsbBridge::Ftdi, 0x0403, 0x6001));
  CHECK(t->describe() == "usb:ftdi:0403:6001@1.2");
  CHECK(t->detached_interfaces() == std::vector<int>{0});
  BridgeOptions expected_options;
  expected_options.line = SerialSettings{"", 9600, 8, SerialSettings::Parity::None, 1};
  const auto expected = setup_requests(UsbBridge::Ftdi, expected_options);
  REQUIRE(expected);
  r.bench.with([&] {
    CHECK(described(model->control_log) == described(*expected));
    CHECK(model->baud_value == 0x4138);
    CHECK(model->baud_index == 0);
    CHECK(model->line == 0x0008);
    CHECK(model->latency_ms == 2);
    CHECK(model->kernel_drivers[0].empty());
    CHECK(model->driver_log == std::vector<std::string>{"detach 0"});
  });

  r.start_validator(std::move(t));
  r.escrow_and_stack(sim);
  // The bill table answer (126 bytes) spans three 64-byte packets, each with its status bytes;
  // idle packets carrying only the status bytes arrived too and added nothing.
  r.bench.with([&] {
    CHECK(model->data_packets >= 3);
    CHECK(model->status_only_packets >= 1);
  });
  const auto& drv = dynamic_cast<const ccnet::CcnetDriver&>(r.runner->driver());
  CHECK(drv.diagnostics().naks_received == 0);
  CHECK(r.count(Kind::LinkLost) == 0);

  r.runner->stop();  // closes the transport: the kernel driver goes back
  r.bench.with([&] {
    CHECK(model->driver_log == std::vector<std::string>{"detach 0", "attach 0"});
  });
}

TEST_CASE("ch340: version read, baud and line registers, escrow + stack") {
  Rig r;
  auto sim = std::make_shared<CcnetDeviceSim>(sim_config());
  auto model = std::make_shared<Ch340Model>(sim, 0x31);
  r.bench.plug(model, 2, 2);
  r.start_usb();
  auto cfg = port(UsbBridge::Ch340, 0x1A86, 0x7523);
  cfg.options.line.parity = SerialSettings::Parity::Even;
  auto t = r.open(cfg);
  r.bench.with([&] {
    REQUIRE(model->control_log.size() == 5);
    CHECK(model->control_log[0].describe() == "C0 5F 0000 0000 in 2");
    CHECK(model->initialised);
    CHECK(model->registers[0x1312] == 0xB282);  // 9600, bit 7 for version 0x31
    CHECK(model->registers[0x2518] == 0xDB);    // 8E1
    CHECK(model->modem_control == 0xFF9F);      // DTR + RTS on, active low
  });
  r.start_validator(std::move(t));
  r.escrow_and_stack(sim);
}

TEST_CASE("pl2303: HX start-up sequence, CDC line coding, escrow + stack") {
  Rig r;
  auto sim = std::make_shared<CcnetDeviceSim>(sim_config());
  auto model = std::make_shared<Pl2303Model>(sim);
  r.bench.plug(model, 2, 2);
  r.start_usb();
  auto t = r.open(port(UsbBridge::Pl2303, 0x067B, 0x2303));
  BridgeOptions o;
  o.line = SerialSettings{"", 9600, 8, SerialSettings::Parity::None, 1};
  r.bench.with([&] {
    CHECK(described(model->control_log) == described(*setup_requests(UsbBridge::Pl2303, o)));
    CHECK(model->registers[0x0002] == 0x44);
    CHECK(model->registers[0x0404] == 1);
    CHECK(model->line_coding == Bytes{0x80, 0x25, 0, 0, 0, 0, 8});
    CHECK(model->control_lines == 3);
  });
  r.start_validator(std::move(t));
  r.escrow_and_stack(sim);
}

TEST_CASE("cdc-acm: both interfaces claimed, line coding on the comm interface, escrow + stack") {
  Rig r;
  auto sim = std::make_shared<CcnetDeviceSim>(sim_config());
  auto model = std::make_shared<CdcAcmModel>(sim);
  r.bench.plug(model, 2, 2);
  r.start_usb();
  auto cfg = port(UsbBridge::CdcAcm, 0x1234, 0x5678);
  cfg.options.line.baud = 115200;
  cfg.options.line.stop_bits = 2;
  auto t = r.open(cfg);
  CHECK(t->detached_interfaces() == std::vector<int>{0, 1});
  r.bench.with([&] {
    CHECK(model->line_coding == Bytes{0x00, 0xC2, 0x01, 0x00, 0x02, 0x00, 0x08});
    CHECK(model->control_lines == 3);
  });
  r.start_validator(std::move(t));
  r.escrow_and_stack(sim);
  r.runner->stop();
  r.bench.with([&] {
    CHECK(model->driver_log ==
          std::vector<std::string>{"detach 0", "detach 1", "attach 0", "attach 1"});
  });
}

TEST_CASE("printer class: device id, port status, a receipt printed through EscPosPrinter") {
  Rig r;
  auto sim = std::make_shared<EscPosPrinterSim>();
  auto port_status = [sim]() -> std::uint8_t {
    std::uint8_t b = 0;
    if ((sim->status_byte(2) & 0x40) == 0) b |= 0x08;     // not error
    if ((sim->status_byte(1) & 0x08) == 0) b |= 0x10;     // selected (online)
    if ((sim->status_byte(4) & 0x60) == 0x60) b |= 0x20;  // paper empty
    return b;
  };
  auto model =
      std::make_shared<PrinterModel>(sim, "MFG:EPSON;CMD:ESC/POS;MDL:TM-T20II;", port_status);
  r.bench.plug(model, 2, 2);
  r.start_usb();
  auto t = r.open(port(UsbBridge::Printer, 0x04B8, 0x0E15));
  auto id = t->printer_device_id();
  REQUIRE_MESSAGE(id, (id ? "" : id.error()));
  CHECK(id->manufacturer() == "EPSON");
  CHECK(id->model() == "TM-T20II");
  CHECK(id->command_set() == "ESC/POS");
  auto st = t->printer_port_status();
  REQUIRE(st);
  CHECK(st->printer_status().ok());
  r.bench.with([&] { sim->set_paper(EscPosPrinterSim::Paper::Out); });
  st = t->printer_port_status();
  REQUIRE(st);
  CHECK(st->paper_empty);
  CHECK(st->selected == false);  // the simulator goes offline without paper
  r.bench.with([&] { sim->set_paper(EscPosPrinterSim::Paper::Ok); });

  kiosk::devices::EscPosProfile profile;
  profile.status_timeout = Millis{500};
  EscPosPrinter printer(r.io, std::move(t), profile, steady_now);
  std::optional<std::expected<void, std::string>> result;
  printer.print(kiosk::escpos_test::sample_receipt(),
                [&](std::expected<void, std::string> res) { result = std::move(res); });
  REQUIRE(r.run_until([&] { return result.has_value(); }));
  CHECK_MESSAGE(result->has_value(), (result->has_value() ? "" : result->error()));
  REQUIRE(r.run_until([&] {
    return r.bench.with([&] { return !sim->receipts().empty() && sim->receipts()[0].cut; });
  }));
  r.bench.with([&] {
    CHECK(sim->receipts().size() == 1);
    CHECK(kiosk::escpos_test::words(sim->text()).find("20 000 KZT") != std::string::npos);
    CHECK(sim->status_requests() == 3);
  });
}

TEST_CASE("timeout: a chip that never takes a bulk OUT fails the link once") {
  Rig r;
  auto sim = std::make_shared<CcnetDeviceSim>(sim_config());
  auto model = std::make_shared<FtdiModel>(sim);
  r.bench.plug(model, 2, 2);
  r.start_usb();
  auto t = r.open(port(UsbBridge::Ftdi, 0x0403, 0x6001));
  r.bench.with([&] { model->hold_out = true; });
  std::vector<std::string> errors;
  t->start([](ByteView) {}, [&](const std::string& why) { errors.push_back(why); });
  t->write(Bytes{0x02, 0x03, 0x06, 0x33, 0xDA, 0x81});
  t->write(Bytes{0x02, 0x03, 0x06, 0x33, 0xDA, 0x81});
  REQUIRE(r.run_until([&] { return !errors.empty(); }));
  r.run_until([] { return false; }, Millis{100});
  CHECK(errors == std::vector<std::string>{"write: not taken within 300 ms"});
  CHECK(r.bench.stats().discards >= 1);  // libusb discarded the URB on its timeout
  r.bench.with([&] { CHECK(model->bytes_from_host() == 0); });
}

TEST_CASE("ambiguous devices: two alike need a serial number; the serial picks one") {
  Rig r;
  auto sim_a = std::make_shared<CcnetDeviceSim>(sim_config());
  auto sim_b = std::make_shared<CcnetDeviceSim>(sim_config());
  r.bench.plug(std::make_shared<FtdiModel>(sim_a, "AAA"), 2, 2);
  r.bench.plug(std::make_shared<FtdiModel>(sim_b, "BBB"), 3, 3);
  r.start_usb();
  auto both = UsbTransport::open(r.ctx, port(UsbBridge::Ftdi, 0x0403, 0x6001));
  REQUIRE_FALSE(both);
  CHECK(both.error() == "2 devices 0403:6001 attached: name one by its serial number");
  // (Looked up before `b` is opened: umockdev's ioctl handler does not survive a second fd on a
  // node closing while the first stays open; a real usbfs allows it.)
  auto none = UsbTransport::open(r.ctx, port(UsbBridge::Ftdi, 0x0403, 0x6001, "CCC"));
  REQUIRE_FALSE(none);
  auto b = r.open(port(UsbBridge::Ftdi, 0x0403, 0x6001, "BBB"));
  CHECK(b->device().serial == "BBB");
  CHECK(b->device().address == 3);
  CHECK(none.error() == "no device 0403:6001 serial CCC");
}

TEST_CASE("unplug mid-session: LinkLost once; replug found by hotplug: LinkRestored, Ready") {
  Rig r;
  auto sim = std::make_shared<CcnetDeviceSim>(sim_config());
  r.bench.plug(std::make_shared<FtdiModel>(sim, "FT1"), 2, 2);
  r.start_usb();
  REQUIRE(r.ctx->hotplug_supported());
  std::vector<std::string> hotplug;
  auto w = r.ctx->watch(0x0403, 0x6001, [&](const UsbDeviceInfo& d, bool arrived) {
    hotplug.push_back((arrived ? "arrived " : "left ") + std::to_string(d.address) + " " +
                      d.serial);
    if (!arrived || !r.runner) return;
    auto t = UsbTransport::open(r.ctx, port(UsbBridge::Ftdi, 0x0403, 0x6001, "FT1"));
    REQUIRE_MESSAGE(t, (t ? "" : t.error()));
    r.runner->replace_transport(std::move(*t));
  });
  REQUIRE(w);
  r.watch = std::move(*w);
  r.start_validator(r.open(port(UsbBridge::Ftdi, 0x0403, 0x6001, "FT1")));
  r.escrow_and_stack(sim);

  r.bench.unplug(2);
  REQUIRE(r.run_until([&] { return r.count(Kind::LinkLost) == 1; }));
  const auto lost = std::find_if(r.events.begin(), r.events.end(),
                                 [](const auto& e) { return e.kind == Kind::LinkLost; });
  CHECK(lost->detail == "transport: read: device gone");
  REQUIRE(r.run_until([&] { return hotplug.size() == 1; }));
  CHECK(hotplug[0] == "left 2 ");

  // The validator comes back on the same port with a new address, power-cycled with a note in
  // the stacker.
  r.bench.with([&] { sim->power_cycle(true); });
  r.bench.plug(std::make_shared<FtdiModel>(sim, "FT1"), 2, 3);
  REQUIRE(r.run_until([&] { return r.count(Kind::LinkRestored) == 1; }));
  REQUIRE(r.run_until([&] { return r.count(Kind::Ready) == 2; }));
  CHECK(hotplug.at(1) == "arrived 3 FT1");
  CHECK(r.count(Kind::PowerUpWithBill) == 1);
  CHECK(r.count(Kind::LinkLost) == 1);
  CHECK(r.runner->transport_name() == "usb:ftdi:0403:6001@1.3");
  r.escrow_and_stack(sim);  // and it takes money again
}

TEST_CASE("timeout: a silent validator behind a live bridge -> the driver's LinkLost, then back") {
  Rig r;
  auto sim = std::make_shared<CcnetDeviceSim>(sim_config());
  auto model = std::make_shared<Ch340Model>(sim);
  r.bench.plug(model, 2, 2);
  r.start_usb();
  r.start_validator(r.open(port(UsbBridge::Ch340, 0x1A86, 0x7523)));
  REQUIRE(r.run_until([&] { return r.count(Kind::Ready) == 1; }));
  r.bench.with([&] { sim->set_silent(true); });  // the chip is there, the validator says nothing
  REQUIRE(r.run_until([&] { return r.count(Kind::LinkLost) == 1; }));
  const auto& drv = dynamic_cast<const ccnet::CcnetDriver&>(r.runner->driver());
  CHECK_FALSE(drv.diagnostics().link_up);
  CHECK(r.runner->transport_name() == "usb:ch340:1a86:7523@1.2");  // the USB link stayed
  r.bench.with([&] { sim->set_silent(false); });
  REQUIRE(r.run_until([&] { return r.count(Kind::LinkRestored) == 1; }));
  REQUIRE(r.run_until([&] { return r.count(Kind::Ready) == 2; }));
  CHECK(r.count(Kind::LinkLost) == 1);
}

TEST_CASE(
    "config wiring: a {\"type\": \"usb\", \"bridge\": \"pl2303\"} transport from kiosk config") {
  Rig r;
  auto sim = std::make_shared<CcnetDeviceSim>(sim_config());
  auto model = std::make_shared<Pl2303Model>(sim);
  r.bench.plug(model, 2, 2);
  kiosk::app::TransportConfig t;
  t.type = "usb";
  t.bridge = "pl2303";
  t.usb = kiosk::app::UsbMatch{0x067B, 0x2303, ""};
  t.parity = "even";
  auto link = kiosk::app::open_serial(r.io, t);
  REQUIRE_MESSAGE(link, (link ? "" : link.error()));
  CHECK((*link)->describe() == "usb:pl2303:067b:2303@1.2");
  r.bench.with([&] { CHECK(model->line_coding == Bytes{0x80, 0x25, 0, 0, 0, 2, 8}); });
  r.start_validator(std::move(*link));
  r.escrow_and_stack(sim);
  t.bridge = "cp2102";
  CHECK(kiosk::app::open_serial(r.io, t).error() == "unknown usb bridge 'cp2102'");
}
