// The streaming CCNET frame reader: garbage, truncation, bad CRC, split delivery, bounds.
#include <doctest/doctest.h>

#include "devices/ccnet/ccnet_codec.hpp"
#include "hex.hpp"

using namespace kiosk::devices;
using namespace kiosk::devices::ccnet;
using ccnet_test::hex;

namespace {
const Bytes kPoll = hex("02 03 06 33 DA 81");
const Bytes kEscrow = hex("02 03 07 80 02 9E 10");

Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}
}  // namespace

TEST_CASE("resynchronises on garbage before a frame") {
  CcnetFrameReader r;
  auto out = r.feed(cat({hex("FF 00 13 37 81"), kEscrow}));
  REQUIRE(out.size() == 1);
  REQUIRE(out[0]);
  CHECK(out[0]->payload == hex("80 02"));
  CHECK(r.skipped_bytes() == 5);
  CHECK(r.buffered() == 0);
}

TEST_CASE("a frame delivered one byte at a time comes out once, complete") {
  CcnetFrameReader r;
  std::size_t frames = 0;
  for (std::size_t i = 0; i < kEscrow.size(); ++i) {
    auto out = r.feed(ByteView(kEscrow).subspan(i, 1));
    for (auto& f : out) {
      REQUIRE(f);
      ++frames;
      CHECK(i == kEscrow.size() - 1);
    }
  }
  CHECK(frames == 1);
}

TEST_CASE("truncated frame waits, and is dropped by reset()") {
  CcnetFrameReader r;
  CHECK(r.feed(ByteView(kEscrow).first(5)).empty());
  CHECK(r.buffered() == 5);
  r.reset();
  CHECK(r.buffered() == 0);
  auto out = r.feed(kPoll);
  REQUIRE(out.size() == 1);
  CHECK(out[0]);
}

TEST_CASE("wrong CRC is an error value, and the next frame is still found") {
  Bytes bad = kEscrow;
  bad[5] ^= 0x01;
  CcnetFrameReader r;
  auto out = r.feed(cat({bad, kPoll}));
  // The bad frame reports BadCrc; scanning resumes after its SYNC and finds the POLL.
  bool saw_crc_error = false;
  std::size_t good = 0;
  for (auto& f : out) {
    if (!f) {
      saw_crc_error |= f.error().kind == FrameError::Kind::BadCrc;
    } else {
      ++good;
      CHECK(f->payload == Bytes{0x33});
    }
  }
  CHECK(saw_crc_error);
  CHECK(good == 1);
}

TEST_CASE("a false SYNC in garbage does not swallow the real frame behind it") {
  CcnetFrameReader r;
  // 02 03 09 looks like the start of a 9-byte frame; the real one starts 3 bytes later.
  auto out = r.feed(cat({hex("02 03 09"), kEscrow}));
  std::size_t good = 0;
  for (auto& f : out)
    if (f) {
      ++good;
      CHECK(f->payload == hex("80 02"));
    }
  CHECK(good == 1);
}

TEST_CASE("LNG below six and extended LNG 00 are length errors") {
  CcnetFrameReader r;
  auto out = r.feed(hex("02 03 05 33 DA"));
  REQUIRE_FALSE(out.empty());
  CHECK_FALSE(out[0]);
  CHECK(out[0].error().kind == FrameError::Kind::BadLength);
  CcnetFrameReader r2;
  auto ext = r2.feed(hex("02 03 00 01 00"));
  REQUIRE_FALSE(ext.empty());
  CHECK(ext[0].error().kind == FrameError::Kind::BadLength);
}

TEST_CASE("buffer stays bounded whatever arrives") {
  CcnetFrameReader r;
  Bytes noise(10000, 0x02);  // every byte a SYNC, LNG 2: endless length errors, no growth
  r.feed(noise);
  CHECK(r.buffered() < kMaxFrameSize);
  Bytes long_frame_start = hex("02 03 FF");
  long_frame_start.resize(200, 0x11);
  r.reset();
  r.feed(long_frame_start);
  CHECK(r.buffered() == 200);
  Bytes more(100, 0x11);
  r.feed(more);  // completes a 255-byte frame with a bad CRC; leftovers are rescanned
  CHECK(r.buffered() < kMaxFrameSize);
}

TEST_CASE("two frames in one read come out in order; frames for other addresses are kept") {
  CcnetFrameReader r;
  const Bytes other = encode_frame(0x01, Bytes{0x14});
  auto out = r.feed(cat({kPoll, other, kEscrow}));
  REQUIRE(out.size() == 3);
  CHECK(out[0]->payload == Bytes{0x33});
  CHECK(out[1]->address == 0x01);
  CHECK(out[2]->payload == hex("80 02"));
}

TEST_CASE("encode_frame refuses empty and oversized payloads") {
  CHECK(encode_frame(3, Bytes{}).empty());
  CHECK(encode_frame(3, Bytes(251, 0)).empty());
  CHECK(encode_frame(3, Bytes(250, 0)).size() == 255);
}
