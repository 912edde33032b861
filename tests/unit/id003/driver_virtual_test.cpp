// The ID003 driver against the device simulator in virtual time (virtual_bench.hpp, no io_context):
// power-up, the credit point, both KZT series, return, rejects, faults, injected corruption,
// silence, power cycles.
#include <doctest/doctest.h>

#include "hex.hpp"
#include "virtual_bench.hpp"

using namespace id003_test;
using namespace kiosk::devices::id003;
using kiosk::flows::Kzt;

TEST_CASE("power-up: Ready with both series' denominations read from the device") {
  VirtualBench b;
  REQUIRE(b.ready());
  CHECK(b.last(Kind::Ready)->denominations == all_kzt());
  CHECK(b.last(Kind::Ready)->detail == "version=SIM-ID003_KZT_V1.00");
  REQUIRE(b.run_until([&] { return b.saw(Kind::Disabled); }));
  CHECK(b.sim.acceptor_inhibited());
  CHECK(b.sim.commands_received(Command::Reset) == 1);
  CHECK(b.driver.diagnostics().phase == "operating");
}

TEST_CASE("enable: the device accepts exactly the wanted denominations, old and Saka codes") {
  VirtualBench b;
  REQUIRE(b.ready_and_enabled({Kzt{1000}, Kzt{10000}}));
  CHECK(b.sim.accepting() == std::vector<Kzt>{Kzt{1000}, Kzt{10000}});
  CHECK_FALSE(b.sim.inhibit_mask().has(0x63));  // old 1000
  CHECK_FALSE(b.sim.inhibit_mask().has(0x69));  // Saka 1000
  CHECK(b.sim.inhibit_mask().has(0x65));        // old 5000
  const auto disabled = b.count(Kind::Disabled);
  b.apply(b.driver.disable(b.now));
  REQUIRE(b.run_until([&] { return b.sim.acceptor_inhibited(); }));
  REQUIRE(b.run_until([&] { return b.count(Kind::Disabled) == disabled + 1; }));
  CHECK(b.sim.accepting().empty());
}

TEST_CASE("full cycle for an old and a Saka note: each credited once at VEND VALID") {
  VirtualBench b;
  b.on_event = [&](const ValidatorEvent& e) {
    if (e.kind == Kind::Escrowed) b.apply(b.driver.stack(b.now));
  };
  REQUIRE(b.ready_and_enabled());
  REQUIRE(b.sim.insert_note(Kzt{5000}, "old"));
  REQUIRE(b.run_until([&] { return b.count(Kind::Stacked) == 1; }));
  CHECK(b.last(Kind::Stacked)->amount == Kzt{5000});
  REQUIRE(b.run_until([&] { return b.sim.state_name() == "idling"; }));
  REQUIRE(b.sim.insert_note(Kzt{5000}, "saka"));
  REQUIRE(b.run_until([&] { return b.count(Kind::Stacked) == 2; }));
  CHECK(b.last(Kind::Stacked)->amount == Kzt{5000});
  CHECK(b.last(Kind::Stacked)->detail == "escrow_code=0x6B");
  b.run_for(Millis{300});
  CHECK(b.count(Kind::Stacked) == 2);
  CHECK(b.count(Kind::Escrowed) == 2);
  CHECK(b.sim.counters().stacked.at(5000) == 2);
  CHECK(b.sim.counters().stacked_by_series.at("old") == 1);
  CHECK(b.sim.counters().stacked_by_series.at("saka") == 1);
  CHECK(b.sim.counters().host_acks == 2);
}

TEST_CASE("host ACK lost twice: VEND VALID repeats, still one credit and one note") {
  VirtualBench b;
  b.on_event = [&](const ValidatorEvent& e) {
    if (e.kind == Kind::Escrowed) {
      b.sim.drop_next_host_acks(2);
      b.apply(b.driver.stack(b.now));
    }
  };
  REQUIRE(b.ready_and_enabled());
  REQUIRE(b.sim.insert_note(Kzt{10000}));
  REQUIRE(b.run_until([&] { return b.sim.counters().stacked_notes() == 1; }));
  b.run_for(Millis{300});
  CHECK(b.count(Kind::Stacked) == 1);
  CHECK(b.driver.diagnostics().vend_valid_acks == 3);
  CHECK(b.sim.counters().stacked.at(10000) == 1);
}

