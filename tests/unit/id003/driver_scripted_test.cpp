// The ID003 driver fed hand-written device frames, byte for byte: the power-up, the credit point,
// every reject reason, faults, corrupt answers, and cases a well-behaved simulator never produces.
#include <doctest/doctest.h>

#include "hex.hpp"
#include "virtual_bench.hpp"

using namespace id003_test;
using namespace kiosk::devices::id003;
using kiosk::flows::Kzt;

namespace {

const char* kStatusRequest = "FC 05 11 27 56";
const char* kHostAck = "FC 05 50 AA 05";

// The reference-style table: old series on 61..67, Saka 1000/5000 on 68/69.
Bytes table_data() {
  std::vector<CurrencyEntry> e;
  const std::int64_t old[] = {200, 500, 1000, 2000, 5000, 10000, 20000};
  for (std::uint8_t i = 0; i < 7; ++i)
    e.push_back(*currency_entry(static_cast<std::uint8_t>(0x61 + i), kCountryKzt, Kzt{old[i]}));
  e.push_back(*currency_entry(0x68, kCountryKzt, Kzt{1000}));
  e.push_back(*currency_entry(0x69, kCountryKzt, Kzt{5000}));
  return encode_currency_assign(e);
}

struct Scripted {
  Id003Driver d;
  Instant now{1000};
  std::vector<ValidatorEvent> events;

  explicit Scripted(Id003DriverConfig c = fast_driver_config()) : d(std::move(c)) {}

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
  ValidatorStep answer(std::uint8_t code, const Bytes& data = {}) {
    auto s = d.on_bytes(encode_frame(code, data), now);
    collect(s);
    return s;
  }
  // The echo of the setting command just sent.
  ValidatorStep echo(const Bytes& sent) {
    auto s = d.on_bytes(sent, now);
    collect(s);
    return s;
  }
  std::size_t count(Kind k) const {
    std::size_t n = 0;
    for (const auto& e : events) n += e.kind == k;
    return n;
  }
  const ValidatorEvent& last() const { return events.back(); }
  // Walks the power-up sequence by hand up to Ready, then the initial (all inhibited) settings.
  void bring_up() {
    REQUIRE(to_hex(next_tx()) == kStatusRequest);
    CHECK(answer(status::PowerUp).tx.empty());       // POWER UP is not ACKed by default
    REQUIRE(to_hex(next_tx()) == "FC 05 40 2B 15");  // RESET
    CHECK(answer(status::Ack).tx.empty());
    REQUIRE(to_hex(next_tx()) == kStatusRequest);
    answer(status::Initialize);
    Bytes tx = next_tx();
    REQUIRE(to_hex(tx) == "FC 06 C2 00 DC CF");  // polling mode
    echo(tx);
    tx = next_tx();
    REQUIRE(to_hex(tx) == "FC 06 C4 00 0C 9B");  // all directions
    echo(tx);
    REQUIRE(to_hex(next_tx()) == "FC 05 88 6F 5F");  // VERSION
    const std::string v = "JCM-SIM KZT";
    answer(0x88, Bytes(v.begin(), v.end()));
    REQUIRE(to_hex(next_tx()) == "FC 05 8A 7D 7C");  // CURRENCY ASSIGN
    answer(0x8A, table_data());
    REQUIRE(count(Kind::Ready) == 1);
    // First start: nothing wanted, so the acceptor is inhibited and every code too.
    tx = next_tx();
    REQUIRE(to_hex(tx) == "FC 06 C3 01 8D C7");
    echo(tx);
    tx = next_tx();
    REQUIRE(to_hex(tx).substr(0, 14) == "FC 07 C0 FF FF");
    echo(tx);
    REQUIRE(to_hex(next_tx()) == kStatusRequest);
    answer(status::Disabled);
  }
  void enable(const std::vector<Kzt>& want, const std::string& c0_data) {
    collect(d.enable(want, now));
    Bytes tx = next_tx();
    REQUIRE(to_hex(tx) == "FC 06 C3 01 8D C7");
    echo(tx);
    tx = next_tx();
    REQUIRE(to_hex(tx).substr(0, 14) == "FC 07 C0 " + c0_data);
    echo(tx);
    tx = next_tx();
    REQUIRE(to_hex(tx) == "FC 06 C3 00 04 D6");
    echo(tx);
    REQUIRE(to_hex(next_tx()) == kStatusRequest);
    answer(status::Idling);
  }
  void enable_all() { enable(all_kzt(), "00 FE"); }  // codes 61..69 enabled
  // A note of `code` into escrow, then `stack()` and STACK-1 ACKed.
  void escrow_and_stack(std::uint8_t code) {
    REQUIRE(to_hex(next_tx()) == kStatusRequest);
    answer(status::Accepting);
    REQUIRE(to_hex(next_tx()) == kStatusRequest);
    answer(status::Escrow, {code});
    REQUIRE(last().kind == Kind::Escrowed);
    collect(d.stack(now));
    REQUIRE(to_hex(next_tx()) == "FC 05 41 A2 04");  // STACK-1
    answer(status::Ack);
    REQUIRE(to_hex(next_tx()) == kStatusRequest);
    answer(status::Stacking);
  }
};

}  // namespace

