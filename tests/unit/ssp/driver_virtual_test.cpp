// The SSP driver and the eSSP simulator in virtual time (virtual_bench.hpp): key agreement,
// set-up, the escrow cycle, credit once, returns, rejects, faults, power cycles, link loss.
#include <doctest/doctest.h>

#include "virtual_bench.hpp"

using namespace ssp_test;
using namespace kiosk::devices::ssp;
using kiosk::flows::Kzt;

namespace {
const std::vector<Kzt> kAll{Kzt{500}, Kzt{1000}, Kzt{2000}, Kzt{5000}, Kzt{10000}, Kzt{20000}};
}

TEST_CASE("start-up: SYNC, key exchange, set-up, Ready with the device's channels, encrypted") {
  VirtualBench b;
  REQUIRE(b.ready());
  CHECK(b.last(Kind::Ready)->denominations == kAll);
  CHECK(b.driver.encrypted());
  CHECK(b.sim.has_key());
  CHECK(b.sim.counters().key_exchanges == 1);
  CHECK(b.driver.phase() == SspDriver::Phase::Operating);
  // The first commands on the wire: SYNC, then the plain key exchange.
  REQUIRE(b.sent.size() >= 4);
  CHECK(b.sent[0] == encode_packet(0, true, Bytes{0x11}));
  CHECK(b.sent[1][3] == 0x4A);
  CHECK(b.sent[2][3] == 0x4B);
  CHECK(b.sent[3][3] == 0x4C);
  CHECK(b.sent[4][3] == kStex);  // HOST PROTOCOL VERSION, sealed
  // The unit starts disabled, and says so once.
  REQUIRE(b.run_until([&] { return b.count(Kind::Disabled) == 1; }));
  b.run_for(Millis{200});
  CHECK(b.count(Kind::Disabled) == 1);
  CHECK_FALSE(b.sim.enabled());
}

TEST_CASE("enable sets the inhibits from the application's list, both series of a value") {
  VirtualBench b;
  REQUIRE(b.ready_and_enabled({Kzt{1000}, Kzt{5000}}));
  // Channels: 500 1000 2000 5000 10000 20000 | 500 1000 2000 5000 10000 (Saka).
  CHECK(b.sim.inhibits() == ((1u << 1) | (1u << 3) | (1u << 7) | (1u << 9)));
  CHECK(b.sim.enabled());
  const auto disabled_before = b.count(Kind::Disabled);
  b.apply(b.driver.disable(b.now));
  REQUIRE(b.run_until([&] { return !b.sim.enabled(); }));
  CHECK(b.sim.inhibits() == 0);
  REQUIRE(b.run_until([&] { return b.count(Kind::Disabled) == disabled_before + 1; }));
}

TEST_CASE("escrow held while the application decides, then stacked: exactly one credit") {
  VirtualBench b;
  REQUIRE(b.ready_and_enabled(kAll));
  REQUIRE(b.sim.insert_note(Kzt{10000}));
  REQUIRE(b.run_until([&] { return b.count(Kind::Escrowed) == 1; }));
  CHECK(b.last(Kind::Escrowed)->amount == Kzt{10000});
  // The application takes its time: the driver HOLDs (no POLL, which would accept the note), and
  // the unit's escrow timeout (500 ms here) never fires.
  b.run_for(Millis{1500});
  CHECK(b.sim.state_name() == "escrow");
  CHECK(b.sim.commands_received(Command::Hold) >= 10);
  CHECK(b.count(Kind::Stacked) == 0);
  b.apply(b.driver.stack(b.now));
  REQUIRE(b.run_until([&] { return b.count(Kind::Stacked) == 1; }));
  CHECK(b.last(Kind::Stacked)->amount == Kzt{10000});
  b.run_for(Millis{300});
  CHECK(b.count(Kind::Stacked) == 1);
  CHECK(b.sim.counters().stacked.at(10000) == 1);
  REQUIRE(b.run_until([&] { return b.count(Kind::Idle) == 2; }));
}

TEST_CASE("a Saka-series note is credited with its value") {
  VirtualBench b;
  b.on_event = [&](const ValidatorEvent& e) {
    if (e.kind == Kind::Escrowed) b.apply(b.driver.stack(b.now));
  };
  REQUIRE(b.ready_and_enabled(kAll));
  REQUIRE(b.sim.insert_channel(10));  // 5000, Saka
  REQUIRE(b.run_until([&] { return b.count(Kind::Stacked) == 1; }));
  CHECK(b.last(Kind::Stacked)->amount == Kzt{5000});
  CHECK(b.last(Kind::Stacked)->detail == "channel=10");
}

