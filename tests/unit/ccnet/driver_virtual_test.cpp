// The CCNET driver against the device simulator in virtual time: exact, deterministic checks of
// the power-up sequence, the credit point, link rules and fault events.
#include <doctest/doctest.h>

#include "hex.hpp"
#include "virtual_bench.hpp"

using namespace ccnet_test;
using namespace kiosk::devices::ccnet;
using kiosk::flows::Kzt;

namespace {
const std::vector<Kzt> kAll{Kzt{200},  Kzt{500},   Kzt{1000}, Kzt{2000},
                            Kzt{5000}, Kzt{10000}, Kzt{20000}};
}

TEST_CASE("power-up: POLL, RESET, wait for INITIALIZE to end, read the bill table, Ready") {
  VirtualBench b;
  REQUIRE(b.ready());
  // The wire sequence starts POLL -> RESET; the bill table is read before Ready.
  REQUIRE(b.sent.size() >= 2);
  CHECK(to_hex(b.sent[0]) == "02 03 06 33 DA 81");
  CHECK(to_hex(b.sent[1]).starts_with("02 03 06 00 C2 82"));  // ACK of the POWER UP reply
  CHECK(b.sim.commands_received(Command::Reset) == 1);
  CHECK(b.sim.commands_received(Command::GetBillTable) == 1);
  CHECK(b.sim.commands_received(Command::Identification) == 1);
  const auto* ready = b.last(Kind::Ready);
  REQUIRE(ready);
  CHECK(ready->denominations == kAll);
  CHECK(ready->detail == "part=SM-KZ1702 serial=SIM000000001");
  CHECK(b.saw(Kind::Disabled));
  CHECK_FALSE(b.saw(Kind::LinkLost));
  CHECK(b.driver.phase() == CcnetDriver::Phase::Operating);
  const auto d = b.driver.diagnostics();
  CHECK(d.link_up);
  CHECK(d.identification->serial_number == "SIM000000001");
  CHECK(d.to_log_line().starts_with("phase=operating link=up status=0x19"));
}

TEST_CASE("denominations come from the device's bill table, not from the code") {
  auto cfg = fast_sim_config();
  cfg.currency = "KZT";
  cfg.denominations = {Kzt{1000}, Kzt{2000}, Kzt{5000}};
  VirtualBench b(cfg);
  REQUIRE(b.ready());
  CHECK(b.last(Kind::Ready)->denominations == cfg.denominations);
}

TEST_CASE("escrow -> stack -> exactly one Stacked, though the device repeats BILL STACKED") {
  auto cfg = fast_sim_config();
  cfg.stacked_report_polls = 4;  // the unit answers 81 to four consecutive polls
  VirtualBench b(cfg);
  b.on_event = [&](const ValidatorEvent& e) {
    if (e.kind == Kind::Escrowed) b.apply(b.driver.stack(b.now));
  };
  REQUIRE(b.ready());
  b.apply(b.driver.enable(kAll, b.now));
  REQUIRE(b.run_until([&] { return b.saw(Kind::Idle); }));
  CHECK(b.sim.enabled_mask().bits() == 0x7F);
  REQUIRE(b.sim.insert_note(Kzt{5000}));
  REQUIRE(b.run_until([&] { return b.saw(Kind::Stacked); }));
  b.run_for(Millis{300});  // long enough for every repeated 81 and the return to idling
  CHECK(b.count(Kind::Escrowed) == 1);
  CHECK(b.last(Kind::Escrowed)->amount == Kzt{5000});
  CHECK(b.count(Kind::Stacked) == 1);
  CHECK(b.last(Kind::Stacked)->amount == Kzt{5000});
  CHECK(b.sim.counters().stacked.at(5000) == 1);
  CHECK(b.sim.counters().host_acks >= 4);  // every 81 reply was ACKed
  CHECK(b.sim.state_name() == "idling");
}

TEST_CASE("STACK goes out within one tick of the escrow answer") {
  VirtualBench b;
  Instant escrow_at{0};
  b.on_event = [&](const ValidatorEvent& e) {
    if (e.kind == Kind::Escrowed) {
      escrow_at = b.now;
      b.apply(b.driver.stack(b.now));
    }
  };
  REQUIRE(b.ready());
  b.apply(b.driver.enable(kAll, b.now));
  b.run_for(Millis{100});
  REQUIRE(b.sim.insert_note(Kzt{1000}));
  REQUIRE(b.run_until([&] { return b.sim.commands_received(Command::Stack) == 1; }));
  CHECK(b.now - escrow_at <= b.driver.tick_interval());
}