TEST_CASE("scripted power-up, byte for byte; the table comes from the device") {
  Scripted s;
  s.bring_up();
  CHECK(s.d.phase() == Id003Driver::Phase::Operating);
  const auto* ready = &s.events[0];
  for (const auto& e : s.events)
    if (e.kind == Kind::Ready) ready = &e;
  CHECK(ready->denominations == all_kzt());
  CHECK(ready->detail == "version=JCM-SIM_KZT");
  CHECK(s.last().kind == Kind::Disabled);
  CHECK(s.d.diagnostics().version == "JCM-SIM KZT");
  CHECK(s.d.diagnostics().acceptor_inhibited);
}

TEST_CASE("enable maps denominations to every code of both series") {
  Scripted s;
  s.bring_up();
  s.enable({Kzt{1000}, Kzt{5000}}, "6B FE");  // 63, 65 (old), 68, 69 (Saka) enabled
  CHECK(s.last().kind == Kind::Idle);
  CHECK(s.d.diagnostics().inhibited.bits() == 0xFE6B);
  CHECK_FALSE(s.d.diagnostics().acceptor_inhibited);
}

TEST_CASE("escrow -> stack -> VEND VALID is ACKed and credited once, even when repeated") {
  Scripted s;
  s.bring_up();
  s.enable_all();
  s.escrow_and_stack(0x68);  // a Saka 1000
  REQUIRE(to_hex(s.next_tx()) == kStatusRequest);
  auto st = s.answer(status::VendValid);
  CHECK(to_hex(st.tx) == kHostAck);  // the host ACKs VEND VALID at once
  REQUIRE(s.count(Kind::Stacked) == 1);
  CHECK(s.last().amount == Kzt{1000});
  CHECK(s.last().detail == "escrow_code=0x68");
  // Our ACK was lost: the device repeats VEND VALID. ACK again, never credit again.
  REQUIRE(to_hex(s.next_tx()) == kStatusRequest);
  st = s.answer(status::VendValid);
  CHECK(to_hex(st.tx) == kHostAck);
  REQUIRE(to_hex(s.next_tx()) == kStatusRequest);
  s.answer(status::Stacked);
  REQUIRE(to_hex(s.next_tx()) == kStatusRequest);
  s.answer(status::Idling);
  CHECK(s.count(Kind::Stacked) == 1);
  CHECK(s.last().kind == Kind::Idle);
  CHECK(s.d.diagnostics().vend_valid_acks == 2);
}

TEST_CASE("STACK-2 is sent when configured") {
  auto c = fast_driver_config();
  c.stack_command = Command::Stack2;
  Scripted s(c);
  s.bring_up();
  s.enable_all();
  REQUIRE(to_hex(s.next_tx()) == kStatusRequest);
  s.answer(status::Escrow, {0x65});
  s.collect(s.d.stack(s.now));
  CHECK(to_hex(s.next_tx()) == "FC 05 42 39 36");
}

