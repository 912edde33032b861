// The JCM ID003 validator over emulated USB (umockdev): sim/id003 behind each serial bridge chip
// model, the real Id003Driver in a ValidatorRunner over a libusb UsbTransport. Enumerate,
// configure (9600 8E1 must reach the chip), escrow + stack credited at VEND VALID, a note
// returned, a validator that stops answering, and an unplug / hotplug replug after a power cycle
// with a note in the path.
#include <doctest/doctest.h>

#include "devices/id003/id003_driver.hpp"
#include "devices/validator_runner.hpp"
#include "sim/id003/id003_device_sim.hpp"
#include "tests/usb/usb_rig.hpp"

using namespace usb_test;
using kiosk::devices::ValidatorEvent;
using kiosk::devices::ValidatorRunner;
using kiosk::devices::id003::Command;
using kiosk::devices::id003::Id003Driver;
using kiosk::devices::id003::Id003DriverConfig;
using kiosk::flows::Kzt;
using kiosk::sim::id003::Id003DeviceSim;
using kiosk::sim::id003::Id003DeviceSimConfig;
using Kind = ValidatorEvent::Kind;

namespace {

// Emulated USB is busy-polled by libusb, so the driver gets USB-sized timeouts; the simulated
// validator is quick.
Id003DriverConfig driver_config() {
  Id003DriverConfig c;
  c.tick = Millis{5};
  c.poll_interval = Millis{30};
  c.response_timeout = Millis{250};
  c.inter_frame_gap = Millis{2};
  c.max_retries = 2;
  return c;
}

Id003DeviceSimConfig sim_config() {
  Id003DeviceSimConfig c;
  c.initialize_time = Millis{30};
  c.accept_time = Millis{20};
  c.stack_time = Millis{20};
  c.return_time = Millis{20};
  c.reject_time = Millis{20};
  c.escrow_hold = Millis{5000};
  return c;
}

const std::vector<Kzt> kAllKzt{Kzt{200},  Kzt{500},   Kzt{1000}, Kzt{2000},
                               Kzt{5000}, Kzt{10000}, Kzt{20000}};

// ID003 is 9600 8E1.
const SerialSettings kId003Line = line(9600, SerialSettings::Parity::Even, 1);

struct Rig : DeviceRig<ValidatorRunner, ValidatorEvent> {
  std::shared_ptr<Id003DeviceSim> sim = std::make_shared<Id003DeviceSim>(sim_config());

  void start_on(UsbBridge bridge) {
    start(std::make_unique<Id003Driver>(driver_config()), plug_and_open(bridge, sim, kId003Line));
  }
  const Id003Driver& driver() const { return dynamic_cast<const Id003Driver&>(runner->driver()); }

  void ready_and_enabled(std::size_t ready = 1) {
    REQUIRE(run_until([&] { return count(Kind::Ready) == ready; }));
    runner->enable(kAllKzt);
    REQUIRE(run_until([&] { return bench.with([&] { return sim->state_name() == "idling"; }); }));
  }
  // The customer puts a note in; the validator takes it once it idles with the denomination on.
  void insert(Kzt amount, const std::string& series = "") {
    REQUIRE(
        run_until([&] { return bench.with([&] { return sim->insert_note(amount, series); }); }));
  }
  // Escrow -> STACK-1 from the event handler -> one Stacked at VEND VALID.
  void escrow_and_stack(Kzt amount, const std::string& series = "") {
    std::string sim_state_at_credit;
    on_event = [&](const ValidatorEvent& e) {
      if (e.kind == Kind::Escrowed) runner->stack();
      if (e.kind == Kind::Stacked)
        sim_state_at_credit = bench.with([&] { return sim->state_name(); });
    };
    const std::size_t stacked = count(Kind::Stacked);
    const int in_cassette = bench.with([&] { return sim->counters().stacked_notes(); });
    insert(amount, series);
    REQUIRE(run_until([&] { return count(Kind::Stacked) == stacked + 1; }));
    CHECK(last(Kind::Stacked)->amount == amount);
    // The credit point: the driver credits on VEND VALID (which it ACKs), not on STACKED.
    CHECK(last(Kind::Stacked)->detail.find("without_vend_valid") == std::string::npos);
    CHECK((sim_state_at_credit == "vend_valid" || sim_state_at_credit == "stacked"));
    REQUIRE(run_until([&] { return bench.with([&] { return sim->state_name() == "idling"; }); }));
    CHECK(count(Kind::Stacked) == stacked + 1);  // VEND VALID repeats were not credited again
    bench.with([&] { CHECK(sim->counters().stacked_notes() == in_cassette + 1); });
    on_event = nullptr;
  }
};

}  // namespace