TEST_CASE("return path: escrow -> RETURN -> Returned, nothing stacked") {
  VirtualBench b;
  b.on_event = [&](const ValidatorEvent& e) {
    if (e.kind == Kind::Escrowed) b.apply(b.driver.return_note(b.now));
  };
  REQUIRE(b.ready());
  b.apply(b.driver.enable(kAll, b.now));
  b.run_for(Millis{100});
  REQUIRE(b.sim.insert_note(Kzt{20000}));
  REQUIRE(b.run_until([&] { return b.saw(Kind::Returned); }));
  CHECK(b.last(Kind::Returned)->amount == Kzt{20000});
  CHECK_FALSE(b.saw(Kind::Stacked));
  CHECK(b.sim.counters().returned == 1);
  CHECK(b.sim.counters().stacked_notes() == 0);
}

TEST_CASE("an undecided escrow is returned by the device when its hold time ends") {
  auto cfg = fast_sim_config();
  cfg.escrow_hold = Millis{200};
  VirtualBench b(cfg);
  REQUIRE(b.ready());
  b.apply(b.driver.enable(kAll, b.now));
  b.run_for(Millis{100});
  REQUIRE(b.sim.insert_note(Kzt{500}));
  REQUIRE(b.run_until([&] { return b.saw(Kind::Returned); }));
  CHECK(b.saw(Kind::Escrowed));
  CHECK_FALSE(b.saw(Kind::Stacked));
}

TEST_CASE("a disabled denomination and a fake note are rejected by the device") {
  VirtualBench b;
  REQUIRE(b.ready());
  b.apply(b.driver.enable({Kzt{1000}, Kzt{2000}}, b.now));
  b.run_for(Millis{100});
  CHECK(b.sim.enabled_mask().bits() == 0b1100);
  REQUIRE(b.sim.insert_note(Kzt{5000}));
  REQUIRE(b.run_until([&] { return b.saw(Kind::Rejected); }));
  CHECK(b.last(Kind::Rejected)->detail == "0x68 inhibited_denomination");
  b.run_for(Millis{100});
  REQUIRE(b.sim.insert_fake());
  REQUIRE(b.run_until([&] { return b.count(Kind::Rejected) == 2; }));
  CHECK(b.last(Kind::Rejected)->detail == "0x65 identification");
  CHECK_FALSE(b.saw(Kind::Escrowed));
  CHECK(b.sim.counters().rejected == 2);
}

TEST_CASE("a disabled validator takes no note; disable() sends six zero bytes") {
  VirtualBench b;
  REQUIRE(b.ready());
  b.apply(b.driver.enable(kAll, b.now));
  REQUIRE(b.run_until([&] { return b.saw(Kind::Idle); }));
  b.apply(b.driver.disable(b.now));
  REQUIRE(b.run_until([&] { return b.count(Kind::Disabled) == 2; }));
  bool disable_sent = false;
  for (const auto& tx : b.sent) disable_sent |= to_hex(tx) == "02 03 0C 34 00 00 00 00 00 00 17 0C";
  CHECK(disable_sent);
  CHECK(b.sim.enabled_mask().empty());
  CHECK_FALSE(b.sim.insert_note(Kzt{1000}));
}

TEST_CASE("faults: jam, cassette removed, cassette full, failure, each once, then idle again") {
  VirtualBench b;
  REQUIRE(b.ready());
  b.apply(b.driver.enable(kAll, b.now));
  REQUIRE(b.run_until([&] { return b.saw(Kind::Idle); }));
  b.sim.jam();
  REQUIRE(b.run_until([&] { return b.saw(Kind::Jammed); }));
  CHECK(b.last(Kind::Jammed)->detail == "validator");
  b.run_for(Millis{200});
  CHECK(b.count(Kind::Jammed) == 1);  // repeated 43 in every poll: one event
  b.sim.clear_jam();
  REQUIRE(b.run_until([&] { return b.count(Kind::Idle) == 2; }));
  b.sim.remove_cassette(true);
  REQUIRE(b.run_until([&] { return b.saw(Kind::CassetteRemoved); }));
  b.sim.remove_cassette(false);
  b.sim.cassette_full(true);
  REQUIRE(b.run_until([&] { return b.saw(Kind::CassetteFull); }));
  b.sim.cassette_full(false);
  b.sim.fail(0x50);
  REQUIRE(b.run_until([&] { return b.saw(Kind::Failure); }));
  CHECK(b.last(Kind::Failure)->detail == "0x50 stack_motor");
  b.sim.clear_failure();
  REQUIRE(b.run_until([&] { return b.count(Kind::Idle) == 3; }));
  CHECK_FALSE(b.saw(Kind::LinkLost));
}

