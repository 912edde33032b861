// Every vector of shared/reference/cash-devices.md 4.3, encoded and decoded, and codec round trips.
#include <doctest/doctest.h>

#include "devices/lcdm/lcdm2000_codec.hpp"
#include "devices/lcdm/lcdm4000_codec.hpp"
#include "tests/unit/ccnet/hex.hpp"  // hex() / to_hex(), shared with the CCNET tests

using namespace kiosk::devices;
using namespace kiosk::devices::lcdm;
using ccnet_test::hex;
using ccnet_test::to_hex;

namespace {

// Decodes one whole response frame with the family's reader (and checks nothing is left over).
Frame one_frame(const FrameLayout& layout, const Bytes& wire) {
  LcdmFrameReader r(layout);
  auto items = r.feed(wire);
  REQUIRE(items.size() == 1);
  REQUIRE(items[0].has_value());
  REQUIRE(items[0]->kind == LinkItem::Kind::Frame);
  CHECK(r.buffered() == 0);
  return items[0]->frame;
}

}  // namespace

TEST_CASE("4.3 LCDM-2000 command vectors") {
  CHECK(to_hex(encode2000(Cmd2000::Purge)) == "04 50 02 44 03 11");
  CHECK(to_hex(encode2000(Cmd2000::Status)) == "04 50 02 46 03 13");
  CHECK(to_hex(encode2000(Cmd2000::RomVersion)) == "04 50 02 47 03 12");
  CHECK(to_hex(encode2000_dispense(5, 0)) == "04 50 02 45 30 35 03 15");
  CHECK(to_hex(encode2000_dispense(0, 12)) == "04 50 02 55 31 32 03 03");
  CHECK(to_hex(encode2000_dispense(2, 3)) == "04 50 02 56 30 32 30 33 03 02");
  CHECK(to_hex(encode2000(Cmd2000::UpperTestDispense)) == "04 50 02 76 03 23");
  CHECK(to_hex(encode2000(Cmd2000::LowerTestDispense)) == "04 50 02 77 03 22");
}

TEST_CASE("4.3 LCDM-2000 command vectors decode on the device side") {
  const Frame f = one_frame(commands2000(), hex("04 50 02 56 30 32 30 33 03 02"));
  CHECK(f.cmd == 0x56);
  CHECK(parse2000_dispense_command(f) == std::array<int, 2>{2, 3});
  CHECK(parse2000_dispense_command(one_frame(commands2000(), hex("04 50 02 55 31 32 03 03"))) ==
        std::array<int, 2>{0, 12});
  CHECK(one_frame(commands2000(), hex("04 50 02 44 03 11")).cmd == 0x44);
}

TEST_CASE("4.3 LCDM-2000 response vectors") {
  const auto layout = responses2000(true);
  SUBCASE("purge ok") {
    const Bytes wire = hex("01 50 02 44 30 03 24");
    CHECK(encode2000_purge_reply(0x30) == wire);
    CHECK(parse2000_purge_reply(one_frame(layout, wire)) == std::uint8_t{0x30});
  }
  SUBCASE("status: ERR 30, sensors 80/06") {
    const Bytes wire = hex("01 50 02 46 30 30 80 06 03 90");
    auto s = parse2000_status_reply(one_frame(layout, wire));
    REQUIRE(s);
    CHECK(*s == StatusReply2000{0x30, 0x80, 0x06});
    CHECK(encode2000_status_reply(*s) == wire);
  }
  SUBCASE("upper 5 ok") {
    const Bytes wire = hex("01 50 02 45 30 35 30 35 30 30 30 30 03 15");
    auto r = parse2000_dispense_reply(one_frame(layout, wire));
    REQUIRE(r);
    CHECK(r->error == 0x30);
    REQUIRE(r->counts.size() == 1);
    CHECK(r->counts[0] == Counts2000{5, 5, 0, 0x30});
    CHECK(encode2000_dispense_reply(Cmd2000::UpperDispense, *r) == wire);
  }
  SUBCASE("upper 5: 4 out, pickup error, 1 reject") {
    const Bytes wire = hex("01 50 02 45 30 35 30 34 32 30 30 31 03 17");
    auto r = parse2000_dispense_reply(one_frame(layout, wire));
    REQUIRE(r);
    CHECK(r->error == err2000::PickupError);
    CHECK(std::string(error_name_2000(r->error)) == "pickup_error");
    CHECK(r->counts[0] == Counts2000{5, 4, 1, 0x30});
    CHECK(encode2000_dispense_reply(Cmd2000::UpperDispense, *r) == wire);
  }
}