TEST_CASE("id003 over every bridge: 8E1 at the chip, escrow + stack at VEND VALID, a return") {
  for (const UsbBridge bridge : kSerialBridges) {
    const std::string chip(bridge_name(bridge));
    CAPTURE(chip);
    Rig r;
    r.plug(bridge, r.sim);
    const auto devices = r.ctx->list();
    REQUIRE(devices.size() == 1);
    CHECK(devices[0].vid == r.model->desc().vid);
    CHECK(devices[0].pid == r.model->desc().pid);
    CHECK(devices[0].product == r.model->desc().product);
    auto t = r.open(kId003Line);
    CHECK(t->describe().find(std::string(bridge_name(bridge))) != std::string::npos);

    // What the chip was told: 9600 baud, 8 data bits, even parity, 1 stop bit.
    const SerialSettings uart = r.chip_line();
    CHECK(frame_format(uart) == "8E1");
    CHECK(baud_close(uart.baud, 9600));
    if (bridge == UsbBridge::Ftdi)  // SET_DATA: 8 bits | parity 2 (even) << 8 | 1 stop (0) << 11
      r.bench.with([&] { CHECK(std::static_pointer_cast<FtdiModel>(r.model)->line == 0x0208); });
    if (bridge == UsbBridge::Ch340)
      r.bench.with([&] {
        CHECK(std::static_pointer_cast<Ch340Model>(r.model)->registers.at(0x2518) == 0xDB);
      });

    r.start(std::make_unique<Id003Driver>(driver_config()), std::move(t));
    REQUIRE(r.run_until([&] { return r.count(Kind::Ready) == 1; }));
    CHECK(r.last(Kind::Ready)->denominations == kAllKzt);  // read with 8A, both series
    r.ready_and_enabled();
    r.escrow_and_stack(Kzt{10000}, "saka");
    r.bench.with([&] {
      CHECK(r.sim->counters().stacked_by_series.at("saka") == 1);
      CHECK(r.sim->counters().host_acks >= 1);
    });
    CHECK(r.driver().diagnostics().vend_valid_acks >= 1);

    // The customer changes their mind: RETURN, the note comes back, nothing credited.
    r.on_event = [&](const ValidatorEvent& e) {
      if (e.kind == Kind::Escrowed) r.runner->return_note();
    };
    r.insert(Kzt{2000});
    REQUIRE(r.run_until([&] { return r.count(Kind::Returned) == 1; }));
    CHECK(r.last(Kind::Returned)->amount == Kzt{2000});
    CHECK(r.count(Kind::Stacked) == 1);
    r.bench.with([&] {
      CHECK(r.sim->counters().returned == 1);
      CHECK(r.sim->commands_received(Command::Return) == 1);
    });
    CHECK(r.count(Kind::LinkLost) == 0);
    CHECK(r.driver().diagnostics().bad_frames == 0);
  }
}

