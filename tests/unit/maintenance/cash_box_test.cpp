#include "kiosk/maintenance/cash_box.hpp"

#include <doctest/doctest.h>

using namespace kiosk;
using Json = nlohmann::json;

namespace {
void credit(oq::Store& s, std::int64_t kzt, std::int64_t at) {
  REQUIRE(s.append(oq::JournalEntry{"tx", "cash_in.note_credited", Json{{"kzt", kzt}}.dump(), at}));
}
}  // namespace

TEST_CASE("a collection records the difference to the journal and counts since the last one") {
  auto store = std::move(*oq::Store::open(":memory:"));
  credit(*store, 5000, 10);
  credit(*store, 5000, 11);
  credit(*store, 1000, 12);
  auto first = app::collect_cash_box(*store, {{5000, 2}, {1000, 0}}, "operator:c-1", 20);
  REQUIRE(first);
  CHECK((*first)["since_last"]["expected_kzt"] == 11000);
  CHECK((*first)["since_last"]["kzt"] == 10000);
  CHECK((*first)["since_last"]["difference_kzt"] == -1000);
  CHECK((*first)["notes"][0]["kzt"] == 1000);
  CHECK((*first)["notes"][0]["difference"] == -1);
  CHECK((*first)["lifetime"]["collections"] == 1);

  credit(*store, 2000, 30);
  auto second = app::collect_cash_box(*store, {{2000, 1}}, "operator:c-2", 40);
  REQUIRE(second);
  CHECK((*second)["since_last"]["expected_notes"] == 1);  // only what came in since the first
  CHECK((*second)["since_last"]["difference_kzt"] == 0);
  CHECK((*second)["lifetime"]["notes"] == 3);
  CHECK((*second)["lifetime"]["kzt"] == 12000);
  CHECK((*second)["lifetime"]["collections"] == 2);
  CHECK(store->rows_of_types({app::kCashBoxCollected})->size() == 2);
}
