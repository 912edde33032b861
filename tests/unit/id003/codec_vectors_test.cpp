// Every ID003 vector of shared/reference/cash-devices.md 2.4, encoded and decoded, plus the
// currency table (old and Saka KZT series), the inhibit mask and parser edge cases.
#include <doctest/doctest.h>

#include "devices/id003/id003_codec.hpp"
#include "hex.hpp"

using namespace id003_test;
using namespace kiosk::devices::id003;
using kiosk::devices::Bytes;
using kiosk::flows::Kzt;

namespace {

Frame decode_one(const Bytes& wire) {
  Id003FrameReader r;
  auto out = r.feed(wire);
  REQUIRE(out.size() == 1);
  REQUIRE(out[0].has_value());
  CHECK(r.buffered() == 0);
  return *out[0];
}

}  // namespace

TEST_CASE("CRC-16/KERMIT check value") {
  const std::string s = "123456789";
  const Bytes b(s.begin(), s.end());
  CHECK(crc16_kermit(b) == 0x2189);
}

TEST_CASE("host command vectors (2.4)") {
  CHECK(to_hex(encode_command(Command::StatusRequest)) == "FC 05 11 27 56");
  CHECK(to_hex(encode_command(Command::Reset)) == "FC 05 40 2B 15");
  CHECK(to_hex(encode_command(Command::Ack)) == "FC 05 50 AA 05");
  CHECK(to_hex(encode_command(Command::Stack1)) == "FC 05 41 A2 04");
  CHECK(to_hex(encode_command(Command::Stack2)) == "FC 05 42 39 36");
  CHECK(to_hex(encode_command(Command::Return)) == "FC 05 43 B0 27");
  CHECK(to_hex(encode_command(Command::Hold)) == "FC 05 44 0F 53");
  CHECK(to_hex(encode_set_enable(DenominationMask::none())) == "FC 07 C0 00 00 2D B5");
  CHECK(to_hex(encode_set_comm_mode(0)) == "FC 06 C2 00 DC CF");
  CHECK(to_hex(encode_set_inhibit(true)) == "FC 06 C3 01 8D C7");
  CHECK(to_hex(encode_set_inhibit(false)) == "FC 06 C3 00 04 D6");
  CHECK(to_hex(encode_set_direction(0)) == "FC 06 C4 00 0C 9B");
  CHECK(to_hex(encode_command(Command::GetVersion)) == "FC 05 88 6F 5F");
  CHECK(to_hex(encode_command(Command::GetCurrencyAssign)) == "FC 05 8A 7D 7C");
}

TEST_CASE("device status vectors (2.4) decode to the right status") {
  struct V {
    const char* wire;
    std::uint8_t code;
    std::optional<std::uint8_t> data;
    const char* name;
  };
  const V vectors[] = {
      {"FC 05 11 27 56", status::Idling, {}, "idling"},
      {"FC 05 12 BC 64", status::Accepting, {}, "accepting"},
      {"FC 06 13 63 A2 D8", status::Escrow, 0x63, "escrow"},
      {"FC 05 14 8A 01", status::Stacking, {}, "stacking"},
      {"FC 05 15 03 10", status::VendValid, {}, "vend_valid"},
      {"FC 05 16 98 22", status::Stacked, {}, "stacked"},
      {"FC 06 17 79 19 00", status::Rejecting, 0x79, "rejecting"},
      {"FC 05 18 E6 CB", status::Returning, {}, "returning"},
      {"FC 05 1A F4 E8", status::Disabled, {}, "disabled"},
      {"FC 05 1B 7D F9", status::Initialize, {}, "initialize"},
      {"FC 05 40 2B 15", status::PowerUp, {}, "power_up"},
      {"FC 05 43 B0 27", status::StackerFull, {}, "stacker_full"},
      {"FC 05 44 0F 53", status::StackerOpen, {}, "stacker_open"},
      {"FC 06 49 A2 A0 21", status::Failure, 0xA2, "failure"},
      {"FC 05 4B F8 AB", status::InvalidCommand, {}, "invalid_command"},
  };
  for (const auto& v : vectors) {
    CAPTURE(v.wire);
    const Bytes wire = hex(v.wire);
    const Frame f = decode_one(wire);
    auto s = parse_status(f);
    REQUIRE(s);
    CHECK(s->code == v.code);
    CHECK(s->data == v.data);
    CHECK(std::string(status_name(s->code)) == v.name);
    // And the encoder produces the same bytes.
    Bytes data;
    if (v.data) data.push_back(*v.data);
    CHECK(encode_frame(v.code, data) == wire);
  }
  CHECK(std::string(reject_reason_name(0x79)) == "inhibit");
  CHECK(std::string(failure_name(0xA2)) == "stack_motor");
}

TEST_CASE("reject reasons and failure codes all have names") {
  for (std::uint8_t r = 0x71; r <= 0x7F; ++r)
    CHECK(std::string(reject_reason_name(r)) != "unknown");
  for (std::uint8_t f : {0xA2, 0xA5, 0xA6, 0xA7, 0xAB, 0xAF, 0xB0, 0xB1, 0xB2, 0xB3})
    CHECK(std::string(failure_name(f)) != "unknown");
  CHECK(std::string(reject_reason_name(0x10)) == "unknown");
  CHECK(std::string(failure_name(0x00)) == "unknown");
}

