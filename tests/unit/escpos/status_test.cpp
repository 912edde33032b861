// DLE EOT answers (shared/reference/cash-devices.md 5.2) -> PrinterStatus, and describe().
#include <doctest/doctest.h>

#include "devices/escpos/escpos_status.hpp"

using namespace kiosk::devices;
using escpos::apply_status_answer;

namespace {

PrinterStatus fold(std::uint8_t n, std::uint8_t answer) {
  auto s = apply_status_answer(PrinterStatus{}, n, answer);
  REQUIRE(s.has_value());
  return *s;
}

}  // namespace

TEST_CASE("0x12 is all clear for every request") {
  for (std::uint8_t n = 1; n <= 4; ++n) {
    const PrinterStatus s = fold(n, 0x12);
    CHECK(s.ok());
    CHECK_FALSE(s.paper_near_end);
    CHECK(s.describe() == "ok");
  }
}

TEST_CASE("n=1 printer status: bit 3 is offline, other bits are not problems") {
  CHECK_FALSE(fold(1, 0x1A).online);
  CHECK_FALSE(fold(1, 0x1A).ok());
  CHECK(fold(1, 0x16).online);  // bit 2: drawer kick-out connector pin 3
  CHECK(fold(1, 0x32).online);  // bit 5: waiting for online recovery, alone
  CHECK(fold(1, 0x1A).describe() == "offline");
}

TEST_CASE("n=2 offline cause: cover, paper end stop, error") {
  CHECK(fold(2, 0x16).cover_open);
  CHECK(fold(2, 0x16).describe() == "cover open");
  CHECK(fold(2, 0x32).paper_out);
  CHECK(fold(2, 0x52).error);
  const PrinterStatus feed_button = fold(2, 0x1A);  // bit 3: feed button, not a fault
  CHECK(feed_button.ok());
}

TEST_CASE("n=3 error cause: autocutter, unrecoverable, auto-recoverable are errors") {
  CHECK(fold(3, 0x1A).error);
  CHECK(fold(3, 0x32).error);
  CHECK(fold(3, 0x52).error);
  CHECK(fold(3, 0x16).ok());  // bit 2 is not an error cause
  CHECK(fold(3, 0x1A).describe() == "error");
}

TEST_CASE("n=4 paper sensor: 1E near end, 72 out (python-escpos values)") {
  const PrinterStatus low = fold(4, 0x1E);
  CHECK(low.paper_near_end);
  CHECK(low.ok());  // near end still prints
  CHECK(low.describe() == "paper near end");
  const PrinterStatus out = fold(4, 0x72);
  CHECK(out.paper_out);
  CHECK_FALSE(out.ok());
  CHECK(out.describe() == "paper out");
  CHECK(fold(4, 0x16).paper_near_end);  // either near-end bit counts
  CHECK(fold(4, 0x32).paper_out);       // either out bit counts
}

TEST_CASE("answers of one round accumulate") {
  PrinterStatus s;
  s = apply_status_answer(s, 1, 0x1A).value();  // offline
  s = apply_status_answer(s, 2, 0x16).value();  // because the cover is open
  s = apply_status_answer(s, 4, 0x1E).value();  // and paper is low
  CHECK_FALSE(s.online);
  CHECK(s.cover_open);
  CHECK(s.paper_near_end);
  CHECK(s.describe() == "cover open, paper near end");  // offline is explained by the cover
  s = apply_status_answer(s, 4, 0x12).value();          // a clear answer clears nothing
  CHECK(s.paper_near_end);
}

TEST_CASE("bytes that break the fixed bits are rejected as an error value") {
  for (std::uint8_t bad : {0x00, 0x13 /* bit 0: XOFF */, 0x10 /* bit 1 clear */,
                           0x02 /* bit 4 clear */, 0x92 /* bit 7 */, 0xFF, 0x11 /* XON */}) {
    auto r = apply_status_answer(PrinterStatus{}, 1, bad);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == escpos::StatusError::Kind::FixedBits);
  }
  int valid = 0;
  for (int b = 0; b < 256; ++b)
    valid += escpos::has_status_fixed_bits(static_cast<std::uint8_t>(b));
  CHECK(valid == 16);  // 4 fixed bits leave 2^4 answers
}

TEST_CASE("a request other than 1..4 is an error value") {
  for (std::uint8_t n : {0, 5, 255}) {
    auto r = apply_status_answer(PrinterStatus{}, n, 0x12);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == escpos::StatusError::Kind::UnknownRequest);
  }
}

TEST_CASE("describe lists every problem") {
  PrinterStatus s;
  s.online = false;
  s.cover_open = true;
  s.paper_out = true;
  s.paper_near_end = true;
  s.error = true;
  CHECK(s.describe() == "cover open, paper out, error");
}
