// The CCNET driver fed hand-written device frames: cases a well-behaved simulator never produces.
#include <doctest/doctest.h>

#include "hex.hpp"
#include "virtual_bench.hpp"

using namespace ccnet_test;
using namespace kiosk::devices::ccnet;
using kiosk::devices::ByteView;
using kiosk::flows::Kzt;

namespace {

struct Scripted {
  CcnetDriver d{fast_driver_config()};
  Instant now{1000};
  std::vector<ValidatorEvent> events;

  void collect(const ValidatorStep& s) {
    events.insert(events.end(), s.events.begin(), s.events.end());
  }
  // Advances time until the driver sends something, and returns it.
  Bytes next_tx() {
    for (int i = 0; i < 200; ++i) {
      now += Millis{5};
      auto s = d.on_tick(now);
      collect(s);
      if (!s.tx.empty()) return s.tx;
    }
    return {};
  }
  ValidatorStep answer(const Bytes& payload) {
    auto s = d.on_bytes(encode_frame(kBillValidatorAddress, payload), now);
    collect(s);
    return s;
  }
  std::size_t count(Kind k) const {
    std::size_t n = 0;
    for (const auto& e : events) n += e.kind == k;
    return n;
  }
  // Walks the power-up sequence by hand up to Ready with the reference bill table.
  void bring_up() {
    REQUIRE(to_hex(next_tx()) == "02 03 06 33 DA 81");  // POLL
    CHECK(to_hex(answer({status::PowerUp}).tx) == "02 03 06 00 C2 82");
    REQUIRE(to_hex(next_tx()) == "02 03 06 30 41 B3");  // RESET
    CHECK(answer({kAck}).tx.empty());                   // an ACK is never ACKed
    REQUIRE(to_hex(next_tx()) == "02 03 06 33 DA 81");
    answer({status::Initialize});
    REQUIRE(to_hex(next_tx()) == "02 03 06 33 DA 81");
    answer({status::UnitDisabled});
    REQUIRE(to_hex(next_tx()) == "02 03 06 37 FE C7");  // IDENTIFICATION
    answer(encode_identification({"SM-KZ1702", "41K000000001", ""}));
    REQUIRE(to_hex(next_tx()) == "02 03 06 41 4F D1");  // GET BILL TABLE
    const std::vector<Kzt> kzt{Kzt{200},  Kzt{500},   Kzt{1000}, Kzt{2000},
                               Kzt{5000}, Kzt{10000}, Kzt{20000}};
    answer(encode_bill_table(kzt, "KAZ"));
    REQUIRE(count(Kind::Ready) == 1);
    // First start: the wanted set is empty, so an explicit DISABLE goes out.
    REQUIRE(to_hex(next_tx()) == "02 03 0C 34 00 00 00 00 00 00 17 0C");
    answer({kAck});
  }
  void enable_all() {
    collect(d.enable({Kzt{200}, Kzt{500}, Kzt{1000}, Kzt{2000}, Kzt{5000}, Kzt{10000}, Kzt{20000}},
                     now));
    Bytes tx = next_tx();
    REQUIRE(to_hex(tx) == "02 03 0C 34 00 00 7F 00 00 7F DB 6F");
    answer({kAck});
  }
};

}  // namespace

TEST_CASE("scripted power-up, byte for byte") {
  Scripted s;
  s.bring_up();
  CHECK(s.d.phase() == CcnetDriver::Phase::Operating);
}

TEST_CASE("a corrupt BILL STACKED frame is NAKed and never credited") {
  Scripted s;
  s.bring_up();
  s.enable_all();
  REQUIRE(to_hex(s.next_tx()) == "02 03 06 33 DA 81");
  Bytes frame = hex("02 03 07 81 02 46 09");
  frame[4] = 0x06;  // bill type flipped in transit: the CRC no longer matches
  auto step = s.d.on_bytes(frame, s.now);
  s.collect(step);
  CHECK(to_hex(step.tx) == "02 03 06 FF BA 8D");  // NAK
  CHECK(s.count(Kind::Stacked) == 0);
  // The device sends the good copy: one credit, for type 2 (1000 KZT).
  step = s.d.on_bytes(hex("02 03 07 81 02 46 09"), s.now);
  s.collect(step);
  CHECK(to_hex(step.tx) == "02 03 06 00 C2 82");
  REQUIRE(s.count(Kind::Stacked) == 1);
  CHECK(s.events.back().amount == Kzt{1000});
}

TEST_CASE("an escrowed note of an unwanted type is returned without asking the application") {
  Scripted s;
  s.bring_up();
  s.collect(s.d.enable({Kzt{1000}}, s.now));
  REQUIRE(to_hex(s.next_tx()) == "02 03 0C 34 00 00 04 00 00 04 DF 38");
  s.answer({kAck});
  REQUIRE(to_hex(s.next_tx()) == "02 03 06 33 DA 81");
  s.answer({status::EscrowPosition, 4});  // 5000: not wanted
  CHECK(s.count(Kind::Escrowed) == 0);
  REQUIRE(s.count(Kind::Rejected) == 1);
  CHECK(to_hex(s.next_tx()) == "02 03 06 36 77 D6");  // RETURN
}

TEST_CASE("STACK while a POLL is outstanding is sent right after the answer") {
  Scripted s;
  s.bring_up();
  s.enable_all();
  REQUIRE(to_hex(s.next_tx()) == "02 03 06 33 DA 81");
  s.answer({status::EscrowPosition, 6});
  REQUIRE(s.count(Kind::Escrowed) == 1);
  CHECK(s.events.back().amount == Kzt{20000});
  REQUIRE(to_hex(s.next_tx()) == "02 03 06 33 DA 81");  // the next poll is in flight...
  CHECK(s.d.stack(s.now).tx.empty());                   // ...so STACK waits for its answer
  s.answer({status::EscrowPosition, 6});
  CHECK(to_hex(s.next_tx()) == "02 03 06 35 EC E4");
}

