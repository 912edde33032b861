// The SSP driver fed hand-written device packets (the device's crypto done here by hand): cases a
// well-behaved simulator never produces — replays, plain answers to encrypted commands, KEY NOT
// SET, FAIL on the protocol version, unknown events, silence.
#include <doctest/doctest.h>

#include "hex.hpp"
#include "virtual_bench.hpp"

using namespace ssp_test;
using namespace kiosk::devices;
using namespace kiosk::devices::ssp;
using kiosk::flows::Kzt;

namespace {

struct Scripted {
  SspDriver d{fast_driver_config()};
  Instant now{1000};
  std::vector<ValidatorEvent> events;
  std::optional<EsspSession> device;  // the device's side of the session
  std::uint64_t g = 0, m = 0;
  Packet last;  // the last host packet, opened
  Bytes last_reply;

  Bytes queued_tx;  // a command the driver sent at once (after an answer or a call)
  Bytes last_wire;

  void collect(const ValidatorStep& s) {
    events.insert(events.end(), s.events.begin(), s.events.end());
    if (!s.tx.empty()) queued_tx = s.tx;
  }
  // The driver's next command (advancing time until it sends one): its DATA, opened when sealed.
  Bytes next_command() {
    for (int i = 0; i < 400; ++i) {
      Bytes tx = std::move(queued_tx);
      queued_tx.clear();
      if (tx.empty()) {
        now += Millis{5};
        auto s = d.on_tick(now);
        events.insert(events.end(), s.events.begin(), s.events.end());
        tx = s.tx;
      }
      if (tx.empty()) continue;
      last_wire = tx;
      SspFrameReader r;
      auto ps = r.feed(tx);
      REQUIRE(ps.size() == 1);
      REQUIRE(ps[0].has_value());
      last = *ps[0];
      if (!last.data.empty() && last.data[0] == kStex) {
        REQUIRE(device.has_value());
        auto plain = device->open(last.data);
        REQUIRE(plain.has_value());
        return *plain;
      }
      return last.data;
    }
    return {};
  }
  // Answers the last command (sealed when it was sealed).
  ValidatorStep reply(const Bytes& plain, bool force_plain = false) {
    Bytes data = plain;
    if (!force_plain && !last.data.empty() && last.data[0] == kStex) data = device->seal(plain, {});
    last_reply = encode_packet(0, last.seq, data);
    auto s = d.on_bytes(last_reply, now);
    collect(s);
    return s;
  }
  std::size_t count(Kind k) const {
    std::size_t n = 0;
    for (const auto& e : events) n += e.kind == k;
    return n;
  }
  void key_exchange() {
    const Bytes gen = next_command();
    REQUIRE(gen.size() == 9);
    REQUIRE(gen[0] == 0x4A);
    g = read_le64(ByteView(gen).subspan(1));
    reply({0xF0});
    const Bytes mod = next_command();
    REQUIRE(mod[0] == 0x4B);
    m = read_le64(ByteView(mod).subspan(1));
    CHECK(is_prime(g));
    CHECK(is_prime(m));
    CHECK(g > m);
    reply({0xF0});
    const Bytes kx = next_command();
    REQUIRE(kx[0] == 0x4C);
    const std::uint64_t host_inter = read_le64(ByteView(kx).subspan(1));
    const std::uint64_t slave_random = 5;
    Bytes answer{0xF0};
    const Bytes si = le64(mod_pow(g, slave_random, m));
    answer.insert(answer.end(), si.begin(), si.end());
    reply(answer);
    device.emplace(Role::Device, CountRule::PerExchange,
                   make_aes_key(kDefaultFixedKey, mod_pow(host_inter, slave_random, m)));
  }
  void bring_up() {
    REQUIRE(to_hex(next_command()) == "11");
    CHECK(last.seq);
    reply({0xF0});
    key_exchange();
    REQUIRE(to_hex(next_command()) == "06 07");  // HOST PROTOCOL VERSION 7, sealed
    CHECK(last.data[0] == kStex);
    reply({0xF0});
    REQUIRE(to_hex(next_command()) == "05");
    reply(encode_setup_reply({500, 1000, 2000, 5000, 10000, 20000}, "KZT", "0400", 7));
    REQUIRE(count(Kind::Ready) == 1);
    REQUIRE(to_hex(next_command()) == "08");  // REJECT a previous run's note, if any
    reply({0xF5});
    REQUIRE(to_hex(next_command()) == "02 00 00");  // nothing wanted yet
    reply({0xF0});
    REQUIRE(to_hex(next_command()) == "09");
    reply({0xF0});
    REQUIRE(to_hex(next_command()) == "07");
    reply(hex("F0 F1 E8"));
    CHECK(count(Kind::Disabled) == 1);
    // SLAVE RESET: the unit is in its power-up state, so the settings go out again.
    REQUIRE(to_hex(next_command()) == "02 00 00");
    reply({0xF0});
    REQUIRE(to_hex(next_command()) == "09");
    reply({0xF0});
  }
};

}  // namespace

