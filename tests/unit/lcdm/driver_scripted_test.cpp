// The LCDM driver against hand-written device bytes: the link rules, resends and timeouts.
#include "bench.hpp"

using namespace lcdm_test;

namespace {

const Bytes kAckB{0x06};
const Bytes kNakB{0x15};
const Bytes kEotB{0x04};

StatusReply2000 both_present() { return {0x30, 0x80, 0x06}; }

StatusReply4000 four_present() {
  StatusReply4000 s;
  for (std::size_t i = 0; i < 4; ++i) s.cassettes[i].type = static_cast<std::uint8_t>(0x31 + i);
  return s;
}

// Walks the 1000/2000 start-up: STATUS, ROM VERSION -> Ready.
void ready2000(Scripted& s, StatusReply2000 st = both_present()) {
  REQUIRE(s.next_tx() == encode2000(Cmd2000::Status));
  CHECK(s.feed(kAckB).empty());
  CHECK(s.feed(encode2000_status_reply(st)) == [] {
    Bytes b{0x06};
    const Bytes rom = encode2000(Cmd2000::RomVersion);
    b.insert(b.end(), rom.begin(), rom.end());
    return b;
  }());
  CHECK(s.feed(kAckB).empty());
  CHECK(s.feed(encode2000_rom_version_reply("T20T5624")) == kAckB);
  REQUIRE(s.count(Kind::Ready) == 1);
}

void ready4000(Scripted& s) {
  REQUIRE(s.next_tx() == encode4000(Cmd4000::Status));
  s.feed(kAckB);
  CHECK(s.feed(encode4000_status_reply(four_present())) == kAckB);
  s.feed(kEotB);
  REQUIRE(s.count(Kind::Ready) == 1);
}

const DispenseOutcome& outcome(const Scripted& s) {
  const DispenserEvent* e = s.last(Kind::DispenseDone);
  REQUIRE(e != nullptr);
  REQUIRE(e->outcome.has_value());
  return *e->outcome;
}

}  // namespace

TEST_CASE("scripted 2000: start-up reports both cassettes, near-end and the ROM version") {
  Scripted s(fast_driver_config(Model::Lcdm2000));
  ready2000(s, StatusReply2000{0x30, 0x80 | 0x40, 0x06 | 0x20});
  const auto& st = s.last(Kind::Ready)->status;
  REQUIRE(st);
  REQUIRE(st->cassettes.size() == 2);
  CHECK(st->cassettes[0].present);
  CHECK(st->cassettes[0].near_end);
  CHECK(st->cassettes[1].near_end);
  CHECK(st->reject_tray_present);
  CHECK_FALSE(st->notes_in_path);
  CHECK(s.d.diagnostics().rom_version == "T20T5624");
  CHECK(s.d.protocol() == "lcdm2000");
  CHECK(s.d.max_notes_per_command() == 60);
}

TEST_CASE("scripted 2000: a full dispense, ACKed, answered, ACKed") {
  Scripted s(fast_driver_config(Model::Lcdm2000));
  ready2000(s);
  CHECK(s.take(s.d.dispense({5, 0}, s.now)) == hex("04 50 02 45 30 35 03 15"));
  CHECK(s.d.busy());
  CHECK(s.feed(kAckB).empty());
  CHECK(s.feed(hex("01 50 02 45 30 35 30 35 30 30 30 30 03 15")) == kAckB);
  const auto& o = outcome(s);
  CHECK(o.result == Result::Complete);
  REQUIRE(o.cassettes.size() == 2);
  CHECK(o.cassettes[0].requested == 5);
  CHECK(o.cassettes[0].delivered == 5);
  CHECK(o.cassettes[1].requested == 0);
  CHECK(o.error.empty());
  CHECK_FALSE(s.d.busy());
}

TEST_CASE("scripted 2000: pickup error vector -> Partial, EXIT counted as delivered") {
  Scripted s(fast_driver_config(Model::Lcdm2000));
  ready2000(s);
  s.take(s.d.dispense({5, 0}, s.now));
  s.feed(kAckB);
  s.feed(hex("01 50 02 45 30 35 30 34 32 30 30 31 03 17"));
  const auto& o = outcome(s);
  CHECK(o.result == Result::Partial);
  CHECK(o.cassettes[0].delivered == 4);
  CHECK(o.cassettes[0].rejected == 1);
  CHECK(o.error == "0x32 pickup_error");
}

