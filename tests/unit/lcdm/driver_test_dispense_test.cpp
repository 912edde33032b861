// TEST DISPENSE (one note into the reject tray): 2000 `76`/`77`, 4000 `53`, against hand-written
// device bytes and against the device simulator. Every reading the reference allows: the note
// counted at EXIT or at REJECT (both mean the tray), an empty cassette, a missing cassette, a
// pickup error, no answer.
#include <boost/asio/io_context.hpp>

#include "bench.hpp"
#include "devices/dispenser_runner.hpp"
#include "devices/memory_transport.hpp"

using namespace lcdm_test;
using kiosk::sim::lcdm::LcdmDeviceSim;

namespace {

const Bytes kAckB{0x06};
const Bytes kEotB{0x04};

void ready2000(Scripted& s) {
  REQUIRE(s.next_tx() == encode2000(Cmd2000::Status));
  s.feed(kAckB);
  s.feed(encode2000_status_reply({0x30, 0x80, 0x06}));
  s.feed(kAckB);
  s.feed(encode2000_rom_version_reply("T20T5624"));
  REQUIRE(s.count(Kind::Ready) == 1);
}

void ready4000(Scripted& s) {
  REQUIRE(s.next_tx() == encode4000(Cmd4000::Status));
  s.feed(kAckB);
  StatusReply4000 st;
  for (std::size_t i = 0; i < 4; ++i) st.cassettes[i].type = static_cast<std::uint8_t>(0x31 + i);
  s.feed(encode4000_status_reply(st));
  s.feed(kEotB);
  REQUIRE(s.count(Kind::Ready) == 1);
}

const DispenseOutcome& tested(const Scripted& s) {
  const DispenserEvent* e = s.last(Kind::TestDispenseDone);
  REQUIRE(e != nullptr);
  REQUIRE(e->outcome.has_value());
  return *e->outcome;
}

}  // namespace

TEST_CASE("test dispense 2000: upper and lower use the reference vectors 76 / 77") {
  Scripted s(fast_driver_config(Model::Lcdm2000));
  ready2000(s);
  CHECK(s.take(s.d.test_dispense(0, s.now)) == hex("04 50 02 76 03 23"));
  s.feed(kAckB);
  s.feed(
      encode2000_dispense_reply(Cmd2000::UpperTestDispense, {0x30, {Counts2000{1, 0, 1, 0x30}}}));
  CHECK(tested(s).result == Result::Complete);
  CHECK(tested(s).cassettes[0].rejected == 1);
  CHECK(s.count(Kind::DispenseDone) == 0);  // never mistaken for a payout

  CHECK(s.take(s.d.test_dispense(1, s.now)) == hex("04 50 02 77 03 22"));
  s.feed(kAckB);
  // The other reading: the device counts the test note at EXIT (it still went to the tray).
  s.feed(
      encode2000_dispense_reply(Cmd2000::LowerTestDispense, {0x30, {Counts2000{1, 1, 0, 0x30}}}));
  CHECK(tested(s).result == Result::Complete);
  CHECK(tested(s).cassettes[0].delivered == 0);
  CHECK(tested(s).cassettes[1].delivered == 1);
  CHECK(tested(s).cassettes[1].requested == 1);
}

TEST_CASE("test dispense 2000: empty cassette and pickup error are Partial with their names") {
  Scripted s(fast_driver_config(Model::Lcdm2000));
  ready2000(s);
  s.take(s.d.test_dispense(0, s.now));
  s.feed(kAckB);
  s.feed(
      encode2000_dispense_reply(Cmd2000::UpperTestDispense, {0x38, {Counts2000{0, 0, 0, 0x31}}}));
  CHECK(tested(s).result == Result::Partial);
  CHECK(tested(s).error == "0x38 upper_bill_end");

  s.take(s.d.test_dispense(0, s.now));
  s.feed(kAckB);
  s.feed(
      encode2000_dispense_reply(Cmd2000::UpperTestDispense, {0x32, {Counts2000{1, 0, 1, 0x30}}}));
  CHECK(tested(s).error == "0x32 pickup_error");
  CHECK(tested(s).cassettes[0].rejected == 1);  // the note still went to the tray
}

