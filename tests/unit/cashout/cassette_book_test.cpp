#include "flows/dispense/cassette_book.hpp"

#include <doctest/doctest.h>

using namespace kiosk::flows;
using namespace kiosk::flows::dispense;

TEST_CASE("a dispense result takes delivered and rejected notes out of the cassettes") {
  CassetteBook book({{0, Kzt{5000}, 10}, {1, Kzt{2000}, 5}});
  CHECK(book.cash_on_hand() == Kzt{60000});
  auto d = book.apply({{0, 3, 1}, {1, 2, 0}});
  CHECK(d.empty());
  CHECK(book.find(0)->count == 6);
  CHECK(book.find(1)->count == 3);
  CHECK(book.reject_tray().notes == 1);
  CHECK(book.reject_tray().value == Kzt{5000});
  CHECK(book.cash_on_hand() == Kzt{36000});
}

TEST_CASE("a move larger than the book, or from an unknown cassette, is a discrepancy") {
  CassetteBook book({{0, Kzt{5000}, 2}});
  auto d = book.apply({{0, 3, 0}, {4, 1, 0}});
  REQUIRE(d.size() == 2);
  CHECK(d[0].index == 0);
  CHECK(d[0].expected == 2);
  CHECK(d[0].moved == 3);
  CHECK(d[1].index == 4);
  CHECK(book.find(0)->count == 0);  // never negative
}

TEST_CASE("a refill sets the operator's counts and records the differences") {
  CassetteBook book({{0, Kzt{5000}, 10}, {1, Kzt{2000}, 5}, {2, Kzt{1000}, 4}});
  book.apply({{0, 2, 1}});
  auto r = book.refill({{0, Kzt{5000}, 6}, {1, Kzt{10000}, 20}}, 1);
  REQUIRE(r.cassettes.size() == 3);
  CHECK(r.cassettes[0].expected == 7);
  CHECK(r.cassettes[0].counted == 6);
  CHECK(r.cassettes[0].difference == -1);
  CHECK(r.cassettes[1].difference == 15);
  CHECK(r.cassettes[2].index == 2);  // taken out, not put back
  CHECK(r.cassettes[2].difference == -4);
  CHECK(r.reject_expected == 1);
  CHECK(r.reject_counted == 1);
  CHECK(book.find(1)->kzt == Kzt{10000});
  CHECK(book.find(2) == nullptr);
  CHECK(book.reject_tray().notes == 0);
}
