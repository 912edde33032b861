// The ITL SSP validator with eSSP encryption over emulated USB (umockdev): sim/ssp behind each
// serial bridge chip model, the real SspDriver in a ValidatorRunner over a libusb UsbTransport.
// Configure (9600 8N2 must reach the chip), the key exchange, an encrypted escrow held with HOLD
// and then stacked (credited at NOTE CREDIT), a unit that stops answering, and an unplug /
// hotplug replug after a power cycle with a note in escrow (a new session, a new key).
#include <doctest/doctest.h>

#include "devices/ssp/ssp_driver.hpp"
#include "devices/validator_runner.hpp"
#include "sim/ssp/ssp_device_sim.hpp"
#include "tests/usb/usb_rig.hpp"

using namespace usb_test;
using kiosk::devices::ValidatorEvent;
using kiosk::devices::ValidatorRunner;
using kiosk::devices::ssp::Command;
using kiosk::devices::ssp::SspDriver;
using kiosk::devices::ssp::SspDriverConfig;
using kiosk::devices::ssp::SspFrameReader;
using kiosk::flows::Kzt;
using kiosk::sim::ssp::SspDeviceSim;
using kiosk::sim::ssp::SspDeviceSimConfig;
using Kind = ValidatorEvent::Kind;

namespace {

SspDriverConfig driver_config() {
  SspDriverConfig c;
  c.tick = Millis{5};
  c.poll_interval = Millis{30};
  c.response_timeout = Millis{250};
  c.hold_interval = Millis{60};
  c.max_retries = 2;
  return c;  // random_seed unset: real randomness (OpenSSL) for the key exchange
}

SspDeviceSimConfig sim_config() {
  SspDeviceSimConfig c;
  c.read_time = Millis{20};
  c.stack_time = Millis{20};
  c.reject_time = Millis{20};
  c.escrow_timeout = Millis{1000};  // no HOLD or POLL for this long: the unit rejects the note
  return c;
}

const std::vector<Kzt> kAll{Kzt{500}, Kzt{1000}, Kzt{2000}, Kzt{5000}, Kzt{10000}, Kzt{20000}};

// SSP is 9600 8N2.
const SerialSettings kSspLine = line(9600, SerialSettings::Parity::None, 2);

struct Rig : DeviceRig<ValidatorRunner, ValidatorEvent> {
  std::shared_ptr<SspDeviceSim> sim = std::make_shared<SspDeviceSim>(sim_config());
  std::shared_ptr<WireTap> tap = std::make_shared<WireTap>(sim);

  void start_on(UsbBridge bridge) {
    start(std::make_unique<SspDriver>(driver_config()), plug_and_open(bridge, tap, kSspLine));
  }
  const SspDriver& driver() const { return dynamic_cast<const SspDriver&>(runner->driver()); }
  std::string sim_state() {
    return bench.with([&] { return sim->state_name(); });
  }
  std::uint64_t received(Command c) {
    return bench.with([&] { return sim->commands_received(c); });
  }
  void ready_and_enabled(std::size_t ready = 1) {
    REQUIRE(run_until([&] { return count(Kind::Ready) == ready; }));
    runner->enable(kAll);
    REQUIRE(run_until([&] { return sim_state() == "idle"; }));
  }
  void insert(Kzt amount) {
    REQUIRE(run_until([&] { return bench.with([&] { return sim->insert_note(amount); }); }));
  }
  // A note escrowed, held with HOLD while the application "decides" (the unit keeps it: a POLL
  // would accept it), then stacked; one Stacked at NOTE CREDIT.
  void escrow_hold_and_stack(Kzt amount) {
    const std::size_t escrowed = count(Kind::Escrowed), stacked = count(Kind::Stacked);
    const int in_cashbox = bench.with([&] { return sim->counters().stacked_notes(); });
    insert(amount);
    REQUIRE(run_until([&] { return count(Kind::Escrowed) == escrowed + 1; }));
    CHECK(last(Kind::Escrowed)->amount == amount);
    const auto holds = received(Command::Hold);
    REQUIRE(run_until([&] { return received(Command::Hold) >= holds + 3; }));
    CHECK(sim_state() == "escrow");  // still held, not accepted by a POLL
    CHECK(count(Kind::Stacked) == stacked);
    runner->stack();
    REQUIRE(run_until([&] { return count(Kind::Stacked) == stacked + 1; }));
    CHECK(last(Kind::Stacked)->amount == amount);
    REQUIRE(run_until([&] { return sim_state() == "idle"; }));
    run_for(Millis{100});
    CHECK(count(Kind::Stacked) == stacked + 1);
    bench.with([&] { CHECK(sim->counters().stacked_notes() == in_cashbox + 1); });
  }
  // The host's packets on the wire: after each REQUEST KEY EXCHANGE (plain), every packet but a
  // SYNC or the next key exchange is encrypted (DATA starts with 7E). Returns the number of
  // encrypted packets; fails on a plain command inside a session.
  std::size_t encrypted_packets() {
    const Bytes wire = bench.with([&] { return tap->host_bytes; });
    SspFrameReader reader;
    bool keyed = false;
    std::size_t sealed = 0;
    for (const auto& f : reader.feed(wire)) {
      REQUIRE(f);
      const std::uint8_t first = f->data.at(0);
      const auto cmd = static_cast<Command>(first);
      if (cmd == Command::Sync || cmd == Command::SetGenerator || cmd == Command::SetModulus) {
        keyed = false;
        continue;
      }
      if (cmd == Command::RequestKeyExchange) {
        keyed = true;
        continue;
      }
      if (keyed) {
        CHECK_MESSAGE(first == 0x7E, "a plain command inside an eSSP session: " << int(first));
        ++sealed;
      }
    }
    return sealed;
  }
};

}  // namespace

