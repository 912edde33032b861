// The maintenance test dispense (kiosk/maintenance/test_dispense): note by note, journaled with
// the actor, the book moving each counted note from the cassette to the reject tray, and every
// way it can stop.
#include "kiosk/maintenance/test_dispense.hpp"

#include <doctest/doctest.h>

#include <deque>

#include "kiosk/shell/cassette_ledger.hpp"
#include "kiosk/shell/cassette_refill.hpp"

using namespace kiosk;
using namespace kiosk::app;
using Json = nlohmann::json;
using devices::DispenseOutcome;
using R = DispenseOutcome::Result;

namespace {

DispenseOutcome note(R r, int cassette, int exited, int rejected, std::string error = "") {
  DispenseOutcome o;
  o.result = r;
  o.error = std::move(error);
  if (r != R::Unknown) {
    o.cassettes.resize(2);
    o.cassettes[static_cast<std::size_t>(cassette)] = {1, exited, rejected};
  }
  return o;
}

struct Rig {
  std::unique_ptr<oq::Store> store = std::move(*oq::Store::open(":memory:"));
  std::deque<DispenseOutcome> replies;  // what the device answers, note by note
  std::vector<int> asked;               // the cassettes asked for
  std::optional<MaintenanceDone> result;

  Rig() {
    REQUIRE(journal_refill(*store, {{0, flows::Kzt{20000}, 10}, {1, flows::Kzt{5000}, 10}}, 1));
  }
  void run(int cassette, int count) {
    run_test_dispense(
        *store, [] { return std::int64_t{100}; },
        [this](int c, std::function<void(const DispenseOutcome&)> then) {
          asked.push_back(c);
          REQUIRE(!replies.empty());
          auto o = replies.front();
          replies.pop_front();
          then(o);
        },
        {cassette, count, "technician:t-7"}, [this](MaintenanceDone d) { result = d; });
    REQUIRE(result);
  }
  flows::dispense::CassetteBook book() { return **current_cassette_book(*store); }
  std::size_t rows(const char* type) { return store->rows_of_types({type})->size(); }
};

}  // namespace

TEST_CASE("three notes into the tray: the book conserves cash and the actor is journaled") {
  Rig rig;
  rig.replies = {note(R::Complete, 1, 0, 1), note(R::Complete, 1, 1, 0),  // EXIT or REJ: the tray
                 note(R::Complete, 1, 0, 1)};
  rig.run(1, 3);
  CHECK(rig.result->ok);
  CHECK(rig.result->report["moved_to_reject_tray"] == 3);
  CHECK(rig.result->report["result"] == "complete");
  CHECK(rig.result->report["by"] == "technician:t-7");
  CHECK(rig.asked == std::vector<int>{1, 1, 1});
  auto b = rig.book();
  CHECK(b.cassettes()[0].count == 10);
  CHECK(b.cassettes()[1].count == 7);
  CHECK(b.reject_tray().notes == 3);
  CHECK(rig.rows(kTestDispenseStarted) == 1);
  CHECK(rig.rows(kTestDispensed) == 3);
  auto started = Json::parse(rig.store->rows_of_types({kTestDispenseStarted})->front().payload);
  CHECK(started["by"] == "technician:t-7");
  CHECK(started["count"] == 3);
}

TEST_CASE("the run stops at the first note that is not complete") {
  SUBCASE("an empty cassette: partial, the notes before it counted") {
    Rig rig;
    rig.replies = {note(R::Complete, 0, 0, 1), note(R::Partial, 0, 0, 0, "0x38 upper_bill_end")};
    rig.run(0, 5);
    CHECK_FALSE(rig.result->ok);
    CHECK(rig.result->reason == "test_dispense_partial");
    CHECK(rig.result->report["moved_to_reject_tray"] == 1);
    CHECK(rig.result->report["error"] == "0x38 upper_bill_end");
    CHECK(rig.asked.size() == 2);
    CHECK(rig.book().cassettes()[0].count == 9);
  }
  SUBCASE("a pickup error whose note still went to the tray is booked") {
    Rig rig;
    rig.replies = {note(R::Partial, 0, 0, 1, "0x32 pickup_error")};
    rig.run(0, 2);
    CHECK(rig.result->reason == "test_dispense_partial");
    CHECK(rig.book().reject_tray().notes == 1);
  }
  SUBCASE("an unknown outcome moves nothing in the book (the refill settles it)") {
    Rig rig;
    rig.replies = {note(R::Unknown, 0, 0, 0, "no_response")};
    rig.run(0, 2);
    CHECK(rig.result->reason == "test_dispense_unknown");
    CHECK(rig.book().cassettes()[0].count == 10);
    CHECK(rig.rows(kTestDispensed) == 1);
  }
  SUBCASE("the driver refused: nothing sent, nothing moved") {
    Rig rig;
    rig.replies = {note(R::Partial, 0, 0, 0, "refused: cassette_missing:0")};
    rig.run(0, 1);
    CHECK(rig.result->reason == "dispenser_refused");
    CHECK(rig.result->report["result"] == "refused");
  }
}

TEST_CASE("bad counts are refused before anything is journaled") {
  Rig rig;
  rig.run(0, 6);
  CHECK(rig.result->reason == "bad_args");
  rig.result.reset();
  rig.run(0, 0);
  CHECK(rig.result->reason == "bad_args");
  CHECK(rig.rows(kTestDispenseStarted) == 0);
  CHECK(rig.asked.empty());
}

TEST_CASE("an unwritable journal stops the run before the device is asked") {
  Rig rig;
  REQUIRE(
      rig.store->db().exec("CREATE TRIGGER no_rows BEFORE INSERT ON journal BEGIN "
                           "SELECT RAISE(ABORT, 'disk full'); END"));
  rig.run(0, 1);
  CHECK(rig.result->reason == "journal_unwritable");
  CHECK(rig.asked.empty());
}

TEST_CASE("one refill function: actor journaled, error kinds, reconciliation") {
  Rig rig;
  auto wrong = refill_cassettes(*rig.store, {{0, flows::Kzt{20000}, 5}}, 0, "operator:c-1", 200, 2);
  REQUIRE_FALSE(wrong);
  CHECK(wrong.error().kind == "cassette_count_mismatch");
  auto ok = refill_cassettes(*rig.store, {{0, flows::Kzt{20000}, 8}, {1, flows::Kzt{5000}, 10}}, 0,
                             "operator:c-2", 200, 2);
  REQUIRE(ok);
  CHECK((*ok)["by"] == "operator:c-2");
  CHECK((*ok)["reconciliation"]["cassettes"][0]["difference"] == -2);
  auto rows = rig.store->rows_of_types({kCassetteRefilled});
  CHECK(Json::parse(rows->back().payload)["by"] == "operator:c-2");
}