TEST_CASE("scripted 2000: lower and upper+lower replies land on the right cassettes") {
  Scripted s(fast_driver_config(Model::Lcdm2000));
  ready2000(s);
  CHECK(s.take(s.d.dispense({0, 12}, s.now)) == hex("04 50 02 55 31 32 03 03"));
  s.feed(kAckB);
  s.feed(encode2000_dispense_reply(Cmd2000::LowerDispense,
                                   {0x40, {Counts2000{9, 9, 0, 0x31}}}));  // lower bill-end
  const auto& o = outcome(s);
  CHECK(o.result == Result::Partial);
  CHECK(o.cassettes[0].delivered == 0);
  CHECK(o.cassettes[1].delivered == 9);
  CHECK(o.error == "0x40 lower_bill_end");

  CHECK(s.take(s.d.dispense({2, 3}, s.now)) == hex("04 50 02 56 30 32 30 33 03 02"));
  s.feed(kAckB);
  s.feed(encode2000_dispense_reply(Cmd2000::UpperLowerDispense,
                                   {0x30, {Counts2000{3, 2, 1, 0x30}, Counts2000{3, 3, 0, 0x30}}}));
  const auto& o2 = outcome(s);
  CHECK(o2.result == Result::Complete);
  CHECK(o2.cassettes[0].rejected == 1);
  CHECK(o2.cassettes[1].delivered == 3);
}

TEST_CASE("scripted: a NAKed command is resent, at most 3 times") {
  Scripted s(fast_driver_config(Model::Lcdm2000));
  ready2000(s);
  const Bytes cmd = s.take(s.d.dispense({5, 0}, s.now));
  CHECK(s.feed(kNakB) == cmd);
  CHECK(s.feed(kNakB) == cmd);
  CHECK(s.feed(kNakB) == cmd);
  CHECK(occurrences(s.feed(kNakB), cmd) == 0);  // the fourth NAK: give up
  const auto& o = outcome(s);
  // Every copy was refused by the device: nothing moved, so this is not Unknown.
  CHECK(o.result == Result::Partial);
  CHECK(o.error == "refused: nak_limit");
  CHECK(o.cassettes[0].delivered == 0);
}

TEST_CASE("scripted: a NAK after a resend that was ACKed still ends with the device's answer") {
  Scripted s(fast_driver_config(Model::Lcdm2000));
  ready2000(s);
  const Bytes cmd = s.take(s.d.dispense({5, 0}, s.now));
  CHECK(s.feed(kNakB) == cmd);
  s.feed(kAckB);
  s.feed(hex("01 50 02 45 30 35 30 35 30 30 30 30 03 15"));
  CHECK(outcome(s).result == Result::Complete);
}

TEST_CASE("scripted: a STATUS without ACK is resent, then the link is lost") {
  Scripted s(fast_driver_config(Model::Lcdm2000));
  const Bytes st = encode2000(Cmd2000::Status);
  REQUIRE(s.next_tx() == st);
  const Bytes later = s.run(Millis{220});
  CHECK(occurrences(later, st) == 3);
  CHECK(s.count(Kind::LinkLost) == 1);
  CHECK(s.d.phase() == LcdmDriver::Phase::LinkDown);
  // While down: probes; the first answer restores the link and starts up again.
  const Bytes probe = s.next_tx();
  CHECK(probe == st);
  s.feed(kAckB);
  s.feed(encode2000_status_reply(both_present()));
  CHECK(s.count(Kind::LinkRestored) == 1);
  CHECK(s.d.phase() == LcdmDriver::Phase::Starting);
}

TEST_CASE("scripted: a dispense without ACK is never resent; its late answer is taken") {
  Scripted s(fast_driver_config(Model::Lcdm2000));
  ready2000(s);
  const Bytes cmd = s.take(s.d.dispense({5, 0}, s.now));
  const Bytes later = s.run(Millis{200});  // well past the ACK timeout
  CHECK(occurrences(later, cmd) == 0);
  s.feed(hex("01 50 02 45 30 35 30 35 30 30 30 30 03 15"));  // the ACK was lost, not the work
  CHECK(outcome(s).result == Result::Complete);
}

TEST_CASE("scripted: a dispense without ACK or answer ends Unknown, sent once") {
  Scripted s(fast_driver_config(Model::Lcdm2000));
  ready2000(s);
  const Bytes cmd = s.take(s.d.dispense({5, 0}, s.now));
  Bytes all = cmd;
  const Bytes later = s.run(Millis{700});
  all.insert(all.end(), later.begin(), later.end());
  CHECK(occurrences(all, cmd) == 1);
  const auto& o = outcome(s);
  CHECK(o.result == Result::Unknown);
  CHECK(o.cassettes.empty());
  CHECK(s.d.diagnostics().unknown_outcomes == 1);
}

TEST_CASE("scripted: resend_unacked_dispense resends a dispense that got no ACK") {
  auto cfg = fast_driver_config(Model::Lcdm2000);
  cfg.resend_unacked_dispense = true;
  Scripted s(cfg);
  ready2000(s);
  const Bytes cmd = s.take(s.d.dispense({5, 0}, s.now));
  CHECK(s.run(Millis{60}) == cmd);
  s.run(Millis{200});
  // Still no ACK after the resends: the device may have acted on any copy.
  CHECK(outcome(s).result == Result::Unknown);
}