TEST_CASE("scripted start-up: SEQ after SYNC, key exchange, sealed set-up") {
  Scripted s;
  s.bring_up();
  CHECK(s.d.phase() == SspDriver::Phase::Operating);
  CHECK(s.d.encrypted());
  // After SYNC (flag set) the next command carried 0, then the flag alternates.
  CHECK(s.d.diagnostics().protocol_version == 7);
}

TEST_CASE("escrow by hand: HOLD, then POLL on stack(), credit at EE") {
  Scripted s;
  s.bring_up();
  s.collect(s.d.enable({Kzt{1000}, Kzt{5000}}, s.now));
  REQUIRE(to_hex(s.next_command()) == "02 0A 00");
  s.reply({0xF0});
  REQUIRE(to_hex(s.next_command()) == "0A");
  s.reply({0xF0});
  REQUIRE(to_hex(s.next_command()) == "07");
  s.reply(hex("F0 EF 00"));
  REQUIRE(to_hex(s.next_command()) == "07");
  s.reply(hex("F0 EF 04"));
  REQUIRE(s.count(Kind::Escrowed) == 1);
  REQUIRE(to_hex(s.next_command()) == "18");  // HOLD, never POLL, while undecided
  s.reply({0xF0});
  s.collect(s.d.stack(s.now));
  REQUIRE(to_hex(s.next_command()) == "07");
  s.reply(hex("F0 CC"));
  CHECK(s.count(Kind::Stacked) == 0);
  REQUIRE(to_hex(s.next_command()) == "07");
  s.reply(hex("F0 EE 04 EB"));
  REQUIRE(s.count(Kind::Stacked) == 1);
  CHECK(s.events.back().amount == Kzt{5000});
}

TEST_CASE("a replayed encrypted answer is refused and never credited") {
  Scripted s;
  s.bring_up();
  REQUIRE(to_hex(s.next_command()) == "07");
  s.reply(hex("F0 EE 01 EB"));
  REQUIRE(s.count(Kind::Stacked) == 1);
  const Bytes old = s.last_reply;
  REQUIRE(to_hex(s.next_command()) == "07");
  // An attacker (or a confused bridge) plays the old credit again, with the right SEQ.
  Bytes replay = old;
  SspFrameReader r;
  auto p = r.feed(replay);
  REQUIRE(p[0].has_value());
  replay = encode_packet(0, s.last.seq, p[0]->data);
  s.collect(s.d.on_bytes(replay, s.now));
  CHECK(s.count(Kind::Stacked) == 1);
  CHECK(s.d.diagnostics().crypto_errors == 1);
  CHECK(s.d.diagnostics().last_error.find("bad_count") != std::string::npos);
}