TEST_CASE("return: the application returns the note; Returned carries the amount") {
  VirtualBench b;
  b.on_event = [&](const ValidatorEvent& e) {
    if (e.kind == Kind::Escrowed) b.apply(b.driver.return_note(b.now));
  };
  REQUIRE(b.ready_and_enabled());
  REQUIRE(b.sim.insert_note(Kzt{2000}, "saka"));
  REQUIRE(b.run_until([&] { return b.saw(Kind::Returned); }));
  CHECK(b.last(Kind::Returned)->amount == Kzt{2000});
  CHECK(b.sim.counters().returned == 1);
  CHECK(b.count(Kind::Stacked) == 0);
  CHECK(b.sim.counters().stacked_notes() == 0);
}

TEST_CASE("escrow hold timeout: the device returns the note by itself") {
  auto sc = fast_sim_config();
  sc.escrow_hold = Millis{200};
  VirtualBench b(sc);
  REQUIRE(b.ready_and_enabled());
  REQUIRE(b.sim.insert_note(Kzt{1000}));
  REQUIRE(b.run_until([&] { return b.saw(Kind::Escrowed); }));
  REQUIRE(b.run_until([&] { return b.saw(Kind::Returned); }));
  CHECK(b.last(Kind::Returned)->amount == Kzt{1000});
  CHECK(b.sim.counters().returned == 1);
}

TEST_CASE("rejects: inhibited denomination (79), unknown note (76)") {
  VirtualBench b;
  REQUIRE(b.ready_and_enabled({Kzt{1000}}));
  REQUIRE(b.sim.insert_note(Kzt{20000}));
  REQUIRE(b.run_until([&] { return b.count(Kind::Rejected) == 1; }));
  CHECK(b.last(Kind::Rejected)->detail == "0x79 inhibit");
  REQUIRE(b.run_until([&] { return b.sim.state_name() == "idling"; }));
  REQUIRE(b.sim.insert_fake());
  REQUIRE(b.run_until([&] { return b.count(Kind::Rejected) == 2; }));
  CHECK(b.last(Kind::Rejected)->detail == "0x76 discrimination");
  CHECK(b.count(Kind::Escrowed) == 0);
  CHECK(b.sim.counters().rejected == 2);
}

TEST_CASE("faults: jams, stacker open and full, failure; cleared faults return to Idle") {
  VirtualBench b;
  REQUIRE(b.ready_and_enabled());
  b.sim.jam(false);
  REQUIRE(b.run_until([&] { return b.count(Kind::Jammed) == 1; }));
  CHECK(b.last(Kind::Jammed)->detail == "acceptor");
  b.sim.clear_jam();
  b.sim.jam(true);
  REQUIRE(b.run_until([&] { return b.count(Kind::Jammed) == 2; }));
  CHECK(b.last(Kind::Jammed)->detail == "stacker");
  b.sim.clear_jam();
  b.sim.remove_cassette(true);
  REQUIRE(b.run_until([&] { return b.saw(Kind::CassetteRemoved); }));
  b.sim.remove_cassette(false);
  b.sim.cassette_full(true);
  REQUIRE(b.run_until([&] { return b.saw(Kind::CassetteFull); }));
  b.sim.cassette_full(false);
  b.sim.fail(0xA2);
  REQUIRE(b.run_until([&] { return b.saw(Kind::Failure); }));
  CHECK(b.last(Kind::Failure)->detail == "0xA2 stack_motor");
  b.sim.clear_failure();
  const auto idles = b.count(Kind::Idle);
  REQUIRE(b.run_until([&] { return b.count(Kind::Idle) > idles; }));
}

TEST_CASE("a jam in the stacker mid-stack freezes the note; credit comes when it is cleared") {
  VirtualBench b;
  b.on_event = [&](const ValidatorEvent& e) {
    if (e.kind == Kind::Escrowed) b.apply(b.driver.stack(b.now));
  };
  REQUIRE(b.ready_and_enabled());
  REQUIRE(b.sim.insert_note(Kzt{500}));
  REQUIRE(b.run_until([&] { return b.sim.state_name() == "stacking"; }));
  b.sim.jam(true);
  REQUIRE(b.run_until([&] { return b.saw(Kind::Jammed); }));
  CHECK(b.count(Kind::Stacked) == 0);
  b.sim.clear_jam();
  REQUIRE(b.run_until([&] { return b.saw(Kind::Stacked); }));
  CHECK(b.last(Kind::Stacked)->amount == Kzt{500});
}

