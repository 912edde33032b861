// LcdmFrameReader on garbage, truncation, bad BCC, split delivery and single control bytes.
#include <doctest/doctest.h>

#include "devices/lcdm/lcdm2000_codec.hpp"
#include "devices/lcdm/lcdm4000_codec.hpp"
#include "tests/unit/ccnet/hex.hpp"

using namespace kiosk::devices;
using namespace kiosk::devices::lcdm;
using ccnet_test::hex;

namespace {

const Bytes kUpper5 = hex("01 50 02 45 30 35 30 35 30 30 30 30 03 15");
const Bytes kStatus = hex("01 50 02 46 30 30 80 06 03 90");

std::vector<LinkResult> feed_all(LcdmFrameReader& r, const Bytes& b) { return r.feed(b); }

int frames(const std::vector<LinkResult>& v) {
  int n = 0;
  for (const auto& x : v) n += x && x->kind == LinkItem::Kind::Frame;
  return n;
}

Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

}  // namespace

TEST_CASE("reader: control bytes and a frame in one read") {
  LcdmFrameReader r(responses4000());
  auto v = r.feed(cat({hex("06"), encode4000_status_reply({}), hex("04 15")}));
  REQUIRE(v.size() == 4);
  CHECK(v[0]->kind == LinkItem::Kind::Ack);
  CHECK(v[1]->kind == LinkItem::Kind::Frame);
  CHECK(v[2]->kind == LinkItem::Kind::Eot);
  CHECK(v[3]->kind == LinkItem::Kind::Nak);
}

TEST_CASE("reader: garbage before a frame is skipped and counted") {
  LcdmFrameReader r(responses2000(false));
  auto v = r.feed(cat({hex("FF 00 55 01 77 02"), kUpper5}));
  REQUIRE(frames(v) == 1);
  CHECK(v.back()->frame.data.size() == 8);
  CHECK(r.skipped_bytes() == 6);
  CHECK(r.buffered() == 0);
}

TEST_CASE("reader: byte-by-byte delivery gives the same frame") {
  LcdmFrameReader r(responses2000(false));
  int n = 0;
  for (std::uint8_t b : kUpper5) n += frames(r.feed(Bytes{b}));
  CHECK(n == 1);
  CHECK(r.buffered() == 0);
}

TEST_CASE("reader: a bad BCC is an error, the frame is dropped whole, the next one is found") {
  Bytes bad = kStatus;
  bad.back() ^= 0x01;
  // The bad frame's sensor byte 06 must not come out as an ACK.
  LcdmFrameReader r(responses2000(false));
  auto v = r.feed(cat({bad, kUpper5}));
  REQUIRE(v.size() == 2);
  CHECK_FALSE(v[0]);
  CHECK(v[0].error().kind == LinkError::Kind::BadBcc);
  CHECK(v[1]->kind == LinkItem::Kind::Frame);
  CHECK(v[1]->frame.cmd == 0x45);
}

TEST_CASE("reader: a truncated frame followed by a whole one yields the whole one") {
  LcdmFrameReader r(responses2000(false));
  const Bytes cut(kUpper5.begin(), kUpper5.begin() + 7);
  auto v = r.feed(cut);
  CHECK(v.empty());
  CHECK(r.buffered() == 7);
  v = r.feed(kUpper5);
  // The cut frame swallows bytes of the whole one: no ETX where it should be -> an error, then
  // the rescan finds the real frame.
  CHECK(frames(v) == 1);
  CHECK(r.buffered() == 0);
}

TEST_CASE("reader: an incomplete frame waits; reset() drops it") {
  LcdmFrameReader r(responses2000(false));
  CHECK(r.feed(Bytes(kUpper5.begin(), kUpper5.end() - 1)).empty());
  CHECK(r.buffered() == kUpper5.size() - 1);
  r.reset();
  CHECK(r.buffered() == 0);
  CHECK(frames(r.feed(kUpper5)) == 1);
}

TEST_CASE("reader: unknown command and bad ETX are errors, then resync") {
  LcdmFrameReader r(responses2000(false));
  auto v = r.feed(cat({hex("01 50 02 99 30 03 00"), kStatus}));
  CHECK_FALSE(v[0]);
  CHECK(v[0].error().kind == LinkError::Kind::UnknownCommand);
  CHECK(frames(v) == 1);

  Bytes no_etx = kStatus;
  no_etx[no_etx.size() - 2] = 0x30;
  auto w = r.feed(cat({no_etx, kStatus}));
  CHECK_FALSE(w[0]);
  CHECK(w[0].error().kind == LinkError::Kind::BadEtx);
  CHECK(frames(w) == 1);
}

TEST_CASE("reader: a frame of the other family or direction is not taken") {
  LcdmFrameReader r(responses2000(false));
  CHECK(frames(r.feed(encode4000_status_reply({}))) == 0);
  CHECK(frames(r.feed(encode2000(Cmd2000::Status))) == 0);  // host command (EOT start)
  CHECK(frames(r.feed(kStatus)) == 1);
}

TEST_CASE("reader: progress items only when the layout allows them") {
  LcdmFrameReader with(responses2000(true));
  auto v = with.feed(cat({hex("01 8D 01 01 9C 32"), kUpper5}));
  REQUIRE(v.size() == 3);
  CHECK(v[0]->kind == LinkItem::Kind::Progress);
  CHECK(v[0]->progress_code == 0x8D);
  CHECK(v[1]->progress_value == 0x32);
  CHECK(v[2]->kind == LinkItem::Kind::Frame);

  LcdmFrameReader without(responses2000(false));
  CHECK(frames(without.feed(cat({hex("01 8D 01"), kUpper5}))) == 1);
}

TEST_CASE("reader: the buffer stays within one frame on endless noise") {
  LcdmFrameReader r(responses4000());
  Bytes noise;
  for (int i = 0; i < 2000; ++i) noise.push_back(static_cast<std::uint8_t>(i * 37 + 11));
  (void)feed_all(r, noise);
  CHECK(r.buffered() < kFrameOverhead + 32);
}
