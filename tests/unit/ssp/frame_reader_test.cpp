// SspFrameReader: garbage, split delivery, truncation, bad CRC, false STX, stuffing at the edges.
#include <doctest/doctest.h>

#include "devices/ssp/ssp_codec.hpp"
#include "hex.hpp"

using namespace ssp_test;
using namespace kiosk::devices;
using namespace kiosk::devices::ssp;

namespace {

std::vector<Packet> packets(const std::vector<FrameResult>& rs) {
  std::vector<Packet> out;
  for (const auto& r : rs)
    if (r) out.push_back(*r);
  return out;
}

std::size_t errors(const std::vector<FrameResult>& rs, FrameError::Kind k) {
  std::size_t n = 0;
  for (const auto& r : rs) n += !r && r.error().kind == k;
  return n;
}

}  // namespace

TEST_CASE("garbage before a packet is skipped") {
  SspFrameReader r;
  auto out = r.feed(hex("00 11 22 F0 80 7F 80 01 F0 23 80"));
  auto ps = packets(out);
  REQUIRE(ps.size() == 1);
  CHECK(to_hex(ps[0].data) == "F0");
  CHECK(r.skipped_bytes() == 5);
}

TEST_CASE("byte-by-byte delivery gives the same packets") {
  const Bytes wire = hex("7F 80 02 11 7F 7F 31 E7 7F 80 04 F0 EE 01 EB B9 48");
  SspFrameReader r;
  std::vector<Packet> got;
  for (auto b : wire) {
    auto ps = packets(r.feed(ByteView(&b, 1)));
    got.insert(got.end(), ps.begin(), ps.end());
  }
  REQUIRE(got.size() == 2);
  CHECK(to_hex(got[0].data) == "11 7F");
  CHECK(to_hex(got[1].data) == "F0 EE 01 EB");
}

TEST_CASE("a packet cut short by a new STX is reported and the next one is read") {
  SspFrameReader r;
  auto out = r.feed(hex("7F 80 04 F0 EE 7F 80 01 F0 23 80"));
  CHECK(errors(out, FrameError::Kind::Truncated) == 1);
  auto ps = packets(out);
  REQUIRE(ps.size() == 1);
  CHECK(to_hex(ps[0].data) == "F0");
}

TEST_CASE("a bad CRC is an error and is never delivered; the next packet is") {
  SspFrameReader r;
  auto out = r.feed(hex("7F 80 04 F0 EE 01 EB B9 49 7F 80 01 F0 23 80"));
  CHECK(errors(out, FrameError::Kind::BadCrc) == 1);
  auto ps = packets(out);
  REQUIRE(ps.size() == 1);
  CHECK(to_hex(ps[0].data) == "F0");
}

TEST_CASE("a stray 7F right before the real STX does not hide the packet") {
  SspFrameReader r;
  auto ps = packets(r.feed(hex("7F 7F 80 01 F0 23 80")));
  REQUIRE(ps.size() == 1);
  CHECK(ps[0].seq);
}

TEST_CASE("a partial packet waits for the rest; reset() drops it") {
  SspFrameReader r;
  CHECK(r.feed(hex("7F 80 04 F0 EE")).empty());
  CHECK(r.buffered() > 0);
  auto ps = packets(r.feed(hex("01 EB B9 48")));
  REQUIRE(ps.size() == 1);
  CHECK(r.buffered() == 0);
  CHECK(r.feed(hex("7F 80 04 F0")).empty());
  r.reset();
  CHECK(r.buffered() == 0);
  CHECK(packets(r.feed(hex("EE 01 EB B9 48"))).empty());  // the tail alone is garbage
}

TEST_CASE("a stuffed 7F split across two reads") {
  SspFrameReader r;
  CHECK(r.feed(hex("7F 80 02 11 7F")).empty());
  auto ps = packets(r.feed(hex("7F 31 E7")));
  REQUIRE(ps.size() == 1);
  CHECK(to_hex(ps[0].data) == "11 7F");
}

TEST_CASE("a zero LEN packet and a slave id above 7D are errors") {
  const Bytes body{0x80, 0x00};
  const std::uint16_t crc = crc16(body);
  Bytes wire{0x7F, 0x80, 0x00, static_cast<std::uint8_t>(crc), static_cast<std::uint8_t>(crc >> 8)};
  SspFrameReader r;
  auto out = r.feed(wire);
  REQUIRE(out.size() == 1);
  CHECK_FALSE(out[0].has_value());
  const Bytes body2{0xFE, 0x01, 0xF0};
  const std::uint16_t crc2 = crc16(body2);
  Bytes wire2{0x7F,
              0xFE,
              0x01,
              0xF0,
              static_cast<std::uint8_t>(crc2),
              static_cast<std::uint8_t>(crc2 >> 8)};
  auto out2 = r.feed(wire2);
  CHECK(errors(out2, FrameError::Kind::BadAddress) == 1);
}

TEST_CASE("the buffer stays below one packet whatever arrives") {
  SspFrameReader r;
  Bytes noise;
  for (int i = 0; i < 2000; ++i) noise.push_back(static_cast<std::uint8_t>(i * 37 + 11));
  (void)r.feed(noise);
  CHECK(r.buffered() < kMaxData + 5);
}
