// Every CCNET vector of shared/reference/cash-devices.md section 1.7, encoded and decoded.
#include <doctest/doctest.h>

#include <string>

#include "devices/ccnet/ccnet_codec.hpp"
#include "hex.hpp"

using namespace kiosk::devices;
using namespace kiosk::devices::ccnet;
using ccnet_test::hex;
using ccnet_test::to_hex;

namespace {

Frame decode_one(const Bytes& wire) {
  CcnetFrameReader r;
  auto out = r.feed(wire);
  REQUIRE(out.size() == 1);
  REQUIRE(out[0].has_value());
  CHECK(r.buffered() == 0);
  CHECK(r.skipped_bytes() == 0);
  return *out[0];
}

// The bill table reply of the reference: 200..20000 "KAZ" in types 0..6, 17 empty slots.
Bytes reference_bill_table_frame() {
  std::string h =
      "02 03 7D 02 4B 41 5A 02 05 4B 41 5A 02 01 4B 41 5A 03 02 4B 41 5A 03"
      " 05 4B 41 5A 03 01 4B 41 5A 04 02 4B 41 5A 04";
  for (int i = 0; i < 17; ++i) h += " 00 00 00 00 00";
  h += " 43 2F";
  return hex(h);
}

}  // namespace

TEST_CASE("CRC-16/KERMIT check value") {
  const std::string s = "123456789";
  CHECK(crc16_kermit(ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size())) ==
        0x2189);
}

TEST_CASE("host command vectors encode byte for byte") {
  CHECK(to_hex(encode_command(Command::Reset)) == "02 03 06 30 41 B3");
  CHECK(to_hex(encode_command(Command::Poll)) == "02 03 06 33 DA 81");
  CHECK(to_hex(encode_command(Command::GetStatus)) == "02 03 06 31 C8 A2");
  CHECK(to_hex(encode_command(Command::Stack)) == "02 03 06 35 EC E4");
  CHECK(to_hex(encode_set_security(BillTypeMask{})) == "02 03 09 32 00 00 00 26 1F");
  CHECK(to_hex(encode_command(Command::Return)) == "02 03 06 36 77 D6");
  CHECK(to_hex(encode_command(Command::Identification)) == "02 03 06 37 FE C7");
  CHECK(to_hex(encode_command(Command::Hold)) == "02 03 06 38 09 3F");
  CHECK(to_hex(encode_command(Command::GetBillTable)) == "02 03 06 41 4F D1");
  CHECK(to_hex(encode_enable_bill_types(BillTypeMask::all(), BillTypeMask::all())) ==
        "02 03 0C 34 FF FF FF FF FF FF FE F7");
  BillTypeMask types0to5;
  for (std::size_t t = 0; t <= 5; ++t) types0to5.set(t);
  CHECK(to_hex(encode_enable_bill_types(types0to5, BillTypeMask{})) ==
        "02 03 0C 34 00 00 3F 00 00 00 1C F2");
  CHECK(to_hex(encode_enable_bill_types(BillTypeMask{}, BillTypeMask{})) ==
        "02 03 0C 34 00 00 00 00 00 00 17 0C");
  CHECK(to_hex(encode_ack()) == "02 03 06 00 C2 82");
  CHECK(to_hex(encode_nak()) == "02 03 06 FF BA 8D");
}

TEST_CASE("host command vectors decode back to their payloads") {
  CHECK(decode_one(hex("02 03 06 30 41 B3")).payload == Bytes{0x30});
  CHECK(decode_one(hex("02 03 0C 34 00 00 3F 00 00 00 1C F2")).payload ==
        hex("34 00 00 3F 00 00 00"));
  CHECK(decode_one(hex("02 03 06 00 C2 82")).is_ack());
  CHECK(decode_one(hex("02 03 06 FF BA 8D")).is_nak());
  CHECK(decode_one(hex("02 03 09 32 00 00 00 26 1F")).payload == hex("32 00 00 00"));
}

TEST_CASE("device status vectors decode to poll statuses, and re-encode") {
  struct V {
    const char* wire;
    std::uint8_t code;
    std::optional<std::uint8_t> data;
  };
  const V vectors[] = {
      {"02 03 06 10 43 92", status::PowerUp, {}},
      {"02 03 06 13 D8 A0", status::Initialize, {}},
      {"02 03 06 14 67 D4", status::Idling, {}},
      {"02 03 06 15 EE C5", status::Accepting, {}},
      {"02 03 06 19 82 0F", status::UnitDisabled, {}},
      {"02 03 06 17 FC E6", status::Stacking, {}},
      {"02 03 07 80 02 9E 10", status::EscrowPosition, 2},
      {"02 03 07 81 02 46 09", status::BillStacked, 2},
      {"02 03 07 82 02 2E 23", status::BillReturned, 2},
      {"02 03 07 1C 68 3F 6C", status::Rejecting, 0x68},
      {"02 03 06 41 4F D1", status::CassetteFull, {}},
      {"02 03 06 42 D4 E3", status::CassetteOutOfPosition, {}},
      {"02 03 06 43 5D F2", status::ValidatorJammed, {}},
      {"02 03 07 47 50 AB E6", status::Failed, 0x50},
  };
  for (const auto& v : vectors) {
    CAPTURE(v.wire);
    const Frame f = decode_one(hex(v.wire));
    CHECK(f.address == kBillValidatorAddress);
    auto s = parse_poll_reply(f.payload);
    REQUIRE(s);
    CHECK(s->code == v.code);
    CHECK(s->data == v.data);
    CHECK(to_hex(encode_frame(kBillValidatorAddress, f.payload)) == to_hex(hex(v.wire)));
  }
  CHECK(std::string(reject_reason_name(0x68)) == "inhibited_denomination");
  CHECK(std::string(failure_name(0x50)) == "stack_motor");
}

