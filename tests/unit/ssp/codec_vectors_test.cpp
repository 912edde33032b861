// Every SSP vector of shared/reference/cash-devices.md 3.6, encoded and decoded, and the codec's
// edge cases (stuffing, CRC, reply parsers).
#include <doctest/doctest.h>

#include "devices/ssp/ssp_codec.hpp"
#include "hex.hpp"

using namespace ssp_test;
using namespace kiosk::devices;
using namespace kiosk::devices::ssp;
using kiosk::flows::Kzt;

namespace {

// Encodes `data` with seq and checks the wire bytes, then decodes them back.
void round_trip(bool seq, const char* data, const char* wire) {
  const Bytes d = hex(data);
  CHECK(to_hex(encode_packet(kValidatorAddress, seq, d)) == wire);
  SspFrameReader r;
  auto out = r.feed(hex(wire));
  REQUIRE(out.size() == 1);
  REQUIRE(out[0].has_value());
  CHECK(out[0]->seq == seq);
  CHECK(out[0]->address == 0);
  CHECK(to_hex(out[0]->data) == to_hex(d));
  CHECK(r.buffered() == 0);
}

}  // namespace

TEST_CASE("CRC-16/CMS check value") {
  const std::string s = "123456789";
  CHECK(crc16(ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size())) == 0xAEE7);
}

TEST_CASE("host command vectors (3.6)") {
  round_trip(true, "11", "7F 80 01 11 65 82");
  round_trip(true, "01", "7F 80 01 01 06 02");
  round_trip(true, "06 08", "7F 80 02 06 08 03 94");
  round_trip(true, "07", "7F 80 01 07 12 02");
  round_trip(false, "07", "7F 00 01 07 11 88");
  round_trip(true, "0A", "7F 80 01 0A 3F 82");
  round_trip(true, "09", "7F 80 01 09 35 82");
  round_trip(true, "02 07 00", "7F 80 03 02 07 00 2B B6");
  round_trip(true, "02 FF FF", "7F 80 03 02 FF FF 25 A4");
  round_trip(true, "08", "7F 80 01 08 30 02");
  round_trip(true, "18", "7F 80 01 18 53 82");
  round_trip(true, "05", "7F 80 01 05 1D 82");
}

TEST_CASE("SET INHIBITS data for channels 1-3 is the vector's 07 00") {
  CHECK(to_hex(encode_inhibits(0b111, 3)) == "07 00");
  CHECK(to_hex(encode_inhibits(0xFFFF, 16)) == "FF FF");
  CHECK(to_hex(encode_inhibits(0x1FFFF, 17)) == "FF FF 01");
}

TEST_CASE("generic reply vectors (3.6)") {
  round_trip(true, "F0", "7F 80 01 F0 23 80");
  round_trip(true, "F8", "7F 80 01 F8 10 00");
  round_trip(true, "F5", "7F 80 01 F5 3D 80");
  CHECK(std::string(response_name(0xFA)) == "key_not_set");
}

TEST_CASE("poll reply vectors (3.6) and their events") {
  struct V {
    const char* data;
    const char* wire;
    std::vector<PollEvent> events;
  };
  const V vs[] = {
      {"F0 F1 E8", "7F 80 03 F0 F1 E8 BF 8C", {{0xF1, {}}, {0xE8, {}}}},
      {"F0 EF 00", "7F 80 03 F0 EF 00 CF CA", {{0xEF, 0}}},
      {"F0 EF 03", "7F 80 03 F0 EF 03 C5 CA", {{0xEF, 3}}},
      {"F0 EE 01 EB", "7F 80 04 F0 EE 01 EB B9 48", {{0xEE, 1}, {0xEB, {}}}},
      {"F0 CC", "7F 80 02 F0 CC 97 A2", {{0xCC, {}}}},
      {"F0 EC", "7F 80 02 F0 EC 54 22", {{0xEC, {}}}},
      {"F0 E9", "7F 80 02 F0 E9 4A 22", {{0xE9, {}}}},
      {"F0 EA", "7F 80 02 F0 EA 40 22", {{0xEA, {}}}},
      {"F0 E7", "7F 80 02 F0 E7 6D A2", {{0xE7, {}}}},
  };
  for (const auto& v : vs) {
    CAPTURE(v.wire);
    round_trip(true, v.data, v.wire);
    auto p = parse_poll_reply(hex(v.data));
    REQUIRE(p.has_value());
    CHECK(p->events == v.events);
    CHECK_FALSE(p->unknown_code.has_value());
    CHECK(to_hex(encode_poll_reply(v.events)) == to_hex(hex(v.data)));
  }
}

TEST_CASE("stuffing vector (3.6): a 7F in the data is doubled") {
  round_trip(true, "11 7F", "7F 80 02 11 7F 7F 31 E7");
}