TEST_CASE("scripted: ACKed dispense, no answer -> Unknown, never resent") {
  Scripted s(fast_driver_config(Model::Lcdm2000));
  ready2000(s);
  const Bytes cmd = s.take(s.d.dispense({5, 0}, s.now));
  s.feed(kAckB);
  const Bytes later = s.run(Millis{700});
  CHECK(occurrences(later, cmd) == 0);
  CHECK(outcome(s).result == Result::Unknown);
  CHECK(outcome(s).error == "no_response");
}

TEST_CASE("scripted: a corrupt answer is NAKed and the repeat is taken") {
  Scripted s(fast_driver_config(Model::Lcdm2000));
  ready2000(s);
  s.take(s.d.dispense({5, 0}, s.now));
  s.feed(kAckB);
  Bytes bad = hex("01 50 02 45 30 35 30 35 30 30 30 30 03 15");
  bad.back() ^= 0x40;
  CHECK(s.feed(bad) == kNakB);
  CHECK(s.count(Kind::DispenseDone) == 0);
  CHECK(s.feed(hex("01 50 02 45 30 35 30 35 30 30 30 30 03 15")) == kAckB);
  CHECK(outcome(s).result == Result::Complete);
  CHECK(s.d.diagnostics().naks_sent == 1);
}

TEST_CASE("scripted: an answer still corrupt after 3 NAKs -> Unknown, dispense never resent") {
  Scripted s(fast_driver_config(Model::Lcdm2000));
  ready2000(s);
  const Bytes cmd = s.take(s.d.dispense({5, 0}, s.now));
  s.feed(kAckB);
  Bytes bad = hex("01 50 02 45 30 35 30 35 30 30 30 30 03 15");
  bad.back() ^= 0x40;
  Bytes sent;
  for (int i = 0; i < 4; ++i) {
    const Bytes tx = s.feed(bad);
    sent.insert(sent.end(), tx.begin(), tx.end());
  }
  CHECK(occurrences(sent, kNakB) == 3);
  CHECK(occurrences(sent, cmd) == 0);
  CHECK(outcome(s).result == Result::Unknown);
  CHECK(outcome(s).error == "corrupt_response");
}

TEST_CASE("scripted: a truncated answer is NAKed at the timeout, then Unknown") {
  Scripted s(fast_driver_config(Model::Lcdm2000));
  ready2000(s);
  s.take(s.d.dispense({5, 0}, s.now));
  s.feed(kAckB);
  const Bytes full = hex("01 50 02 45 30 35 30 35 30 30 30 30 03 15");
  s.feed(Bytes(full.begin(), full.begin() + 6));
  const Bytes later = s.run(Millis{1000});
  CHECK(occurrences(later, kNakB) == 3);
  CHECK(outcome(s).result == Result::Unknown);
}

TEST_CASE("scripted: refusals answer at once and send nothing") {
  Scripted s(fast_driver_config(Model::Lcdm2000));
  CHECK(s.take(s.d.dispense({1, 0}, s.now)).empty());  // not started
  CHECK(outcome(s).error == "refused: not_ready");
  ready2000(s, StatusReply2000{0x30, 0x80, 0x02});  // lower cassette missing
  auto refuse = [&](std::vector<int> n, const char* why) {
    CHECK(s.take(s.d.dispense(n, s.now)).empty());
    CHECK(outcome(s).result == Result::Partial);
    CHECK(outcome(s).error == std::string("refused: ") + why);
  };
  refuse({61, 0}, "too_many_notes");
  refuse({1}, "wrong_cassette_count");
  refuse({0, 0}, "nothing_requested");
  refuse({-1, 2}, "negative_count");
  refuse({0, 1}, "cassette_missing:1");
  s.take(s.d.dispense({1, 0}, s.now));
  refuse({1, 0}, "busy");
}

TEST_CASE("scripted: a device error in the answer is named and the outcome Partial") {
  Scripted s(fast_driver_config(Model::Lcdm2000));
  ready2000(s);
  s.take(s.d.dispense({3, 0}, s.now));
  s.feed(kAckB);
  s.feed(encode2000_dispense_reply(Cmd2000::UpperDispense, {0x45, {Counts2000{0, 0, 0, 0x30}}}));
  CHECK(outcome(s).result == Result::Partial);
  CHECK(outcome(s).error == "0x45 upper_cassette_missing");
}

TEST_CASE("scripted: 1000/2000 last_dispense answers with no outcome") {
  Scripted s(fast_driver_config(Model::Lcdm1000));
  s.take(s.d.last_dispense(s.now));
  REQUIRE(s.count(Kind::LastDispense) == 1);
  CHECK_FALSE(s.last(Kind::LastDispense)->outcome);
  CHECK(s.last(Kind::LastDispense)->detail == "not_supported_by_protocol");
}