TEST_CASE("GET STATUS reply vector: types 0-5 enabled, no security") {
  const Frame f = decode_one(hex("02 03 0B 00 00 3F 00 00 00 A3 99"));
  auto r = parse_get_status_reply(f.payload);
  REQUIRE(r);
  CHECK(r->enabled.bits() == 0x3F);
  CHECK(r->security.empty());
  CHECK_FALSE(f.is_ack());  // six bytes starting with 00 is data, not an ACK
}

TEST_CASE("ILLEGAL COMMAND reply is the same bytes as host RESET") {
  const Frame f = decode_one(hex("02 03 06 30 41 B3"));
  CHECK(f.payload == Bytes{kIllegalCommand});
}

TEST_CASE("bill table vector: 200..20000 KAZ in types 0..6") {
  const Bytes wire = reference_bill_table_frame();
  REQUIRE(wire.size() == 0x7D);
  const Frame f = decode_one(wire);
  auto table = parse_bill_table(f.payload);
  REQUIRE(table);
  REQUIRE(table->entries().size() == 7);
  CHECK(table->entries()[0].currency == "KAZ");
  CHECK(table->entries()[0].digit == 2);
  CHECK(table->entries()[0].power == 2);
  using kiosk::flows::Kzt;
  const std::vector<Kzt> expected{Kzt{200},  Kzt{500},   Kzt{1000}, Kzt{2000},
                                  Kzt{5000}, Kzt{10000}, Kzt{20000}};
  CHECK(table->denominations() == expected);
  CHECK(table->amount_of(2) == Kzt{1000});
  CHECK_FALSE(table->amount_of(7));
  CHECK(table->mask_for({Kzt{500}, Kzt{20000}}).bits() == 0b1000010);
  // The simulator's encoder produces the reference bytes exactly.
  CHECK(to_hex(encode_frame(kBillValidatorAddress, encode_bill_table(expected, "KAZ"))) ==
        to_hex(wire));
}

TEST_CASE("bill table currency codes are configurable; KZT accepted by default") {
  using kiosk::flows::Kzt;
  auto kzt = parse_bill_table(encode_bill_table({Kzt{1000}, Kzt{5000}}, "KZT"));
  REQUIRE(kzt);
  CHECK(kzt->denominations() == std::vector<Kzt>{Kzt{1000}, Kzt{5000}});
  auto rub = parse_bill_table(encode_bill_table({Kzt{1000}}, "RUS"));
  REQUIRE(rub);
  CHECK(rub->entries().size() == 1);
  CHECK(rub->denominations().empty());
  CHECK(rub->mask_for({Kzt{1000}}).empty());
  auto only_kaz = parse_bill_table(encode_bill_table({Kzt{1000}}, "KZT"), {"KAZ"});
  REQUIRE(only_kaz);
  CHECK(only_kaz->denominations().empty());
}

TEST_CASE("bill table: negative power (bit 7) is not a whole-tenge note; wrong size refused") {
  Bytes t(kBillTableSize, 0);
  const std::uint8_t coin[] = {5, 'K', 'A', 'Z', 0x82};  // 5 x 10^-2
  std::copy(std::begin(coin), std::end(coin), t.begin());
  auto table = parse_bill_table(t);
  REQUIRE(table);
  CHECK(table->entries()[0].power == -2);
  CHECK_FALSE(table->entries()[0].amount);
  CHECK_FALSE(parse_bill_table(Bytes(119, 0)));
  CHECK_FALSE(parse_bill_table(Bytes(121, 0)));
}

TEST_CASE("two series of one denomination both enable") {
  using kiosk::flows::Kzt;
  auto table = parse_bill_table(encode_bill_table({Kzt{5000}, Kzt{1000}, Kzt{5000}}, "KAZ"));
  REQUIRE(table);
  CHECK(table->denominations() == std::vector<Kzt>{Kzt{1000}, Kzt{5000}});
  CHECK(table->mask_for({Kzt{5000}}).bits() == 0b101);
}

TEST_CASE("identification: part, serial, asset number") {
  const Identification id{"SM-KZ1702", "41K012345678", "00010203040506"};
  const Bytes payload = encode_identification(id);
  CHECK(payload.size() == 34);
  auto back = parse_identification(payload);
  REQUIRE(back);
  CHECK(*back == id);
  auto no_asset = parse_identification(ByteView(payload).first(27));
  REQUIRE(no_asset);
  CHECK(no_asset->asset_number.empty());
  CHECK_FALSE(parse_identification(ByteView(payload).first(26)));
}

TEST_CASE("poll reply parser refuses malformed statuses") {
  CHECK_FALSE(parse_poll_reply(Bytes{}));
  CHECK_FALSE(parse_poll_reply(Bytes{0x80}));      // escrow without bill type
  CHECK_FALSE(parse_poll_reply(Bytes{0x81, 24}));  // bill type out of range
  CHECK_FALSE(parse_poll_reply(Bytes{kAck}));
  CHECK_FALSE(parse_poll_reply(Bytes{kNak}));
  auto busy = parse_poll_reply(Bytes{0x1B});  // busy with no time byte is tolerated
  REQUIRE(busy);
  CHECK_FALSE(busy->data);
}

TEST_CASE("bill type mask wire layout: type 0 is bit 0 of the third byte") {
  BillTypeMask m;
  m.set(0);
  m.set(8);
  m.set(23);
  m.set(24);  // out of range, ignored
  CHECK(m.to_wire() == std::array<std::uint8_t, 3>{0x80, 0x01, 0x01});
  CHECK(BillTypeMask::from_wire(m.to_wire().data()) == m);
  CHECK(m.has(23));
  CHECK_FALSE(m.has(24));
}