TEST_CASE(
    "ssp over every bridge: 8N2 at the chip, eSSP key exchange, encrypted escrow held "
    "with HOLD, then stacked") {
  for (const UsbBridge bridge : kSerialBridges) {
    const std::string chip(bridge_name(bridge));
    CAPTURE(chip);
    Rig r;
    r.plug(bridge, r.tap);
    REQUIRE(r.ctx->list().size() == 1);
    auto t = r.open(kSspLine);
    const SerialSettings uart = r.chip_line();
    CHECK(frame_format(uart) == "8N2");
    CHECK(baud_close(uart.baud, 9600));
    if (bridge == UsbBridge::Ftdi)  // SET_DATA: 8 bits | no parity | 2 stop bits (2) << 11
      r.bench.with([&] { CHECK(std::static_pointer_cast<FtdiModel>(r.model)->line == 0x1008); });
    if (bridge == UsbBridge::Ch340)
      r.bench.with([&] {
        CHECK(std::static_pointer_cast<Ch340Model>(r.model)->registers.at(0x2518) == 0xC7);
      });

    r.start(std::make_unique<SspDriver>(driver_config()), std::move(t));
    REQUIRE(r.run_until([&] { return r.count(Kind::Ready) == 1; }));
    CHECK(r.last(Kind::Ready)->denominations == kAll);  // from SETUP REQUEST, both series
    CHECK(r.driver().encrypted());
    r.bench.with([&] {
      CHECK(r.sim->has_key());
      CHECK(r.sim->counters().key_exchanges == 1);
    });
    r.ready_and_enabled();
    r.escrow_hold_and_stack(Kzt{10000});
    r.bench.with([&] {
      CHECK(r.sim->counters().stacked.at(10000) == 1);
      CHECK(r.sim->counters().crypto_refused == 0);
      CHECK(r.sim->counters().bad_frames == 0);
    });
    CHECK(r.encrypted_packets() > 10);
    CHECK(r.driver().diagnostics().crypto_errors == 0);
    CHECK(r.count(Kind::LinkLost) == 0);
  }
}

TEST_CASE("ssp timeout: the unit stops answering -> LinkLost; back -> a new session and key") {
  Rig r;
  r.start_on(UsbBridge::Pl2303);
  r.ready_and_enabled();
  r.bench.with([&] { r.sim->set_silent(true); });
  REQUIRE(r.run_until([&] { return r.count(Kind::LinkLost) == 1; }));
  CHECK(r.driver().phase() == SspDriver::Phase::LinkDown);
  CHECK(r.driver().diagnostics().timeouts >= 1);
  CHECK(r.runner->transport_name() == "usb:pl2303:067b:2303@1.2");  // the USB link stayed
  r.bench.with([&] { r.sim->set_silent(false); });
  REQUIRE(r.run_until([&] { return r.count(Kind::LinkRestored) == 1; }));
  REQUIRE(r.run_until([&] { return r.count(Kind::Ready) == 2; }));
  REQUIRE(r.run_until([&] { return r.sim_state() == "idle"; }));
  r.bench.with([&] { CHECK(r.sim->counters().key_exchanges == 2); });
  CHECK(r.count(Kind::LinkLost) == 1);
  r.escrow_hold_and_stack(Kzt{2000});
}

TEST_CASE(
    "ssp unplug with a note in escrow; power-cycled; hotplug replug -> new key, the note "
    "reported cleared, never credited") {
  Rig r;
  r.start_on(UsbBridge::Ftdi);
  r.watch_hotplug();
  r.ready_and_enabled();
  r.insert(Kzt{5000});
  REQUIRE(r.run_until([&] { return r.count(Kind::Escrowed) == 1; }));

  r.bench.unplug(2);
  REQUIRE(r.run_until([&] { return r.count(Kind::LinkLost) == 1; }));
  CHECK(r.last(Kind::LinkLost)->detail == "transport: read: device gone");
  REQUIRE(r.run_until([&] { return r.hotplug.size() == 1; }));

  r.bench.with([&] { r.sim->power_cycle(false); });  // the key is gone, E1 waits for the host
  CHECK_FALSE(r.bench.with([&] { return r.sim->has_key(); }));
  r.replug(r.tap, 3);
  REQUIRE(r.run_until([&] { return r.count(Kind::LinkRestored) == 1; }));
  REQUIRE(r.run_until([&] { return r.count(Kind::PowerUpWithBill) == 1; }));
  CHECK(r.hotplug.at(1) == "arrived 3");
  CHECK(r.last(Kind::PowerUpWithBill)->amount == Kzt{5000});
  CHECK(r.last(Kind::PowerUpWithBill)->detail.starts_with("cleared_from_front"));
  REQUIRE(r.run_until([&] { return r.count(Kind::Ready) == 2; }));
  REQUIRE(r.run_until([&] { return r.sim_state() == "idle"; }));  // re-enabled by itself
  r.bench.with([&] {
    CHECK(r.sim->counters().key_exchanges == 2);
    CHECK(r.sim->counters().returned == 1);
    CHECK(r.sim->counters().stacked_notes() == 0);
  });
  CHECK(r.count(Kind::Stacked) == 0);
  CHECK(r.driver().encrypted());
  r.escrow_hold_and_stack(Kzt{1000});  // money moves over the new key
  CHECK(r.count(Kind::LinkLost) == 1);
}
