// The value kinds the technician screens declare (kiosk/shell/screen_actions.hpp): "pin" takes
// 4-8 digits and "counts" up to 16 comma-separated whole numbers of at most 5 digits; anything
// else is refused as bad_value before the kiosk sees it.
#include <doctest/doctest.h>

#include "kiosk/shell/screen_actions.hpp"

using kiosk::app::refuse_touch;
using nlohmann::json;

namespace {
json desk() {
  return {{"screen", "technician_desk"},
          {"actions", {{"pin", "pin"}, {"refill", "counts"}, {"finish", true}}}};
}
}  // namespace

TEST_CASE("technician actions: a PIN is 4 to 8 digits") {
  for (const char* ok : {"1234", "00000000", "24680"}) {
    CAPTURE(ok);
    CHECK_FALSE(refuse_touch(desk(), "pin", ok));
  }
  for (const char* bad : {"", "123", "123456789", "12a4", " 1234", "12,34"}) {
    CAPTURE(bad);
    CHECK(refuse_touch(desk(), "pin", bad) == "bad_value");
  }
}

TEST_CASE("technician actions: counts are comma-separated whole numbers") {
  for (const char* ok :
       {"0", "50,100,100,100", "99999,0", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16"}) {
    CAPTURE(ok);
    CHECK_FALSE(refuse_touch(desk(), "refill", ok));
  }
  for (const char* bad : {"", ",", "1,", ",1", "1,,2", "100000", "-1", "1 2", "1.5", "a",
                          "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17"}) {
    CAPTURE(bad);
    CHECK(refuse_touch(desk(), "refill", bad) == "bad_value");
  }
  CHECK(refuse_touch(desk(), "collect_cash_box", "1") == "not_offered");
  CHECK(refuse_touch(desk(), "finish", "1") == "bad_value");
}