TEST_CASE("device silent: retries, LinkLost once, then LinkRestored and re-initialisation") {
  VirtualBench b;
  REQUIRE(b.ready());
  b.apply(b.driver.enable({Kzt{1000}}, b.now));
  b.run_for(Millis{100});
  b.sim.set_silent(true);
  REQUIRE(b.run_until([&] { return b.saw(Kind::LinkLost); }, Millis{1000}));
  b.run_for(Millis{500});
  CHECK(b.count(Kind::LinkLost) == 1);
  CHECK(b.driver.phase() == CcnetDriver::Phase::LinkDown);
  CHECK(b.driver.diagnostics().timeouts >= 3);
  b.sim.set_silent(false);
  REQUIRE(b.run_until([&] { return b.saw(Kind::LinkRestored); }));
  REQUIRE(b.run_until([&] { return b.count(Kind::Ready) == 2; }));
  b.run_for(Millis{100});
  CHECK(b.sim.commands_received(Command::GetBillTable) == 2);
  CHECK(b.sim.commands_received(Command::Reset) == 1);  // the device kept its state: no RESET
  CHECK(b.sim.enabled_mask().bits() == 0b100);          // the wanted denominations re-applied
}

TEST_CASE("a BILL STACKED still reported after an outage is not credited twice") {
  auto cfg = fast_sim_config();
  cfg.stacked_report_polls = 1000;  // the unit keeps answering 81
  VirtualBench b(cfg);
  b.on_event = [&](const ValidatorEvent& e) {
    if (e.kind == Kind::Escrowed) b.apply(b.driver.stack(b.now));
    if (e.kind == Kind::Stacked) b.sim.set_silent(true);
  };
  REQUIRE(b.ready());
  b.apply(b.driver.enable(kAll, b.now));
  b.run_for(Millis{100});
  REQUIRE(b.sim.insert_note(Kzt{2000}));
  REQUIRE(b.run_until([&] { return b.saw(Kind::LinkLost); }));
  b.sim.set_silent(false);
  REQUIRE(b.run_until([&] { return b.saw(Kind::LinkRestored); }));
  b.run_for(Millis{300});
  CHECK(b.count(Kind::Stacked) == 1);
}

TEST_CASE("power cycle with a bill in the stacker: PowerUpWithBill, RESET, Ready, re-enable") {
  VirtualBench b;
  REQUIRE(b.ready());
  b.apply(b.driver.enable(kAll, b.now));
  b.run_for(Millis{100});
  b.sim.power_cycle(true);
  REQUIRE(b.run_until([&] { return b.count(Kind::Ready) == 2; }));
  const auto* p = b.last(Kind::PowerUpWithBill);
  REQUIRE(p);
  CHECK(p->detail == "in_stacker");
  CHECK(b.sim.commands_received(Command::Reset) == 2);
  b.run_for(Millis{100});
  CHECK(b.sim.enabled_mask().bits() == 0x7F);
  CHECK_FALSE(b.saw(Kind::Stacked));
}

TEST_CASE("power cycle with a note in escrow: PowerUpWithBill in_validator, note given back") {
  VirtualBench b;
  REQUIRE(b.ready());
  b.apply(b.driver.enable(kAll, b.now));
  b.run_for(Millis{100});
  REQUIRE(b.sim.insert_note(Kzt{10000}));
  REQUIRE(b.run_until([&] { return b.saw(Kind::Escrowed); }));
  b.sim.power_cycle(false);
  REQUIRE(b.run_until([&] { return b.count(Kind::Ready) == 2; }));
  CHECK(b.last(Kind::PowerUpWithBill)->detail == "in_validator");
  CHECK(b.sim.counters().returned == 1);
  CHECK(b.sim.counters().stacked_notes() == 0);
}

TEST_CASE("device NAKs a command: the driver resends it") {
  VirtualBench b;
  REQUIRE(b.ready());
  b.sim.nak_next_commands(2);
  b.apply(b.driver.enable(kAll, b.now));
  REQUIRE(b.run_until([&] { return b.saw(Kind::Idle); }));
  CHECK(b.driver.diagnostics().naks_received == 2);
  CHECK(b.sim.enabled_mask().bits() == 0x7F);
}

TEST_CASE("device NAKs beyond the limit: the request is dropped, polling goes on") {
  VirtualBench b;
  REQUIRE(b.ready());
  b.sim.nak_next_commands(4);  // the ENABLE and its three resends
  b.apply(b.driver.enable(kAll, b.now));
  b.run_for(Millis{200});
  CHECK(b.driver.diagnostics().naks_received == 4);
  CHECK(b.driver.diagnostics().last_error == "nak_limit cmd=enable_bill_types");
  CHECK(b.sim.enabled_mask().empty());
  CHECK_FALSE(b.saw(Kind::LinkLost));
  b.apply(b.driver.enable(kAll, b.now));  // the application may simply ask again
  REQUIRE(b.run_until([&] { return b.saw(Kind::Idle); }));
}