TEST_CASE("key exchange vectors (3.6)") {
  round_trip(true, "4A C5 05 8F 3A 00 00 00 00", "7F 80 09 4A C5 05 8F 3A 00 00 00 00 B2 73");
  CHECK(to_hex(le64(982451653)) == "C5 05 8F 3A 00 00 00 00");
  round_trip(true, "4B 8D A6 13 00 00 00 00 00", "7F 80 09 4B 8D A6 13 00 00 00 00 00 6C F6");
  CHECK(to_hex(le64(1287821)) == "8D A6 13 00 00 00 00 00");
  round_trip(true, "4C 79 C8 9C E2 DE 06 00 00", "7F 80 09 4C 79 C8 9C E2 DE 06 00 00 9D 52");
  round_trip(true, "F0 23 68 1B FA E5 3C 27 DB", "7F 80 09 F0 23 68 1B FA E5 3C 27 DB 80 8A");
  CHECK(read_le64(hex("79 C8 9C E2 DE 06 00 00")) == 0x06DEE29CC879ULL);
}

TEST_CASE("stuffing round trips: every byte value in every position, CRC included") {
  for (int v = 0; v < 256; ++v) {
    Bytes data{0x07, static_cast<std::uint8_t>(v), 0x7F, static_cast<std::uint8_t>(v), 0x7F, 0x7F};
    for (bool seq : {false, true}) {
      const Bytes wire = encode_packet(0, seq, data);
      // No lone 7F after the STX.
      for (std::size_t i = 1; i < wire.size(); ++i)
        if (wire[i] == 0x7F) {
          REQUIRE(i + 1 < wire.size());
          REQUIRE(wire[i + 1] == 0x7F);
          ++i;
        }
      SspFrameReader r;
      auto out = r.feed(wire);
      REQUIRE(out.size() == 1);
      REQUIRE(out[0].has_value());
      CHECK(out[0]->data == data);
    }
  }
}

TEST_CASE("encode refuses empty or oversized data and bad addresses") {
  CHECK(encode_packet(0, true, {}).empty());
  CHECK(encode_packet(0, true, Bytes(256, 1)).empty());
  CHECK(encode_packet(0x7E, true, hex("07")).empty());
  CHECK_FALSE(encode_packet(0, true, Bytes(255, 1)).empty());
}

TEST_CASE("poll parser: unknown code stops, cut data is an error, non-OK is an error") {
  auto p = parse_poll_reply(hex("F0 EE 02 99 EB"));
  REQUIRE(p.has_value());
  CHECK(p->events.size() == 1);
  CHECK(p->unknown_code == 0x99);
  CHECK_FALSE(parse_poll_reply(hex("F0 EE")).has_value());
  CHECK_FALSE(parse_poll_reply(hex("F5")).has_value());
  CHECK_FALSE(parse_poll_reply({}).has_value());
  auto empty = parse_poll_reply(hex("F0"));
  REQUIRE(empty.has_value());
  CHECK(empty->events.empty());
}

TEST_CASE("setup reply: protocol 6+ expanded values, KZT both series, inhibit bits") {
  const std::vector<std::uint32_t> values{500, 1000, 2000, 5000, 10000, 20000, 1000, 5000};
  const Bytes d = encode_setup_reply(values, "KZT", "0400", 7);
  auto s = parse_setup_reply(d);
  REQUIRE(s.has_value());
  CHECK(s->unit_type == 0);
  CHECK(s->firmware == "0400");
  CHECK(s->country == "KZT");
  CHECK(s->protocol_version == 7);
  REQUIRE(s->channels.size() == 8);
  CHECK(s->channels[5].value == 20000);
  CHECK(s->channels[6].country == "KZT");
  CHECK(s->amount_of(8) == Kzt{5000});
  CHECK_FALSE(s->amount_of(9).has_value());
  CHECK_FALSE(s->amount_of(0).has_value());
  CHECK(s->denominations() ==
        std::vector<Kzt>{Kzt{500}, Kzt{1000}, Kzt{2000}, Kzt{5000}, Kzt{10000}, Kzt{20000}});
  // Both series of 1000 and 5000 are enabled together.
  CHECK(s->inhibit_bits_for({Kzt{1000}, Kzt{5000}}) == 0b11001010);
  CHECK(s->inhibit_bits_for({}) == 0);
}

TEST_CASE("setup reply: protocol below 6 uses channel value x multiplier") {
  // unit 00, fw "0400", "KZT", multiplier 000064 (100), 3 channels 05 0A 14, security, real
  // multiplier 000001, protocol 5.
  const Bytes d = hex("F0 00 30 34 30 30 4B 5A 54 00 00 64 03 05 0A 14 02 02 02 00 00 01 05");
  auto s = parse_setup_reply(d);
  REQUIRE(s.has_value());
  CHECK(s->value_multiplier == 100);
  CHECK(s->denominations() == std::vector<Kzt>{Kzt{500}, Kzt{1000}, Kzt{2000}});
}

TEST_CASE("setup reply: foreign currency and unit scale are configurable, short replies fail") {
  const Bytes d = encode_setup_reply({500, 1000}, "EUR", "0400", 7);
  auto foreign = parse_setup_reply(d);
  REQUIRE(foreign.has_value());
  CHECK(foreign->denominations().empty());
  ValueRules rules;
  rules.accepted_countries = {"EUR"};
  rules.units_per_tenge = 100;
  auto scaled = parse_setup_reply(d, rules);
  REQUIRE(scaled.has_value());
  CHECK(scaled->denominations() == std::vector<Kzt>{Kzt{5}, Kzt{10}});
  Bytes cut = d;
  cut.resize(14);
  CHECK_FALSE(parse_setup_reply(cut).has_value());
  CHECK_FALSE(parse_setup_reply(hex("F0 00")).has_value());
}