TEST_CASE(
    "id003 timeout: the validator stops answering behind a live bridge -> LinkLost, "
    "then re-initialised") {
  Rig r;
  r.start_on(UsbBridge::Ch340);
  r.ready_and_enabled();
  const auto resets = r.bench.with([&] { return r.sim->commands_received(Command::Reset); });
  r.bench.with([&] { r.sim->set_silent(true); });
  REQUIRE(r.run_until([&] { return r.count(Kind::LinkLost) == 1; }));
  CHECK_FALSE(r.runner->link_up());
  CHECK(r.driver().phase() == Id003Driver::Phase::LinkDown);
  CHECK(r.driver().diagnostics().timeouts >= 1);
  CHECK(r.runner->transport_name() == "usb:ch340:1a86:7523@1.2");  // the USB link stayed

  // Meanwhile the unit lost power: it comes back with POWER UP, so the driver resets it.
  r.bench.with([&] {
    r.sim->power_cycle(false);
    r.sim->set_silent(false);
  });
  REQUIRE(r.run_until([&] { return r.count(Kind::LinkRestored) == 1; }));
  REQUIRE(r.run_until([&] { return r.count(Kind::Ready) == 2; }));
  REQUIRE(
      r.run_until([&] { return r.bench.with([&] { return r.sim->state_name() == "idling"; }); }));
  r.bench.with([&] { CHECK(r.sim->commands_received(Command::Reset) == resets + 1); });
  CHECK(r.count(Kind::LinkLost) == 1);
  r.escrow_and_stack(Kzt{5000});
}

TEST_CASE(
    "id003 unplug with a note in escrow; power-cycled; hotplug replug -> re-initialised, "
    "the note reported per ID003, never credited") {
  struct Case {
    UsbBridge bridge;
    bool into_stacker;  // 42 POWER UP WITH BILL IN STACKER, else 41 ... IN ACCEPTOR
    const char* where;
  };
  for (const Case c :
       {Case{UsbBridge::Ftdi, false, "in_acceptor"}, Case{UsbBridge::CdcAcm, true, "in_stacker"}}) {
    CAPTURE(c.where);
    Rig r;
    r.start_on(c.bridge);
    r.watch_hotplug();
    r.ready_and_enabled();
    r.insert(Kzt{5000});
    REQUIRE(r.run_until([&] { return r.count(Kind::Escrowed) == 1; }));  // nobody decides

    r.bench.unplug(2);
    REQUIRE(r.run_until([&] { return r.count(Kind::LinkLost) == 1; }));
    CHECK(r.last(Kind::LinkLost)->detail == "transport: read: device gone");
    REQUIRE(r.run_until([&] { return r.hotplug.size() == 1; }));
    CHECK(r.hotplug[0] == "left 2");

    const int returned = r.bench.with([&] { return r.sim->counters().returned; });
    const int stacked = r.bench.with([&] { return r.sim->counters().stacked_notes(); });
    r.bench.with([&] { r.sim->power_cycle(c.into_stacker); });
    r.replug(r.sim, 3);
    REQUIRE(r.run_until([&] { return r.count(Kind::LinkRestored) == 1; }));
    REQUIRE(r.run_until([&] { return r.count(Kind::Ready) == 2; }));
    CHECK(r.hotplug.at(1) == "arrived 3");
    CHECK(r.runner->transport_name().ends_with("@1.3"));
    REQUIRE(r.count(Kind::PowerUpWithBill) == 1);
    CHECK(r.last(Kind::PowerUpWithBill)->detail == c.where);
    CHECK(r.count(Kind::Stacked) == 0);  // left to the journal, never credited as a new note
    r.bench.with([&] {
      if (c.into_stacker)
        CHECK(r.sim->counters().stacked_notes() == stacked + 1);
      else
        CHECK(r.sim->counters().returned == returned + 1);
    });
    // Re-synchronised: the denominations are applied again and money moves.
    r.runner->enable(kAllKzt);
    REQUIRE(
        r.run_until([&] { return r.bench.with([&] { return r.sim->state_name() == "idling"; }); }));
    r.escrow_and_stack(Kzt{1000});
    CHECK(r.count(Kind::LinkLost) == 1);
  }
}
