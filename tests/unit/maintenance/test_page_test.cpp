// The printer's test page: says which kiosk, when (UTC), which software and what the printer said.
#include "kiosk/maintenance/test_page.hpp"

#include <doctest/doctest.h>

using namespace kiosk::app;

TEST_CASE("utc_text prints Unix ms as a UTC date and time") {
  CHECK(utc_text(0) == "1970-01-01 00:00:00 UTC");
  CHECK(utc_text(1'796'703'907'999) == "2026-12-08 04:25:07 UTC");
}

TEST_CASE("the test page names the kiosk, the time, the version, the printer and who asked") {
  auto r = test_page({"ast-001", 1'796'703'907'000, "1.4.0", "paper near end", "operator:c-9"});
  CHECK(r.title == "PRINTER TEST PAGE");
  REQUIRE(r.lines.size() == 5);
  CHECK(r.lines[0].value == "ast-001");
  CHECK(r.lines[1].value == "2026-12-08 04:25:07 UTC");
  CHECK(r.lines[2].value == "1.4.0");
  CHECK(r.lines[3].value == "paper near end");
  CHECK(r.lines[4].value == "operator:c-9");
  CHECK(r.qr_payload.empty());
}