TEST_CASE("4.3 LCDM-4000 vectors") {
  CHECK(to_hex(encode4000(Cmd4000::Reset)) == "04 30 02 44 03 71");
  CHECK(to_hex(encode4000(Cmd4000::Status)) == "04 30 02 50 03 65");
  CHECK(to_hex(encode4000(Cmd4000::Purge)) == "04 30 02 51 03 64");
  const Bytes dispense = hex("04 30 02 52 23 21 20 20 20 20 20 20 20 20 20 20 20 20 20 03 45");
  CHECK(encode4000_dispense({3, 1, 0, 0}, DispenseLayout4000::Fifteen) == dispense);
  CHECK(parse4000_dispense_command(one_frame(commands4000(DispenseLayout4000::Fifteen), dispense),
                                   DispenseLayout4000::Fifteen) == std::array<int, 4>{3, 1, 0, 0});

  const Bytes ok =
      hex("01 30 02 52 20 30 23 20 31 21 20 32 20 20 30 20 20 30 20 20 20 20 20 20 20 20 20 03 53");
  auto r = parse4000_operation_reply(one_frame(responses4000(), ok));
  REQUIRE(r);
  CHECK(r->error == 0x20);
  CHECK(r->cassettes[0] == Counts4000{3, 0, true});
  CHECK(r->cassettes[1] == Counts4000{1, 0, true});
  CHECK(r->cassettes[2] == Counts4000{0, 0, false});
  CHECK(r->cassettes[3] == Counts4000{0, 0, false});
  CHECK(encode4000_operation_reply(Cmd4000::Dispense, *r) == ok);
}

TEST_CASE("BCC is the XOR from START through ETX") {
  CHECK(bcc(hex("04 50 02 46 03")) == 0x13);
  const Bytes f = encode_frame(kSoh, kId4000, 0x50, hex("20 21"));
  CHECK(f.back() == bcc(ByteView(f).first(f.size() - 1)));
}

TEST_CASE("ASCII counts: every value 0..99 round-trips, the rest are refused") {
  for (int n = 0; n <= 99; ++n) {
    auto d = ascii2(n);
    REQUIRE(d);
    CHECK(parse_ascii2((*d)[0], (*d)[1]) == n);
  }
  CHECK_FALSE(ascii2(100));
  CHECK_FALSE(ascii2(-1));
  CHECK_FALSE(parse_ascii2('3', 'A'));
  CHECK_FALSE(parse_ascii2(0x2F, '0'));
  CHECK(encode2000_dispense(0, 0).empty());
  CHECK(encode2000_dispense(100, 0).empty());
}

TEST_CASE("LCDM-2000 upper+lower dispense reply round-trips") {
  DispenseReply2000 r{err2000::JamExit, {Counts2000{7, 6, 1, 0x31}, Counts2000{3, 2, 0, 0x30}}};
  const Bytes wire = encode2000_dispense_reply(Cmd2000::UpperLowerDispense, r);
  CHECK(wire.size() == kFrameOverhead + 15);
  auto back = parse2000_dispense_reply(one_frame(responses2000(false), wire));
  REQUIRE(back);
  CHECK(*back == r);
}

