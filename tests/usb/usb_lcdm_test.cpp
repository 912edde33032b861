// The Puloon LCDM dispenser over emulated USB (umockdev): sim/lcdm behind each serial bridge chip
// model (the chip model wakes the simulator when its response is due, as the real dispenser
// speaks once the notes are out), the real LcdmDriver in a DispenserRunner over a libusb
// UsbTransport. A planned payout over two cassettes with per-cassette delivered / rejected counts
// checked against the simulator's physical truth, a dispenser that stops answering, a response
// that never comes, and an unplug mid-dispense: the outcome is Unknown and the command is never
// sent again, also after the hotplug replug.
#include <doctest/doctest.h>

#include "devices/dispenser_runner.hpp"
#include "devices/lcdm/lcdm_driver.hpp"
#include "flows/dispense/dispense_plan.hpp"
#include "sim/lcdm/lcdm_device_sim.hpp"
#include "tests/usb/usb_rig.hpp"

using namespace usb_test;
using kiosk::devices::DispenseOutcome;
using kiosk::devices::DispenserEvent;
using kiosk::devices::DispenserRunner;
using kiosk::devices::lcdm::LcdmDriver;
using kiosk::devices::lcdm::LcdmDriverConfig;
using kiosk::devices::lcdm::Model;
using kiosk::flows::Kzt;
using kiosk::sim::lcdm::LcdmDeviceSim;
using kiosk::sim::lcdm::LcdmDeviceSimConfig;
using Kind = DispenserEvent::Kind;
using Result = DispenseOutcome::Result;
namespace plan = kiosk::flows::dispense;

namespace {

LcdmDriverConfig driver_config(Model m) {
  LcdmDriverConfig c;
  c.model = m;
  c.tick = Millis{5};
  c.ack_timeout = Millis{250};
  c.response_timeout = Millis{300};
  c.response_resend_wait = Millis{100};
  c.purge_timeout = Millis{1000};
  c.dispense_base_timeout = Millis{600};
  c.dispense_per_note = Millis{20};
  c.idle_status_interval = Millis{150};
  c.probe_interval = Millis{100};
  return c;
}

LcdmDeviceSimConfig sim_config(Model m) {
  auto c = kiosk::sim::lcdm::default_sim_config(m);
  c.answer_time = Millis{2};
  c.work_time = Millis{10};
  c.per_note_time = Millis{2};
  return c;
}

// LCDM-1000/2000 are 9600 8N1 (the 4000's parity is UNVERIFIED, 8N1 here too).
const SerialSettings kLcdmLine = line(9600, SerialSettings::Parity::None, 1);

std::uint8_t dispense_command(Model m) { return m == Model::Lcdm4000 ? 0x52 : 0x56; }

struct Rig : DeviceRig<DispenserRunner, DispenserEvent> {
  Model model_kind;
  std::shared_ptr<LcdmDeviceSim> sim;

  explicit Rig(Model m, const std::function<void(LcdmDeviceSimConfig&)>& tweak = {})
      : model_kind(m) {
    auto c = sim_config(m);
    if (tweak) tweak(c);
    sim = std::make_shared<LcdmDeviceSim>(c);
  }
  void start_on(UsbBridge bridge) {
    start(std::make_unique<LcdmDriver>(driver_config(model_kind)),
          plug_and_open(bridge, sim, kLcdmLine));
  }
  int cassettes() const { return runner->driver().cassette_count(); }
  std::uint64_t dispenses_received() {
    return bench.with([&] { return sim->commands_received(dispense_command(model_kind)); });
  }
  // The payout plan for `amount` over what the simulator's cassettes hold.
  std::vector<int> plan_for(Kzt amount) {
    std::vector<plan::Cassette> book;
    bench.with([&] {
      for (int i = 0; i < sim->cassette_count(); ++i)
        book.push_back(plan::Cassette{i, sim->denomination(i), sim->left(i)});
    });
    plan::DispenseLimits limits;
    limits.per_command = runner->driver().max_notes_per_command();
    const auto p = plan::plan_dispense(book, amount, limits);
    REQUIRE(p);
    REQUIRE(p->batches.size() == 1);
    return p->per_cassette(cassettes());
  }
  const DispenseOutcome& dispense(const std::vector<int>& n) {
    const std::size_t before = count(Kind::DispenseDone);
    runner->dispense(n);
    REQUIRE(run_until([&] { return count(Kind::DispenseDone) == before + 1; }));
    REQUIRE(last(Kind::DispenseDone)->outcome);
    return *last(Kind::DispenseDone)->outcome;
  }
};

}  // namespace

