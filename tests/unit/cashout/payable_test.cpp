#include "flows/dispense/payable.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>

using namespace kiosk::flows;
using namespace kiosk::flows::dispense;

namespace {
std::vector<Cassette> cs_of(std::initializer_list<std::pair<std::int64_t, int>> spec) {
  std::vector<Cassette> out;
  int i = 0;
  for (auto [kzt, count] : spec) out.push_back(Cassette{i++, Kzt{kzt}, count});
  return out;
}
}  // namespace

TEST_CASE("payable amounts list exactly what the cassettes can pay") {
  auto cs = cs_of({{5000, 1}, {2000, 2}});
  // Payable: 2000, 4000, 5000, 7000, 9000.
  auto got = payable_amounts(cs, {}, Kzt{1000}, Kzt{10000}, Kzt{1000});
  CHECK(got == std::vector<Kzt>{Kzt{2000}, Kzt{4000}, Kzt{5000}, Kzt{7000}, Kzt{9000}});
  CHECK(payable_amounts(cs, {}, Kzt{1000}, Kzt{10000}, Kzt{0}).empty());
  CHECK(payable_amounts(cs, {}, Kzt{9000}, Kzt{1000}, Kzt{1000}).empty());
  CHECK(payable_amounts({}, {}, Kzt{1000}, Kzt{10000}, Kzt{1000}).empty());
}

TEST_CASE("payable amounts honour max notes") {
  DispenseLimits lim;
  lim.max_notes = 2;
  auto got = payable_amounts(cs_of({{5000, 1}, {2000, 2}}), lim, Kzt{1000}, Kzt{10000}, Kzt{1000});
  CHECK(got == std::vector<Kzt>{Kzt{2000}, Kzt{4000}, Kzt{5000}, Kzt{7000}});
}

TEST_CASE("largest payable amount at most X") {
  auto cs = cs_of({{5000, 1}, {2000, 2}});
  CHECK(largest_payable(cs, {}, Kzt{100000}) == Kzt{9000});
  CHECK(largest_payable(cs, {}, Kzt{8999}) == Kzt{7000});
  CHECK(largest_payable(cs, {}, Kzt{6000}) == Kzt{5000});
  CHECK(largest_payable(cs, {}, Kzt{1999}) == std::nullopt);
  CHECK(largest_payable({}, {}, Kzt{5000}) == std::nullopt);
  DispenseLimits one;
  one.max_notes = 1;
  CHECK(largest_payable(cs, one, Kzt{100000}) == Kzt{5000});
}

TEST_CASE("property: every listed amount plans, every unlisted one does not") {
  std::mt19937 rng(7);
  const std::int64_t notes[] = {500, 1000, 2000, 5000, 10000};
  for (int round = 0; round < 200; ++round) {
    std::vector<Cassette> cs;
    int n = 1 + static_cast<int>(rng() % 4);
    for (int i = 0; i < n; ++i)
      cs.push_back(Cassette{i, Kzt{notes[rng() % 5]}, static_cast<int>(rng() % 5)});
    DispenseLimits lim;
    if (rng() % 2) lim.max_notes = 1 + static_cast<int>(rng() % 6);
    auto listed = payable_amounts(cs, lim, Kzt{500}, Kzt{40000}, Kzt{500});
    for (std::int64_t a = 500; a <= 40000; a += 500) {
      bool in = std::find(listed.begin(), listed.end(), Kzt{a}) != listed.end();
      REQUIRE(in == plan_dispense(cs, Kzt{a}, lim).has_value());
    }
    auto top = largest_payable(cs, lim, Kzt{30000});
    if (top) {
      CHECK(plan_dispense(cs, *top, lim).has_value());
      for (std::int64_t a = top->value + 500; a <= 30000; a += 500)
        CHECK_FALSE(plan_dispense(cs, Kzt{a}, lim).has_value());
    }
  }
}