TEST_CASE("return_note sends REJECT: Returned with the amount, no credit") {
  VirtualBench b;
  b.on_event = [&](const ValidatorEvent& e) {
    if (e.kind == Kind::Escrowed) b.apply(b.driver.return_note(b.now));
  };
  REQUIRE(b.ready_and_enabled(kAll));
  REQUIRE(b.sim.insert_note(Kzt{2000}));
  REQUIRE(b.run_until([&] { return b.count(Kind::Returned) == 1; }));
  CHECK(b.last(Kind::Returned)->amount == Kzt{2000});
  CHECK(b.count(Kind::Stacked) == 0);
  CHECK(b.sim.counters().returned == 1);
  CHECK(b.sim.last_reject_code() == 0x08);
}

TEST_CASE("an inhibited note is rejected by the unit; the reason is read with LAST REJECT CODE") {
  VirtualBench b;
  REQUIRE(b.ready_and_enabled({Kzt{1000}}));
  REQUIRE(b.sim.insert_note(Kzt{20000}));
  REQUIRE(b.run_until([&] { return b.count(Kind::Rejected) == 1; }));
  CHECK(b.last(Kind::Rejected)->detail == "0x06 channel_inhibit");
  CHECK(b.count(Kind::Escrowed) == 0);
  CHECK(b.sim.commands_received(Command::LastRejectCode) == 1);
}

TEST_CASE("a fake note is rejected with a recognition reason") {
  VirtualBench b;
  REQUIRE(b.ready_and_enabled(kAll));
  REQUIRE(b.sim.insert_fake());
  REQUIRE(b.run_until([&] { return b.count(Kind::Rejected) == 1; }));
  CHECK(b.last(Kind::Rejected)->detail == "0x02 recognition_failed");
}

TEST_CASE("the unit's escrow timeout when the host stops holding") {
  VirtualBench b;
  REQUIRE(b.ready_and_enabled(kAll));
  REQUIRE(b.sim.insert_note(Kzt{500}));
  REQUIRE(b.run_until([&] { return b.count(Kind::Escrowed) == 1; }));
  b.link_cut = true;  // nothing reaches the unit any more
  b.run_for(Millis{600});
  b.link_cut = false;
  REQUIRE(b.run_until([&] { return b.count(Kind::Returned) == 1; }));
  CHECK(b.sim.counters().returned == 1);
  CHECK(b.sim.last_reject_code() == 0x13);
  CHECK(b.count(Kind::Stacked) == 0);
}

TEST_CASE("fraud attempt, jams, stacker full, cashbox removed: one event each") {
  VirtualBench b;
  REQUIRE(b.ready_and_enabled(kAll));
  b.sim.fraud_attempt(3);
  REQUIRE(b.run_until([&] { return b.count(Kind::Rejected) == 1; }));
  CHECK(b.last(Kind::Rejected)->detail == "fraud_attempt channel=3");
  b.sim.jam(true);
  REQUIRE(b.run_until([&] { return b.count(Kind::Jammed) == 1; }));
  CHECK(b.last(Kind::Jammed)->detail == "safe_jam");
  b.run_for(Millis{200});
  CHECK(b.count(Kind::Jammed) == 1);  // repeated in every poll, reported once
  b.sim.clear_jam();
  b.sim.jam(false);
  REQUIRE(b.run_until([&] { return b.count(Kind::Jammed) == 2; }));
  CHECK(b.last(Kind::Jammed)->detail == "unsafe_jam");
  b.sim.clear_jam();
  b.sim.stacker_full(true);
  REQUIRE(b.run_until([&] { return b.count(Kind::CassetteFull) == 1; }));
  b.sim.stacker_full(false);
  b.sim.remove_cashbox(true);
  REQUIRE(b.run_until([&] { return b.count(Kind::CassetteRemoved) == 1; }));
  b.run_for(Millis{200});
  CHECK(b.count(Kind::CassetteRemoved) == 1);
  const auto idles = b.count(Kind::Idle);
  b.sim.remove_cashbox(false);
  REQUIRE(b.run_until([&] { return b.count(Kind::Idle) == idles + 1; }));
}