TEST_CASE("stack() without a note in escrow sends nothing") {
  Scripted s;
  s.bring_up();
  CHECK(s.d.stack(s.now).tx.empty());
  CHECK(s.d.diagnostics().last_error == "stack_without_escrow");
}

TEST_CASE("ILLEGAL COMMAND is ACKed and reported in the diagnostics") {
  Scripted s;
  s.bring_up();
  s.enable_all();
  REQUIRE(to_hex(s.next_tx()) == "02 03 06 33 DA 81");
  s.answer({status::EscrowPosition, 1});
  s.collect(s.d.stack(s.now));
  REQUIRE(to_hex(s.next_tx()) == "02 03 06 35 EC E4");
  auto step = s.answer({kIllegalCommand});
  CHECK(to_hex(step.tx) == "02 03 06 00 C2 82");
  CHECK(s.d.diagnostics().last_error == "illegal_command cmd=stack");
}

TEST_CASE("frames for another address and replies nobody asked for are ignored") {
  Scripted s;
  s.bring_up();
  auto step = s.d.on_bytes(encode_frame(0x01, Bytes{status::BillStacked, 2}), s.now);
  CHECK(step.tx.empty());
  CHECK(step.events.empty());
  step = s.d.on_bytes(hex("02 03 07 81 02 46 09"), s.now);  // no request outstanding
  CHECK(step.events.empty());
}

TEST_CASE("a power-up reported while operating re-runs the set-up") {
  Scripted s;
  s.bring_up();
  REQUIRE(to_hex(s.next_tx()) == "02 03 06 33 DA 81");
  s.answer({status::PowerUpBillInValidator});
  REQUIRE(s.count(Kind::PowerUpWithBill) == 1);
  CHECK(s.events.back().detail == "in_validator");
  CHECK(to_hex(s.next_tx()) == "02 03 06 30 41 B3");
}

TEST_CASE("a timed-out request is resent max_retries times, then LinkLost") {
  Scripted s;
  s.bring_up();
  REQUIRE(to_hex(s.next_tx()) == "02 03 06 33 DA 81");
  int resends = 0;
  for (int i = 0; i < 100 && s.count(Kind::LinkLost) == 0; ++i) {
    s.now += Millis{5};
    auto step = s.d.on_tick(s.now);
    s.collect(step);
    if (!step.tx.empty() && s.count(Kind::LinkLost) == 0) ++resends;
  }
  CHECK(resends == fast_driver_config().max_retries);
  CHECK(s.count(Kind::LinkLost) == 1);
  CHECK(s.d.phase() == CcnetDriver::Phase::LinkDown);
}

TEST_CASE("with no inter-frame gap a queued STACK leaves in the same write as the ACK") {
  auto cfg = fast_driver_config();
  cfg.inter_frame_gap = Millis{0};
  CcnetDriver d(cfg);
  Instant now{1000};
  std::uint8_t poll_status = status::PowerUp;
  std::size_t ready = 0;
  // A minimal device: answers the last command in each tx (ACK frames from the host excepted).
  std::function<void(const Bytes&)> device = [&](const Bytes& tx) {
    CcnetFrameReader r;
    Bytes payload;
    for (auto& f : r.feed(tx))
      if (f && !f->is_ack()) payload = f->payload;
    if (payload.empty()) return;
    Bytes reply{kAck};
    switch (static_cast<Command>(payload[0])) {
      case Command::Poll:
        reply = {poll_status};
        if (poll_status == status::PowerUp) poll_status = status::UnitDisabled;
        break;
      case Command::Identification:
        reply = encode_identification({"P", "S", ""});
        break;
      case Command::GetBillTable:
        reply = encode_bill_table({Kzt{1000}, Kzt{5000}}, "KAZ");
        break;
      default:
        break;
    }
    auto step = d.on_bytes(encode_frame(kBillValidatorAddress, reply), now);
    for (auto& e : step.events) ready += e.kind == Kind::Ready;
    if (!step.tx.empty()) device(step.tx);
  };
  for (int i = 0; i < 100 && ready == 0; ++i) {
    now += Millis{5};
    device(d.on_tick(now).tx);
  }
  REQUIRE(ready == 1);
  device(d.enable({Kzt{1000}, Kzt{5000}}, now).tx);
  poll_status = status::Idling;
  // Escrow, then a POLL in flight when the application decides.
  Bytes poll;
  for (int i = 0; i < 100 && poll.empty(); ++i) {
    now += Millis{5};
    poll = d.on_tick(now).tx;
  }
  REQUIRE(to_hex(poll) == "02 03 06 33 DA 81");
  auto escrow =
      d.on_bytes(encode_frame(kBillValidatorAddress, Bytes{status::EscrowPosition, 1}), now);
  REQUIRE(escrow.events.size() == 1);
  CHECK(escrow.events[0].kind == Kind::Escrowed);
  poll.clear();
  for (int i = 0; i < 100 && poll.empty(); ++i) {
    now += Millis{5};
    poll = d.on_tick(now).tx;
  }
  REQUIRE(to_hex(poll) == "02 03 06 33 DA 81");
  CHECK(d.stack(now).tx.empty());  // POLL outstanding: queued
  auto step =
      d.on_bytes(encode_frame(kBillValidatorAddress, Bytes{status::EscrowPosition, 1}), now);
  CHECK(to_hex(step.tx) == "02 03 06 00 C2 82 02 03 06 35 EC E4");  // ACK + STACK at once
}