TEST_CASE(
    "lcdm over every bridge: 8N1 at the chip, a planned payout over two cassettes, counts "
    "per cassette match the notes that moved") {
  struct Case {
    UsbBridge bridge;
    Model model;
  };
  for (const Case c :
       {Case{UsbBridge::Ftdi, Model::Lcdm2000}, Case{UsbBridge::Ch340, Model::Lcdm2000},
        Case{UsbBridge::Pl2303, Model::Lcdm2000}, Case{UsbBridge::CdcAcm, Model::Lcdm2000},
        Case{UsbBridge::Ch340, Model::Lcdm4000}}) {
    const std::string chip(bridge_name(c.bridge));
    CAPTURE(chip);
    const std::string dispenser = kiosk::devices::lcdm::to_string(c.model);
    CAPTURE(dispenser);
    Rig r(c.model);
    r.start_on(c.bridge);
    const SerialSettings uart = r.chip_line();
    CHECK(frame_format(uart) == "8N1");
    CHECK(baud_close(uart.baud, 9600));
    REQUIRE(r.run_until([&] { return r.count(Kind::Ready) == 1; }));
    const auto& ready = r.last(Kind::Ready)->status;
    REQUIRE(ready);
    CHECK(static_cast<int>(ready->cassettes.size()) == r.cassettes());

    // 35 000 tenge: the planner takes 3 x 10 000 and 1 x 5 000, from two cassettes.
    const std::vector<int> ask = r.plan_for(Kzt{35000});
    CHECK(std::count_if(ask.begin(), ask.end(), [](int n) { return n > 0; }) == 2);
    std::vector<int> left_before;
    r.bench.with([&] {
      for (int i = 0; i < r.cassettes(); ++i) left_before.push_back(r.sim->left(i));
      r.sim->reject_next_notes(2);  // two doubles diverted to the reject tray on the way
    });
    const DispenseOutcome o = r.dispense(ask);
    CHECK(o.result == Result::Complete);
    CHECK(o.error.empty());
    REQUIRE(static_cast<int>(o.cassettes.size()) == r.cassettes());
    int rejected = 0;
    r.bench.with([&] {
      for (int i = 0; i < r.cassettes(); ++i) {
        CAPTURE(i);
        const auto k = static_cast<std::size_t>(i);
        CHECK(o.cassettes[k].requested == ask[k]);
        CHECK(o.cassettes[k].delivered == ask[k]);
        CHECK(o.cassettes[k].delivered == r.sim->delivered(i));
        CHECK(o.cassettes[k].rejected == r.sim->rejected(i));
        CHECK(r.sim->left(i) == left_before[k] - ask[k] - r.sim->rejected(i));
        rejected += o.cassettes[k].rejected;
      }
      CHECK(r.sim->reject_tray() == 2);
    });
    CHECK(rejected == 2);
    CHECK(r.dispenses_received() == 1);
    CHECK(r.count(Kind::LinkLost) == 0);
  }
}

TEST_CASE(
    "lcdm timeouts: a response that never comes -> Unknown, not re-sent; a silent "
    "dispenser -> LinkLost, then Ready again") {
  Rig r(Model::Lcdm2000);
  r.start_on(UsbBridge::Pl2303);
  REQUIRE(r.run_until([&] { return r.count(Kind::Ready) == 1; }));
  r.bench.with([&] { r.sim->drop_next_final_response(); });  // ACKs, pays out, says nothing
  const DispenseOutcome o = r.dispense({2, 1});
  CHECK(o.result == Result::Unknown);
  CHECK(o.cassettes.empty());
  CHECK(r.dispenses_received() == 1);
  r.bench.with([&] { CHECK(r.sim->total_delivered() == 3); });  // the notes did move

  r.bench.with([&] { r.sim->set_silent(true); });
  REQUIRE(r.run_until([&] { return r.count(Kind::LinkLost) == 1; }));
  CHECK_FALSE(r.runner->link_up());
  CHECK(r.runner->transport_name() == "usb:pl2303:067b:2303@1.2");  // the USB link stayed
  r.bench.with([&] { r.sim->set_silent(false); });
  REQUIRE(r.run_until([&] { return r.count(Kind::LinkRestored) == 1; }));
  REQUIRE(r.run_until([&] { return r.count(Kind::Ready) == 2; }));
  CHECK(r.dispenses_received() == 1);
  CHECK(r.dispense({1, 1}).result == Result::Complete);
}

TEST_CASE(
    "lcdm unplug mid-dispense: Unknown, never re-sent; hotplug replug -> Ready, and the "
    "dispenser pays again") {
  for (const UsbBridge bridge : {UsbBridge::Ftdi, UsbBridge::CdcAcm}) {
    const std::string chip(bridge_name(bridge));
    CAPTURE(chip);
    // Slow enough to pull the cable while the notes are moving.
    Rig r(Model::Lcdm2000, [](LcdmDeviceSimConfig& c) { c.work_time = Millis{300}; });
    r.start_on(bridge);
    r.watch_hotplug();
    REQUIRE(r.run_until([&] { return r.count(Kind::Ready) == 1; }));
    r.runner->dispense({2, 2});
    REQUIRE(r.run_until([&] { return r.dispenses_received() == 1; }));
    r.bench.unplug(2);
    REQUIRE(r.run_until([&] { return r.count(Kind::DispenseDone) == 1; }));
    const DispenserEvent* done = r.last(Kind::DispenseDone);
    REQUIRE(done->outcome);
    CHECK(done->outcome->result == Result::Unknown);  // the application settles it by hand
    CHECK(done->outcome->cassettes.empty());
    CHECK(r.count(Kind::LinkLost) == 1);
    CHECK(r.last(Kind::LinkLost)->detail == "transport: read: device gone");
    r.bench.with([&] { CHECK(r.sim->total_delivered() == 4); });  // nobody heard, yet paid

    r.replug(r.sim, 3);
    REQUIRE(r.run_until([&] { return r.count(Kind::LinkRestored) == 1; }));
    REQUIRE(r.run_until([&] { return r.count(Kind::Ready) == 2; }));
    CHECK(r.hotplug == std::vector<std::string>{"left 2", "arrived 3"});
    CHECK(r.runner->transport_name().ends_with("@1.3"));
    r.run_for(Millis{300});              // the dispenser's late response, if any, is only ACKed
    CHECK(r.dispenses_received() == 1);  // never re-sent
    CHECK(r.count(Kind::DispenseDone) == 1);
    r.bench.with([&] { CHECK(r.sim->total_delivered() == 4); });

    const DispenseOutcome again = r.dispense({1, 0});
    CHECK(again.result == Result::Complete);
    CHECK(r.dispenses_received() == 1);  // a single-cassette dispense is another command (45)
    r.bench.with([&] { CHECK(r.sim->total_delivered() == 5); });
  }
}