TEST_CASE("test dispense: no answer ends Unknown and is never resent") {
  Scripted s(fast_driver_config(Model::Lcdm2000));
  ready2000(s);
  const Bytes cmd = s.take(s.d.test_dispense(0, s.now));
  s.feed(kAckB);
  CHECK(occurrences(s.run(Millis{700}), cmd) == 0);
  CHECK(tested(s).result == Result::Unknown);
}

TEST_CASE("test dispense: refusals answer at once and send nothing") {
  SUBCASE("1000 has no lower cassette") {
    Scripted s(fast_driver_config(Model::Lcdm1000));
    REQUIRE(s.next_tx() == encode2000(Cmd2000::Status));
    s.feed(kAckB);
    s.feed(encode2000_status_reply({0x30, 0x80, 0x02}));
    s.feed(kAckB);
    s.feed(encode2000_rom_version_reply("O16T8013"));
    CHECK(s.take(s.d.test_dispense(1, s.now)).empty());
    CHECK(tested(s).error == "refused: no_such_cassette");
  }
  SUBCASE("a cassette the last status showed missing") {
    Scripted s(fast_driver_config(Model::Lcdm2000));
    REQUIRE(s.next_tx() == encode2000(Cmd2000::Status));
    s.feed(kAckB);
    s.feed(encode2000_status_reply({0x30, 0x80, 0x02}));  // lower cassette absent
    s.feed(kAckB);
    s.feed(encode2000_rom_version_reply("T20T5624"));
    CHECK(s.take(s.d.test_dispense(1, s.now)).empty());
    CHECK(tested(s).error == "refused: cassette_missing:1");
    CHECK(tested(s).result == Result::Partial);
  }
  SUBCASE("before start-up") {
    Scripted s(fast_driver_config(Model::Lcdm2000));
    CHECK(s.take(s.d.test_dispense(0, s.now)).empty());
    CHECK(tested(s).error == "refused: not_ready");
  }
}

TEST_CASE("test dispense 4000: command 53 with one note in the chosen cassette") {
  Scripted s(fast_driver_config(Model::Lcdm4000));
  ready4000(s);
  const Bytes cmd = s.take(s.d.test_dispense(2, s.now));
  REQUIRE(cmd.size() == 21);
  CHECK(cmd[3] == 0x53);
  CHECK(cmd[4] == 0x20);
  CHECK(cmd[6] == 0x21);  // QTY3 = 1
  s.feed(kAckB);
  OperationReply4000 r;
  r.error = kBias4000;
  for (auto& c : r.cassettes) c.present = true;
  r.cassettes[2].rejected = 1;
  s.feed(encode4000_operation_reply(Cmd4000::TestDispense, r));
  s.feed(kEotB);
  CHECK(tested(s).result == Result::Complete);
  CHECK(tested(s).cassettes[2].rejected == 1);
}

TEST_CASE("test dispense against the simulator: the note leaves the cassette for the tray") {
  for (Model m : {Model::Lcdm1000, Model::Lcdm2000, Model::Lcdm4000}) {
    CAPTURE(to_string(m));
    boost::asio::io_context io;
    auto sim = std::make_shared<LcdmDeviceSim>(fast_sim_config(m));
    auto now = [] {
      return std::chrono::duration_cast<Millis>(
          std::chrono::steady_clock::now().time_since_epoch());
    };
    auto t = std::make_unique<MemoryTransport>(io, sim, now, to_string(m));
    DispenserRunner runner(io, std::make_unique<LcdmDriver>(fast_driver_config(m)), std::move(t),
                           now);
    std::vector<DispenserEvent> events;
    runner.start([&](const DispenserEvent& e) { events.push_back(e); });
    auto wait = [&](Kind k) {
      const auto end = now() + Millis{5000};
      while (now() < end) {
        for (const auto& e : events)
          if (e.kind == k) return true;
        io.run_for(std::chrono::milliseconds(2));
      }
      return false;
    };
    REQUIRE(wait(Kind::Ready));
    const int left = sim->left(0), tray = sim->reject_tray();
    runner.test_dispense(0);
    REQUIRE(wait(Kind::TestDispenseDone));
    const auto& o = *events.back().outcome;
    CHECK(o.result == Result::Complete);
    CHECK(o.cassettes[0].delivered + o.cassettes[0].rejected == 1);
    CHECK(sim->left(0) == left - 1);
    CHECK(sim->reject_tray() == tray + 1);
  }
}