TEST_CASE("power cycle with a note in escrow: new key exchange, PowerUpWithBill, never Stacked") {
  VirtualBench b;
  REQUIRE(b.ready_and_enabled(kAll));
  REQUIRE(b.sim.insert_note(Kzt{5000}));
  REQUIRE(b.run_until([&] { return b.count(Kind::Escrowed) == 1; }));
  b.sim.power_cycle(true);  // the note ends in the cashbox
  REQUIRE(b.run_until([&] { return b.count(Kind::PowerUpWithBill) == 1; }));
  CHECK(b.last(Kind::PowerUpWithBill)->amount == Kzt{5000});
  CHECK(b.last(Kind::PowerUpWithBill)->detail == "cleared_into_cashbox channel=4");
  CHECK(b.count(Kind::Stacked) == 0);
  CHECK(b.count(Kind::Ready) == 2);
  CHECK(b.sim.counters().key_exchanges == 2);
  // The wanted channels are applied again after the reset.
  REQUIRE(b.run_until([&] { return b.sim.enabled(); }));
  CHECK(b.driver.diagnostics().key_exchanges == 2);
}

TEST_CASE("power cycle with the note cleared from the front") {
  VirtualBench b;
  REQUIRE(b.ready_and_enabled(kAll));
  REQUIRE(b.sim.insert_note(Kzt{1000}));
  REQUIRE(b.run_until([&] { return b.count(Kind::Escrowed) == 1; }));
  b.sim.power_cycle(false);
  REQUIRE(b.run_until([&] { return b.count(Kind::PowerUpWithBill) == 1; }));
  CHECK(b.last(Kind::PowerUpWithBill)->detail == "cleared_from_front channel=2");
}

TEST_CASE("silence -> LinkLost once; back -> LinkRestored, a new key exchange, Ready again") {
  VirtualBench b;
  REQUIRE(b.ready_and_enabled({Kzt{5000}}));
  b.sim.set_silent(true);
  REQUIRE(b.run_until([&] { return b.count(Kind::LinkLost) == 1; }));
  CHECK_FALSE(b.driver.encrypted());
  b.run_for(Millis{500});
  CHECK(b.count(Kind::LinkLost) == 1);
  b.sim.set_silent(false);
  REQUIRE(b.run_until([&] { return b.count(Kind::LinkRestored) == 1; }));
  REQUIRE(b.run_until([&] { return b.count(Kind::Ready) == 2; }));
  CHECK(b.sim.counters().key_exchanges == 2);
  REQUIRE(b.run_until([&] { return b.sim.enabled(); }));
  CHECK(b.sim.inhibits() == ((1u << 3) | (1u << 9)));
}

TEST_CASE("a corrupt answer is never acted on: the resend gets the repeated answer") {
  VirtualBench b;
  b.on_event = [&](const ValidatorEvent& e) {
    if (e.kind == Kind::Escrowed) {
      b.sim.corrupt_next_answer();
      b.apply(b.driver.stack(b.now));
    }
  };
  REQUIRE(b.ready_and_enabled(kAll));
  b.sim.inject_garbage({0x00, 0x7F, 0x13, 0x37});
  REQUIRE(b.sim.insert_note(Kzt{20000}));
  REQUIRE(b.run_until([&] { return b.count(Kind::Stacked) == 1; }));
  b.run_for(Millis{200});
  CHECK(b.count(Kind::Stacked) == 1);
  CHECK(b.sim.counters().repeats >= 1);
  CHECK(b.driver.diagnostics().bad_frames >= 1);
  CHECK(b.sim.counters().stacked.at(20000) == 1);
}

TEST_CASE("a note from a previous run left in escrow is given back at start") {
  VirtualBench first;
  REQUIRE(first.ready_and_enabled(kAll));
  REQUIRE(first.sim.insert_note(Kzt{500}));
  REQUIRE(first.run_until([&] { return first.count(Kind::Escrowed) == 1; }));
  // A new driver (the application restarted) meets the same unit with the note in escrow.
  SspDriver fresh(fast_driver_config());
  std::vector<ValidatorEvent> events;
  Instant now = first.now;
  for (int i = 0; i < 2000; ++i) {
    now += Millis{1};
    auto step = now.count() % 5 == 0 ? fresh.on_tick(now) : ValidatorStep{};
    while (!step.tx.empty()) {
      const Bytes answer = first.sim.on_host_bytes(step.tx, now);
      events.insert(events.end(), step.events.begin(), step.events.end());
      step = fresh.on_bytes(answer, now);
    }
    events.insert(events.end(), step.events.begin(), step.events.end());
  }
  CHECK(first.sim.counters().returned == 1);
  CHECK(first.sim.counters().stacked_notes() == 0);
  bool stacked = false;
  for (const auto& e : events) stacked = stacked || e.kind == Kind::Stacked;
  CHECK_FALSE(stacked);
}