TEST_CASE("scripted: progress items during a dispense stand for the lost ACK") {
  Scripted s(fast_driver_config(Model::Lcdm2000));
  ready2000(s);
  s.take(s.d.dispense({2, 0}, s.now));
  s.feed(hex("01 8D 01 01 8D 02"));
  CHECK(s.d.diagnostics().progress_items == 2);
  s.feed(encode2000_dispense_reply(Cmd2000::UpperDispense, {0x30, {Counts2000{2, 2, 0, 0x30}}}));
  CHECK(outcome(s).result == Result::Complete);
}

TEST_CASE("scripted 4000: vectors on the wire, EOT after our ACK, Complete") {
  Scripted s(fast_driver_config(Model::Lcdm4000));
  ready4000(s);
  CHECK(s.last(Kind::Ready)->status->cassettes.size() == 4);
  CHECK(s.d.max_notes_per_command() == 100);
  CHECK(to_hex(s.take(s.d.dispense({3, 1, 0, 0}, s.now))) ==
        "04 30 02 52 23 21 20 20 20 20 20 20 20 20 20 20 20 20 20 03 45");
  s.feed(kAckB);
  CHECK(s.feed(hex("01 30 02 52 20 30 23 20 31 21 20 32 20 20 30 20 20 30 20 20 20 20 20 20 20 "
                   "20 20 03 53")) == kAckB);
  s.feed(kEotB);
  const auto& o = outcome(s);
  CHECK(o.result == Result::Complete);
  CHECK(o.cassettes[0].delivered == 3);
  CHECK(o.cassettes[1].delivered == 1);
  CHECK_FALSE(s.d.busy());
}

TEST_CASE("scripted 4000: LAST STATUS after an Unknown gives the device's counts") {
  Scripted s(fast_driver_config(Model::Lcdm4000));
  ready4000(s);
  s.take(s.d.dispense({5, 0, 2, 0}, s.now));
  s.feed(kAckB);
  s.run(Millis{460});
  REQUIRE(outcome(s).result == Result::Unknown);
  // The link check after the Unknown: answer it so the driver is idle again.
  s.feed(kAckB);
  s.feed(encode4000_status_reply(four_present()));
  CHECK(s.take(s.d.last_dispense(s.now)) == encode4000(Cmd4000::LastStatus));
  s.feed(kAckB);
  OperationReply4000 last;
  last.last_cmd = 0x52;
  last.error = 0x20 + err4000::JamEjtExit;
  last.cassettes[0] = {5, 0, true};
  last.cassettes[2] = {1, 1, true};
  CHECK(s.feed(encode4000_operation_reply(Cmd4000::LastStatus, last)) == kAckB);
  const DispenserEvent* e = s.last(Kind::LastDispense);
  REQUIRE(e);
  REQUIRE(e->outcome);
  CHECK(e->outcome->result == Result::Partial);
  CHECK(e->outcome->cassettes[0].requested == 5);
  CHECK(e->outcome->cassettes[0].delivered == 5);
  CHECK(e->outcome->cassettes[2].requested == 2);
  CHECK(e->outcome->cassettes[2].delivered == 1);
  CHECK(e->outcome->cassettes[2].rejected == 1);
  CHECK(e->outcome->error == "0x04 jam_ejt_exit");
}

TEST_CASE("scripted 4000: seven-byte layout (UNVERIFIED variant) on the wire") {
  auto cfg = fast_driver_config(Model::Lcdm4000);
  cfg.dispense_layout = DispenseLayout4000::Seven;
  Scripted s(cfg);
  ready4000(s);
  CHECK(s.take(s.d.dispense({2, 5, 0, 0}, s.now)) ==
        encode4000(Cmd4000::Dispense, hex("22 25 20 20 20 20 20")));
  s.take(s.d.dispense({0, 0, 1, 0}, s.now));
  CHECK(outcome(s).error == "refused: busy");
}

TEST_CASE("scripted: idle link check, stray frames are ACKed and ignored") {
  Scripted s(fast_driver_config(Model::Lcdm2000));
  ready2000(s);
  CHECK(s.next_tx() == encode2000(Cmd2000::Status));  // the idle check
  s.feed(kAckB);
  // A late repeat of an old dispense answer: ACKed, never acted on.
  CHECK(s.feed(hex("01 50 02 45 30 35 30 35 30 30 30 30 03 15")) == kAckB);
  CHECK(s.count(Kind::DispenseDone) == 0);
  s.feed(encode2000_status_reply(both_present()));
  CHECK(s.count(Kind::Status) == 0);  // the idle check is silent
  s.take(s.d.status(s.now));
  s.feed(kAckB);
  s.feed(encode2000_status_reply(both_present()));
  CHECK(s.count(Kind::Status) == 1);
}