TEST_CASE("a plain OK with a credit answering an encrypted POLL is refused") {
  Scripted s;
  s.bring_up();
  REQUIRE(to_hex(s.next_command()) == "07");
  s.reply(hex("F0 EE 01 EB"), /*force_plain=*/true);
  CHECK(s.count(Kind::Stacked) == 0);
  CHECK(s.d.diagnostics().last_error == "plain_reply_to_encrypted_command");
}

TEST_CASE("KEY NOT SET starts a new session with a new key exchange") {
  Scripted s;
  s.bring_up();
  REQUIRE(to_hex(s.next_command()) == "07");
  s.reply({0xFA}, true);
  REQUIRE(to_hex(s.next_command()) == "11");
  s.reply({0xF0});
  s.key_exchange();
  REQUIRE(to_hex(s.next_command()) == "06 07");
  CHECK(s.d.diagnostics().key_exchanges == 2);
}

TEST_CASE("HOST PROTOCOL VERSION FAIL is probed downward") {
  Scripted s;
  REQUIRE(to_hex(s.next_command()) == "11");
  s.reply({0xF0});
  s.key_exchange();
  REQUIRE(to_hex(s.next_command()) == "06 07");
  s.reply({0xF8});
  REQUIRE(to_hex(s.next_command()) == "06 06");
  s.reply({0xF0});
  REQUIRE(to_hex(s.next_command()) == "05");
  CHECK(s.d.diagnostics().protocol_version == 6);
}

TEST_CASE("an unknown event code is logged; events before it are kept") {
  Scripted s;
  s.bring_up();
  REQUIRE(to_hex(s.next_command()) == "07");
  s.reply(hex("F0 E7 99 EE 01"));
  CHECK(s.count(Kind::CassetteFull) == 1);
  CHECK(s.d.diagnostics().last_error == "unknown_event 0x99");
}

TEST_CASE("an answer with the wrong SEQ is ignored; timeouts resend the same bytes; LinkLost") {
  Scripted s;
  s.bring_up();
  REQUIRE(to_hex(s.next_command()) == "07");
  const Bytes first = s.last_wire;
  const bool seq = s.last.seq;
  // The answer to the previous command (other SEQ): ignored.
  s.collect(s.d.on_bytes(encode_packet(0, !seq, s.device->seal(hex("F0 EE 01"), {})), s.now));
  CHECK(s.count(Kind::Stacked) == 0);
  CHECK(s.queued_tx.empty());
  std::vector<Bytes> resent;
  for (int i = 0; i < 100 && s.count(Kind::LinkLost) == 0; ++i) {
    s.now += Millis{5};
    auto step = s.d.on_tick(s.now);
    s.events.insert(s.events.end(), step.events.begin(), step.events.end());
    if (step.tx == first)
      resent.push_back(step.tx);
    else if (!step.tx.empty())
      s.queued_tx = step.tx;  // the SYNC that follows the loss
  }
  REQUIRE(s.count(Kind::LinkLost) == 1);
  REQUIRE(resent.size() == 2);  // max_retries = 2
  CHECK(resent[0] == first);
  CHECK(resent[1] == first);
  CHECK(s.d.phase() == SspDriver::Phase::LinkDown);
  CHECK_FALSE(s.d.encrypted());
  // While down, SYNC goes out; the first answer restores the link and starts a new session.
  const Bytes sync = s.next_command();
  REQUIRE(to_hex(sync) == "11");
  s.reply({0xF0});
  CHECK(s.count(Kind::LinkRestored) == 1);
  const Bytes gen = s.next_command();
  CHECK(gen[0] == 0x4A);
}

TEST_CASE("stack/return without a note in escrow do nothing") {
  Scripted s;
  s.bring_up();
  CHECK(s.d.stack(s.now).tx.empty());
  CHECK(s.d.diagnostics().last_error == "stack_without_escrow");
  CHECK(s.d.return_note(s.now).tx.empty());
  CHECK(s.d.diagnostics().last_error == "return_without_escrow");
}