TEST_CASE("corrupt answers, garbage and COMMUNICATION ERROR: resent, never acted on") {
  VirtualBench b;
  b.on_event = [&](const ValidatorEvent& e) {
    if (e.kind == Kind::Escrowed) {
      b.sim.comm_error_next_commands(1);
      b.apply(b.driver.stack(b.now));
    }
  };
  REQUIRE(b.ready_and_enabled());
  b.sim.inject_garbage(hex("00 FC 99 13 FC 02"));  // a false SYNC with a long LNG, then noise
  b.run_for(Millis{100});
  b.sim.corrupt_next_answer();
  b.run_for(Millis{100});
  REQUIRE(b.sim.insert_note(Kzt{1000}));
  REQUIRE(b.run_until([&] { return b.saw(Kind::Stacked); }));
  CHECK(b.count(Kind::Stacked) == 1);
  CHECK(b.sim.commands_received(Command::Stack1) == 1);
  const auto d = b.driver.diagnostics();
  CHECK(d.bad_frames >= 1);
  CHECK(d.comm_errors == 1);
  CHECK(b.count(Kind::LinkLost) == 0);
}

TEST_CASE("silence: one LinkLost; back: LinkRestored, set up again without a RESET") {
  VirtualBench b;
  REQUIRE(b.ready_and_enabled({Kzt{2000}}));
  b.sim.set_silent(true);
  REQUIRE(b.run_until([&] { return b.saw(Kind::LinkLost); }));
  b.run_for(Millis{500});
  CHECK(b.count(Kind::LinkLost) == 1);
  b.sim.set_silent(false);
  REQUIRE(b.run_until([&] { return b.saw(Kind::LinkRestored); }));
  REQUIRE(b.run_until([&] { return b.count(Kind::Ready) == 2; }));
  CHECK(b.sim.commands_received(Command::Reset) == 1);
  REQUIRE(b.run_until([&] { return b.sim.accepting() == std::vector<Kzt>{Kzt{2000}}; }));
}

TEST_CASE("power cycle with a note in escrow: 41 in_acceptor, RESET returns it") {
  VirtualBench b;
  REQUIRE(b.ready_and_enabled());
  REQUIRE(b.sim.insert_note(Kzt{20000}));
  REQUIRE(b.run_until([&] { return b.saw(Kind::Escrowed); }));
  b.sim.power_cycle(false);
  REQUIRE(b.run_until([&] { return b.count(Kind::Ready) == 2; }));
  REQUIRE(b.count(Kind::PowerUpWithBill) == 1);
  CHECK(b.last(Kind::PowerUpWithBill)->detail == "in_acceptor");
  CHECK(b.sim.counters().returned == 1);
  CHECK(b.count(Kind::Stacked) == 0);
  REQUIRE(b.run_until([&] { return b.sim.accepting() == all_kzt(); }));
}

TEST_CASE("power cycle with a bill in the stacker: 42 in_stacker, never Stacked") {
  VirtualBench b;
  REQUIRE(b.ready_and_enabled());
  REQUIRE(b.sim.insert_note(Kzt{10000}, "saka"));
  REQUIRE(b.run_until([&] { return b.saw(Kind::Escrowed); }));
  b.sim.power_cycle(true);
  REQUIRE(b.run_until([&] { return b.count(Kind::Ready) == 2; }));
  REQUIRE(b.count(Kind::PowerUpWithBill) == 1);
  CHECK(b.last(Kind::PowerUpWithBill)->detail == "in_stacker");
  CHECK(b.count(Kind::Stacked) == 0);
  CHECK(b.sim.counters().stacked.at(10000) == 1);
  CHECK(b.sim.commands_received(Command::Reset) == 2);
}

TEST_CASE("simulator: a host frame with a bad CRC gets COMMUNICATION ERROR, or silence") {
  kiosk::sim::id003::Id003DeviceSim sim(fast_sim_config());
  const Instant t{0};
  CHECK(to_hex(sim.on_host_bytes(hex("FC 05 11 27 57"), t)) == "FC 05 4A 71 BA");
  CHECK(sim.counters().bad_frames == 1);
  CHECK(to_hex(sim.on_host_bytes(hex("FC 05 11 27 56"), t)) == "FC 05 40 2B 15");  // POWER UP
  CHECK(to_hex(sim.on_host_bytes(hex("FC 05 45 86 42"), t)).substr(0, 8) == "FC 05 4B");
  auto quiet = fast_sim_config();
  quiet.comm_error_on_bad_crc = false;
  kiosk::sim::id003::Id003DeviceSim sim2(quiet);
  CHECK(sim2.on_host_bytes(hex("FC 05 11 27 57"), t).empty());
}