TEST_CASE("a corrupt VEND VALID is never acted on; the status request goes out again") {
  Scripted s;
  s.bring_up();
  s.enable_all();
  s.escrow_and_stack(0x63);
  REQUIRE(to_hex(s.next_tx()) == kStatusRequest);
  auto st = s.d.on_bytes(hex("FC 05 15 03 11"), s.now);  // bad CRC
  s.collect(st);
  CHECK(to_hex(st.tx) == kStatusRequest);  // asked again, no ACK
  CHECK(s.count(Kind::Stacked) == 0);
  CHECK(s.d.diagnostics().bad_frames == 1);
  s.answer(status::VendValid);
  CHECK(s.count(Kind::Stacked) == 1);
  CHECK(s.last().amount == Kzt{1000});
}

TEST_CASE("STACKED without a VEND VALID still credits a note we stacked, once") {
  Scripted s;
  s.bring_up();
  s.enable_all();
  s.escrow_and_stack(0x67);
  REQUIRE(to_hex(s.next_tx()) == kStatusRequest);
  s.answer(status::Stacked);
  REQUIRE(s.count(Kind::Stacked) == 1);
  CHECK(s.last().amount == Kzt{20000});
  CHECK(s.last().detail == "escrow_code=0x67 without_vend_valid");
  REQUIRE(to_hex(s.next_tx()) == kStatusRequest);
  s.answer(status::VendValid);  // late: still no second credit
  CHECK(s.count(Kind::Stacked) == 1);
}

TEST_CASE("return path: RETURN, RETURNING, then IDLING gives Returned with the amount") {
  Scripted s;
  s.bring_up();
  s.enable_all();
  REQUIRE(to_hex(s.next_tx()) == kStatusRequest);
  s.answer(status::Escrow, {0x64});
  CHECK(s.last().amount == Kzt{2000});
  s.collect(s.d.return_note(s.now));
  REQUIRE(to_hex(s.next_tx()) == "FC 05 43 B0 27");
  s.answer(status::Ack);
  REQUIRE(to_hex(s.next_tx()) == kStatusRequest);
  s.answer(status::Returning);
  CHECK(s.count(Kind::Returned) == 0);
  REQUIRE(to_hex(s.next_tx()) == kStatusRequest);
  s.answer(status::Idling);
  REQUIRE(s.count(Kind::Returned) == 1);
  const ValidatorEvent* r = nullptr;
  for (const auto& e : s.events)
    if (e.kind == Kind::Returned) r = &e;
  CHECK(r->amount == Kzt{2000});
  CHECK(s.count(Kind::Stacked) == 0);
}

TEST_CASE("a note the application did not ask for is returned at once") {
  Scripted s;
  s.bring_up();
  s.enable({Kzt{1000}}, "7B FF");
  REQUIRE(to_hex(s.next_tx()) == kStatusRequest);
  s.answer(status::Escrow, {0x67});  // 20000, not wanted
  CHECK(s.last().kind == Kind::Rejected);
  CHECK(s.last().detail == "unwanted_escrow_code=0x67 returned");
  CHECK(to_hex(s.next_tx()) == "FC 05 43 B0 27");
  CHECK(s.count(Kind::Escrowed) == 0);
}

TEST_CASE("every reject reason is mapped to a Rejected event with its name") {
  Scripted s;
  s.bring_up();
  s.enable_all();
  for (std::uint8_t r = 0x71; r <= 0x7F; ++r) {
    REQUIRE(to_hex(s.next_tx()) == kStatusRequest);
    s.answer(status::Rejecting, {r});
    REQUIRE(s.last().kind == Kind::Rejected);
    char code[8];
    std::snprintf(code, sizeof code, "0x%02X ", r);
    CHECK(s.last().detail == std::string(code) + reject_reason_name(r));
  }
  CHECK(s.count(Kind::Rejected) == 15);
  REQUIRE(to_hex(s.next_tx()) == kStatusRequest);
  s.answer(status::Cheated);
  CHECK(s.last().detail == "cheated");
}