TEST_CASE("status parser refuses what is not a status") {
  CHECK_FALSE(parse_status(Frame{0x99, {}}));                // unknown code
  CHECK_FALSE(parse_status(Frame{status::Escrow, {}}));      // escrow without its code
  CHECK_FALSE(parse_status(Frame{status::Rejecting, {}}));   // rejecting without a reason
  CHECK_FALSE(parse_status(Frame{status::Failure, {}}));     // failure without a code
  CHECK_FALSE(parse_status(Frame{status::Idling, {1, 2}}));  // too much data
  CHECK(parse_status(Frame{status::VendValid, {0x63}}));     // VEND VALID + data: UNVERIFIED, kept
}

TEST_CASE("round trips: every frame size, arbitrary data") {
  for (std::size_t n = 0; n <= 250; n += 7) {
    Bytes data(n);
    for (std::size_t i = 0; i < n; ++i) data[i] = static_cast<std::uint8_t>(i * 31 + n);
    const Bytes wire = encode_frame(0x8A, data);
    REQUIRE(wire.size() == n + 5);
    CHECK(wire[1] == n + 5);
    const Frame f = decode_one(wire);
    CHECK(f.cmd == 0x8A);
    CHECK(f.data == data);
  }
  CHECK(encode_frame(0x8A, Bytes(251)).empty());  // LNG would not fit a byte
}

TEST_CASE("inhibit mask: code 0x61+n is bit n%8 of byte n/8, bit = 1 inhibits") {
  DenominationMask enabled;
  enabled.set(0x61);
  enabled.set(0x68);
  enabled.set(0x69);
  enabled.set(0x70);
  enabled.set(0x71);  // outside 0x61..0x70: ignored
  enabled.set(0x60);
  CHECK(enabled.bits() == 0x8181);
  const auto inhibit = DenominationMask::inhibit_all_but(enabled);
  CHECK(to_hex(encode_set_enable(inhibit)).substr(0, 14) == "FC 07 C0 7E 7E");
  CHECK_FALSE(inhibit.has(0x61));
  CHECK(inhibit.has(0x62));
  CHECK(DenominationMask::from_wire(0x7E, 0x7E) == inhibit);
}

TEST_CASE("currency assign: KZT old and Saka series, other countries ignored") {
  std::vector<CurrencyEntry> entries;
  entries.push_back(*currency_entry(0x61, kCountryKzt, Kzt{1000}));   // old 1000
  entries.push_back(*currency_entry(0x62, kCountryKzt, Kzt{5000}));   // old 5000
  entries.push_back(*currency_entry(0x63, kCountryKzt, Kzt{20000}));  // 20000
  entries.push_back(*currency_entry(0x64, kCountryKzt, Kzt{1000}));   // Saka 1000
  entries.push_back(*currency_entry(0x65, kCountryKzt, Kzt{5000}));   // Saka 5000
  entries.push_back(*currency_entry(0x66, 0x27, Kzt{100}));           // a RUB note
  const Bytes data = encode_currency_assign(entries);
  CHECK(to_hex(Bytes(data.begin(), data.begin() + 12)) == "61 51 01 03 62 51 05 03 63 51 02 04");
  auto t = parse_currency_assign(data);
  REQUIRE(t);
  CHECK(t->entries().size() == 6);
  CHECK(t->denominations() == std::vector<Kzt>{Kzt{1000}, Kzt{5000}, Kzt{20000}});
  CHECK(t->amount_of(0x64) == Kzt{1000});
  CHECK_FALSE(t->amount_of(0x66));  // foreign currency: no amount
  CHECK_FALSE(t->amount_of(0x6F));  // not in the table
  // Enabling 1000 enables both series' codes.
  CHECK(t->codes_for({Kzt{1000}}).bits() == 0b1001);
  CHECK(t->codes_for({Kzt{5000}, Kzt{20000}}).bits() == 0b10110);
  // The same table read with RUB accepted too.
  auto both = parse_currency_assign(data, {kCountryKzt, 0x27});
  REQUIRE(both);
  CHECK(both->amount_of(0x66) == Kzt{100});
}

TEST_CASE("currency assign edge cases") {
  CHECK_FALSE(parse_currency_assign(hex("61 51 01")));     // not a multiple of 4
  CHECK_FALSE(parse_currency_assign(hex("20 51 01 03")));  // escrow code out of range
  auto empty = parse_currency_assign(hex("61 51 00 03"));  // digit 0: empty slot
  REQUIRE(empty);
  CHECK(empty->entries().empty());
  auto huge = parse_currency_assign(hex("61 51 FF 0F"));  // 255 x 10^15: no banknote
  REQUIRE(huge);
  CHECK_FALSE(huge->amount_of(0x61));
  CHECK_FALSE(currency_entry(0x61, kCountryKzt, Kzt{257}));  // not digit x 10^power
  CHECK_FALSE(currency_entry(0x61, kCountryKzt, Kzt{0}));
  CHECK(currency_entry(0x61, kCountryKzt, Kzt{200})->digit == 2);
  CHECK(currency_entry(0x61, kCountryKzt, Kzt{200})->power == 2);
  CHECK(currency_entry(0x61, kCountryKzt, Kzt{250})->digit == 25);
  auto alt = parse_currency_assign(hex("61 51 C8 00 62 51 14 02"));  // 200 x 10^0, 20 x 10^2
  REQUIRE(alt);
  CHECK(alt->amount_of(0x61) == Kzt{200});
  CHECK(alt->amount_of(0x62) == Kzt{2000});
}

TEST_CASE("version string is printable and trimmed") {
  const std::string v = " i(KZT)-100-SS ID003-05V000-00 ";
  Bytes b(v.begin(), v.end());
  b.push_back(0x00);
  CHECK(parse_version(b) == "i(KZT)-100-SS ID003-05V000-00");
  CHECK(parse_version(hex("41 01 42")) == "A?B");
}