TEST_CASE("LCDM-2000 ROM version") {
  auto v = parse2000_rom_version(
      one_frame(responses2000(false), encode2000_rom_version_reply("T20T5624")));
  REQUIRE(v);
  CHECK(v->raw == "T20T5624");
  CHECK(v->model == 'T');
  CHECK(v->version == "20");
}

TEST_CASE("LCDM-2000 parsers refuse wrong shapes") {
  Frame f{kSoh, kId2000, 0x45, hex("30 35 30 3A 30 30 30 30")};  // EXIT not digits
  CHECK_FALSE(parse2000_dispense_reply(f));
  f.data.pop_back();
  CHECK_FALSE(parse2000_dispense_reply(f));
  CHECK_FALSE(parse2000_status_reply(Frame{kSoh, kId2000, 0x46, hex("30 30 80")}));
  CHECK_FALSE(parse2000_dispense_reply(Frame{kSoh, kId2000, 0x46, hex("30 30 80 06")}));
}

TEST_CASE("LCDM-4000 round trips: status, purge, last status, 7-byte dispense") {
  StatusReply4000 s;
  s.error = 0x20;
  s.disp = 0x04;
  s.cassettes[0] = {0x38, 0x31, 12, 130};
  s.cassettes[1] = {0x30, 0x30, 0, 0};
  auto sb = parse4000_status_reply(one_frame(responses4000(), encode4000_status_reply(s)));
  REQUIRE(sb);
  CHECK(*sb == s);

  OperationReply4000 p;
  p.error = 0x20 + err4000::NoRejectTray;
  p.cassettes[2] = {0, 0, true};
  auto pb = parse4000_operation_reply(
      one_frame(responses4000(), encode4000_operation_reply(Cmd4000::Purge, p)));
  REQUIRE(pb);
  CHECK(*pb == p);

  OperationReply4000 l;
  l.last_cmd = 0x52;
  l.error = 0x20 + err4000::JamEjtExit;
  l.cassettes[0] = {4, 2, true};
  auto lb = parse4000_operation_reply(
      one_frame(responses4000(), encode4000_operation_reply(Cmd4000::LastStatus, l)));
  REQUIRE(lb);
  CHECK(*lb == l);

  const Bytes seven = encode4000_dispense({2, 5, 0, 0}, DispenseLayout4000::Seven, 3);
  CHECK(to_hex(seven) == to_hex(encode4000(Cmd4000::Dispense, hex("22 25 20 20 20 20 23"))));
  CHECK(parse4000_dispense_command(one_frame(commands4000(DispenseLayout4000::Seven), seven),
                                   DispenseLayout4000::Seven) == std::array<int, 4>{2, 5, 0, 0});
  CHECK(encode4000_dispense({0, 0, 1, 0}, DispenseLayout4000::Seven).empty());
  CHECK(encode4000_dispense({101, 0, 0, 0}, DispenseLayout4000::Fifteen).empty());
}

TEST_CASE("error names: every listed code has a name, others are unknown") {
  for (int c : {0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x3A, 0x3B, 0x3C, 0x3D, 0x3F, 0x40,
                0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4A, 0x4C, 0x4E})
    CHECK(std::string(error_name_2000(static_cast<std::uint8_t>(c))) != "unknown_error");
  CHECK(std::string(error_name_2000(0x39)) == "unknown_error");
  CHECK(std::string(error_name_2000(0x45)) == "upper_cassette_missing");
  for (int c = 0x01; c <= 0x0E; ++c)
    CHECK(std::string(error_name_4000(static_cast<std::uint8_t>(c))) != "unknown_error");
  for (int c : {0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36,
                0x40, 0x41, 0x42, 0x43})
    CHECK(std::string(error_name_4000(static_cast<std::uint8_t>(c))) != "unknown_error");
  CHECK(std::string(error_name_4000(0x24)) == "no_cassette");
  CHECK(std::string(error_name_4000(0x0F)) == "unknown_error");
  CHECK_FALSE(is_error_2000(0x30));
  CHECK_FALSE(is_error_2000(0x31));
  CHECK(is_error_2000(0x32));
}