TEST_CASE("faults: stacker full/open, jams, failure, each reported once") {
  Scripted s;
  s.bring_up();
  s.enable_all();
  struct F {
    std::uint8_t code;
    Bytes data;
    Kind kind;
    const char* detail;
  };
  const F faults[] = {{status::StackerFull, {}, Kind::CassetteFull, ""},
                      {status::StackerOpen, {}, Kind::CassetteRemoved, ""},
                      {status::JamInAcceptor, {}, Kind::Jammed, "acceptor"},
                      {status::JamInStacker, {}, Kind::Jammed, "stacker"},
                      {status::Failure, {0xA6}, Kind::Failure, "0xA6 transport_motor"},
                      {status::Failure, {0xAB}, Kind::Failure, "0xAB cash_box_not_ready"}};
  for (const auto& f : faults) {
    REQUIRE(to_hex(s.next_tx()) == kStatusRequest);
    s.answer(f.code, f.data);
    REQUIRE(s.last().kind == f.kind);
    CHECK(s.last().detail == f.detail);
    const auto n = s.events.size();
    REQUIRE(to_hex(s.next_tx()) == kStatusRequest);
    s.answer(f.code, f.data);  // repeated: no new event
    CHECK(s.events.size() == n);
  }
}

TEST_CASE("power-up with a bill in the stacker while operating: reported, then RESET") {
  Scripted s;
  s.bring_up();
  s.enable_all();
  REQUIRE(to_hex(s.next_tx()) == kStatusRequest);
  s.answer(status::PowerUpBillInStacker);
  CHECK(s.last().kind == Kind::PowerUpWithBill);
  CHECK(s.last().detail == "in_stacker");
  CHECK(to_hex(s.next_tx()) == "FC 05 40 2B 15");
  CHECK(s.count(Kind::Stacked) == 0);
}

TEST_CASE("power-up with a bill in the acceptor at first contact") {
  Scripted s;
  REQUIRE(to_hex(s.next_tx()) == kStatusRequest);
  s.answer(status::PowerUpBillInAcceptor);
  CHECK(s.last().kind == Kind::PowerUpWithBill);
  CHECK(s.last().detail == "in_acceptor");
  CHECK(to_hex(s.next_tx()) == "FC 05 40 2B 15");
}

TEST_CASE("first contact during VEND VALID: ACKed, reported as PowerUpWithBill, never Stacked") {
  Scripted s;
  REQUIRE(to_hex(s.next_tx()) == kStatusRequest);
  auto st = s.answer(status::VendValid, {0x65});  // with a data byte (UNVERIFIED form)
  CHECK(to_hex(st.tx) == kHostAck);
  REQUIRE(to_hex(s.next_tx()) == "FC 05 40 2B 15");
  s.answer(status::Ack);
  REQUIRE(to_hex(s.next_tx()) == kStatusRequest);
  s.answer(status::Disabled);
  for (int i = 0; i < 4; ++i) {  // C2, C4, 88, 8A
    Bytes tx = s.next_tx();
    if (tx[2] == 0x8A)
      s.answer(0x8A, table_data());
    else if (tx[2] == 0x88)
      s.answer(0x88, {});
    else
      s.echo(tx);
  }
  REQUIRE(s.count(Kind::Ready) == 1);
  REQUIRE(s.count(Kind::PowerUpWithBill) == 1);
  const ValidatorEvent* p = nullptr;
  for (const auto& e : s.events)
    if (e.kind == Kind::PowerUpWithBill) p = &e;
  CHECK(p->detail == "in_stacker");
  CHECK(p->amount == Kzt{5000});
  CHECK(s.count(Kind::Stacked) == 0);
}

TEST_CASE("POWER UP is ACKed when configured (UNVERIFIED point)") {
  auto c = fast_driver_config();
  c.ack_power_up = true;
  Scripted s(c);
  REQUIRE(to_hex(s.next_tx()) == kStatusRequest);
  CHECK(to_hex(s.answer(status::PowerUp).tx) == kHostAck);
  CHECK(to_hex(s.next_tx()) == "FC 05 40 2B 15");
}