TEST_CASE("a reply with a bad CRC is NAKed, never acted on, and the good copy is used") {
  VirtualBench b;
  b.on_event = [&](const ValidatorEvent& e) {
    if (e.kind == Kind::Escrowed) {
      b.sim.corrupt_next_answer();  // the ACK of STACK ... and later the 81 reply
      b.apply(b.driver.stack(b.now));
    }
  };
  REQUIRE(b.ready());
  b.apply(b.driver.enable(kAll, b.now));
  b.run_for(Millis{100});
  REQUIRE(b.sim.insert_note(Kzt{1000}));
  REQUIRE(b.run_until([&] { return b.saw(Kind::Stacked); }));
  CHECK(b.count(Kind::Stacked) == 1);
  CHECK(b.sim.counters().host_naks >= 1);
  CHECK(b.driver.diagnostics().naks_sent >= 1);
  CHECK(b.driver.diagnostics().bad_frames >= 1);
}

TEST_CASE("garbage before an answer is skipped") {
  VirtualBench b;
  REQUIRE(b.ready());
  b.sim.inject_garbage(hex("FF 00 13 37 AA 55"));
  b.apply(b.driver.enable(kAll, b.now));
  REQUIRE(b.run_until([&] { return b.saw(Kind::Idle); }));
  CHECK_FALSE(b.saw(Kind::LinkLost));
}

TEST_CASE("enable() before Ready is remembered and applied after the bill table") {
  VirtualBench b;
  b.apply(b.driver.enable({Kzt{500}, Kzt{5000}}, b.now));
  REQUIRE(b.ready());
  REQUIRE(b.run_until([&] { return b.saw(Kind::Idle); }));
  CHECK(b.sim.enabled_mask().bits() == 0b10010);
}

TEST_CASE("no device at all: LinkLost once, then LinkRestored and Ready when it appears") {
  VirtualBench b;
  b.sim.set_silent(true);
  REQUIRE(b.run_until([&] { return b.saw(Kind::LinkLost); }));
  b.run_for(Millis{300});
  CHECK(b.count(Kind::LinkLost) == 1);
  b.sim.set_silent(false);
  REQUIRE(b.ready());
  CHECK(b.saw(Kind::LinkRestored));
}

TEST_CASE("a restarted application finds a stacked note: PowerUpWithBill with its amount") {
  auto cfg = fast_sim_config();
  cfg.stacked_report_polls = 1000;
  VirtualBench first(cfg);
  first.on_event = [&](const ValidatorEvent& e) {
    if (e.kind == Kind::Escrowed) first.apply(first.driver.stack(first.now));
  };
  REQUIRE(first.ready());
  first.apply(first.driver.enable(kAll, first.now));
  first.run_for(Millis{100});
  REQUIRE(first.sim.insert_note(Kzt{5000}));
  REQUIRE(first.run_until([&] { return first.saw(Kind::Stacked); }));
  // A new driver (the application restarted) meets the device still answering 81.
  kiosk::devices::ccnet::CcnetDriver second(fast_driver_config());
  std::vector<ValidatorEvent> events;
  Instant now = first.now;
  std::function<void(const ValidatorStep&)> run = [&](const ValidatorStep& step) {
    events.insert(events.end(), step.events.begin(), step.events.end());
    if (step.tx.empty()) return;
    const Bytes answer = first.sim.on_host_bytes(step.tx, now);
    if (!answer.empty()) run(second.on_bytes(answer, now));
  };
  for (int i = 0; i < 2000; ++i) {
    now += Millis{5};
    run(second.on_tick(now));
    if (std::any_of(events.begin(), events.end(), [](auto& e) { return e.kind == Kind::Ready; }))
      break;
  }
  bool stacked = false, power_up = false, ready = false;
  for (const auto& e : events) {
    ready |= e.kind == Kind::Ready;
    if (e.kind == Kind::Ready) CHECK(power_up);  // reported before Ready
    stacked |= e.kind == Kind::Stacked;
    if (e.kind == Kind::PowerUpWithBill) {
      power_up = true;
      CHECK(e.detail == "in_stacker");
      CHECK(e.amount == Kzt{5000});
    }
  }
  CHECK(ready);
  CHECK(power_up);
  CHECK_FALSE(stacked);
}
