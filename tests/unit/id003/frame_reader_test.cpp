// The ID003 frame reader on garbage, split delivery, truncation, bad CRC, false SYNC and length
// errors.
#include <doctest/doctest.h>

#include "devices/id003/id003_codec.hpp"
#include "hex.hpp"

using namespace id003_test;
using namespace kiosk::devices::id003;
using kiosk::devices::Bytes;

namespace {

std::size_t good(const std::vector<FrameResult>& v) {
  std::size_t n = 0;
  for (const auto& r : v) n += r.has_value();
  return n;
}

}  // namespace

TEST_CASE("garbage before a frame is skipped and counted") {
  Id003FrameReader r;
  Bytes in = hex("00 13 FF 27");
  const Bytes f = hex("FC 06 13 63 A2 D8");
  in.insert(in.end(), f.begin(), f.end());
  auto out = r.feed(in);
  REQUIRE(out.size() == 1);
  REQUIRE(out[0]);
  CHECK(out[0]->cmd == status::Escrow);
  CHECK(out[0]->data == Bytes{0x63});
  CHECK(r.skipped_bytes() == 4);
  CHECK(r.buffered() == 0);
}

TEST_CASE("a frame split over many reads, byte by byte") {
  Id003FrameReader r;
  const Bytes f = hex("FC 06 49 A2 A0 21");
  for (std::size_t i = 0; i + 1 < f.size(); ++i) CHECK(r.feed(Bytes{f[i]}).empty());
  auto out = r.feed(Bytes{f.back()});
  REQUIRE(out.size() == 1);
  REQUIRE(out[0]);
  CHECK(out[0]->cmd == status::Failure);
}

TEST_CASE("two frames in one read, and a truncated one kept for later") {
  Id003FrameReader r;
  Bytes in = hex("FC 05 11 27 56 FC 05 15 03 10 FC 05 16");
  auto out = r.feed(in);
  CHECK(good(out) == 2);
  CHECK(r.buffered() == 3);
  out = r.feed(hex("98 22"));
  REQUIRE(out.size() == 1);
  CHECK(out[0]->cmd == status::Stacked);
}

TEST_CASE("a bad CRC is reported and never decoded; the next frame is still found") {
  Id003FrameReader r;
  Bytes in = hex("FC 05 15 03 11 FC 05 11 27 56");
  auto out = r.feed(in);
  REQUIRE(out.size() == 2);
  CHECK_FALSE(out[0]);
  CHECK(out[0].error().kind == FrameError::Kind::BadCrc);
  REQUIRE(out[1]);
  CHECK(out[1]->cmd == status::Idling);
}

TEST_CASE("a false SYNC with a long LNG does not swallow the real frame behind it") {
  Id003FrameReader r;
  Bytes in = hex("FC 80 FC 05 15 03 10");  // FC 80: a 128-byte frame that never completes
  auto out = r.feed(in);
  REQUIRE(good(out) == 1);
  CHECK(out.back()->cmd == status::VendValid);
  CHECK(r.buffered() == 0);
}

TEST_CASE("LNG below 5 is a length error; scanning continues after the SYNC") {
  Id003FrameReader r;
  auto out = r.feed(hex("FC 03 FC 05 1A F4 E8"));
  REQUIRE(out.size() == 2);
  CHECK_FALSE(out[0]);
  CHECK(out[0].error().kind == FrameError::Kind::BadLength);
  CHECK(out[1]->cmd == status::Disabled);
}

TEST_CASE("SYNC bytes inside data do not confuse the reader") {
  Id003FrameReader r;
  const Bytes f = encode_frame(0x88, hex("FC FC 05 FC"));
  auto out = r.feed(f);
  REQUIRE(out.size() == 1);
  REQUIRE(out[0]);
  CHECK(out[0]->data == hex("FC FC 05 FC"));
}

TEST_CASE("random garbage never leaves more than one frame buffered; reset drops it") {
  Id003FrameReader r;
  std::uint32_t x = 12345;
  for (int i = 0; i < 5000; ++i) {
    x = x * 1103515245 + 12345;
    Bytes b{static_cast<std::uint8_t>(x >> 16), static_cast<std::uint8_t>(x >> 8)};
    if (i % 7 == 0) b[0] = kSync;
    (void)r.feed(b);
    REQUIRE(r.buffered() < kMaxFrameSize);
  }
  r.reset();
  CHECK(r.buffered() == 0);
  auto out = r.feed(hex("FC 05 11 27 56"));
  REQUIRE(out.size() == 1);
  CHECK(out[0]);
}