TEST_CASE("COMMUNICATION ERROR resends the command; INVALID COMMAND drops it") {
  Scripted s;
  s.bring_up();
  s.enable_all();
  REQUIRE(to_hex(s.next_tx()) == kStatusRequest);
  s.answer(status::Escrow, {0x63});
  s.collect(s.d.stack(s.now));
  REQUIRE(to_hex(s.next_tx()) == "FC 05 41 A2 04");
  CHECK(to_hex(s.answer(status::CommunicationError).tx) == "FC 05 41 A2 04");
  s.answer(status::InvalidCommand);
  CHECK(s.d.diagnostics().last_error == "invalid_command cmd=stack_1");
  CHECK(s.d.diagnostics().comm_errors == 1);
  CHECK(to_hex(s.next_tx()) == kStatusRequest);  // the link goes on
}

TEST_CASE("a wrong echo is not taken; the timeout sends the setting again") {
  Scripted s;
  s.bring_up();
  s.collect(s.d.enable({Kzt{1000}}, s.now));
  Bytes tx = s.next_tx();
  REQUIRE(to_hex(tx) == "FC 06 C3 01 8D C7");
  s.answer(0xC3, {0x00});  // echo with other data
  CHECK(s.d.diagnostics().last_error == "bad_echo cmd=set_inhibit");
  CHECK(to_hex(s.next_tx()) == "FC 06 C3 01 8D C7");  // resent after the response timeout
}

TEST_CASE("stack() and return_note() outside escrow send nothing") {
  Scripted s;
  s.bring_up();
  CHECK(s.d.stack(s.now).tx.empty());
  CHECK(s.d.diagnostics().last_error == "stack_without_escrow");
  CHECK(s.d.return_note(s.now).tx.empty());
  CHECK(s.d.diagnostics().last_error == "return_without_escrow");
}

TEST_CASE("silence: retries, then one LinkLost; the first answer restores the link") {
  Scripted s;
  s.bring_up();
  s.enable_all();
  for (int i = 0; i < 20 && s.count(Kind::LinkLost) == 0; ++i) (void)s.next_tx();
  REQUIRE(s.count(Kind::LinkLost) == 1);
  CHECK(s.d.diagnostics().timeouts == 3);  // the request and max_retries = 2 resends
  CHECK(s.d.phase() == Id003Driver::Phase::LinkDown);
  REQUIRE(to_hex(s.next_tx()) == kStatusRequest);  // polling goes on
  s.answer(status::Idling);
  CHECK(s.count(Kind::LinkRestored) == 1);
  CHECK(to_hex(s.next_tx()) == "FC 06 C2 00 DC CF");  // set up again, without RESET
  CHECK(s.count(Kind::LinkLost) == 1);
}

TEST_CASE("INITIALIZE: still initialising after set-up is no change; after IDLING it is a reset") {
  Scripted s;
  REQUIRE(to_hex(s.next_tx()) == kStatusRequest);
  s.answer(status::Initialize);  // first contact while initialising: RESET
  REQUIRE(to_hex(s.next_tx()) == "FC 05 40 2B 15");
  s.answer(status::Ack);
  REQUIRE(to_hex(s.next_tx()) == kStatusRequest);
  s.answer(status::Initialize);
  for (int i = 0; i < 4; ++i) {  // C2, C4, 88, 8A during INITIALIZE
    Bytes tx = s.next_tx();
    if (tx[2] == 0x8A)
      s.answer(0x8A, table_data());
    else if (tx[2] == 0x88)
      s.answer(0x88, {});
    else
      s.echo(tx);
  }
  REQUIRE(s.count(Kind::Ready) == 1);
  for (int i = 0; i < 2; ++i) s.echo(s.next_tx());  // C3 01, C0
  REQUIRE(to_hex(s.next_tx()) == kStatusRequest);
  s.answer(status::Initialize);                  // still initialising
  CHECK(to_hex(s.next_tx()) == kStatusRequest);  // no new set-up
  s.answer(status::Disabled);
  CHECK(s.last().kind == Kind::Disabled);
  REQUIRE(to_hex(s.next_tx()) == kStatusRequest);
  s.answer(status::Initialize);                       // it reset itself
  CHECK(to_hex(s.next_tx()) == "FC 06 C2 00 DC CF");  // set up again
}
