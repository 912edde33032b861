#include "flows/dispense/plan_text.hpp"

#include <doctest/doctest.h>

using namespace kiosk::flows;
using namespace kiosk::flows::dispense;

TEST_CASE("plan and move texts round-trip") {
  std::vector<CassetteTake> takes{{0, Kzt{5000}, 4}, {2, Kzt{2000}, 3}};
  CHECK(takes_to_text(takes) == "0:5000:4;2:2000:3");
  CHECK(takes_from_text("0:5000:4;2:2000:3") == takes);
  std::vector<CassetteMove> moves{{0, 4, 1}, {1, 0, 2}};
  CHECK(moves_to_text(moves) == "0:4:1;1:0:2");
  CHECK(moves_from_text("0:4:1;1:0:2") == moves);
  CHECK(takes_from_text("")->empty());
  CHECK(moves_to_text({}).empty());
}

TEST_CASE("malformed texts are refused, never half-read") {
  for (const char* bad :
       {"0:5000", "0:5000:4;", ";0:5000:4", "0:5000:x", "0:-5000:4", "a:b:c", "0:5000:4:1", "0::4",
        "0:5000:4;1:2000", "2000:5000:4", "0:5000:99999999999"}) {
    CAPTURE(bad);
    CHECK_FALSE(takes_from_text(bad).has_value());
    CHECK_FALSE(moves_from_text(bad).has_value());
  }
}
