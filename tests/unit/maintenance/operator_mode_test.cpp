#include "kiosk/maintenance/operator_mode.hpp"

#include <doctest/doctest.h>

#include "kiosk/maintenance/mode_keeper.hpp"

using namespace kiosk::app;

namespace {
ModeRequest req(OperatorMode m, std::string msg = "") {
  return {m, "operator:c-1", std::move(msg)};
}
}  // namespace

TEST_CASE("entering maintenance with no customer applies at once") {
  ModeBook b;
  auto r = b.request(req(OperatorMode::Maintenance), false, 1000);
  REQUIRE(r);
  CHECK(*r == ModeOutcome::Applied);
  CHECK(b.current().mode == OperatorMode::Maintenance);
  CHECK(b.current().since_ms == 1000);
  CHECK_FALSE(b.serving());
  CHECK(b.closed_reason() == "maintenance");
}

TEST_CASE("maintenance requested during a session waits for the session to end") {
  ModeBook b;
  auto r = b.request(req(OperatorMode::Maintenance), true, 1000);
  REQUIRE(r);
  CHECK(*r == ModeOutcome::Pending);
  CHECK(b.serving());  // the customer finishes
  CHECK_FALSE(b.settle(true, 2000));
  CHECK(b.current().mode == OperatorMode::InService);
  CHECK(b.settle(false, 3000));
  CHECK(b.current().mode == OperatorMode::Maintenance);
  CHECK(b.current().since_ms == 3000);
  CHECK_FALSE(b.pending());
}

TEST_CASE("operator out of service carries a message; back in service is immediate") {
  ModeBook b;
  REQUIRE(*b.request(req(OperatorMode::OutOfService, "Cash collection until 14:00"), false, 1) ==
          ModeOutcome::Applied);
  CHECK(b.closed_reason() == "operator_out_of_service");
  CHECK(b.current().message == "Cash collection until 14:00");
  REQUIRE(*b.request(req(OperatorMode::InService), true, 2) == ModeOutcome::Applied);
  CHECK(b.serving());
}

TEST_CASE("a pending request is withdrawn by asking for the mode in force") {
  ModeBook b;
  REQUIRE(*b.request(req(OperatorMode::Maintenance), true, 1) == ModeOutcome::Pending);
  REQUIRE(*b.request(req(OperatorMode::InService), true, 2) == ModeOutcome::Unchanged);
  CHECK_FALSE(b.pending());
  CHECK_FALSE(b.settle(false, 3));
  CHECK(b.serving());
}

TEST_CASE("bad actors and messages are refused and change nothing") {
  ModeBook b;
  CHECK_FALSE(b.request({OperatorMode::Maintenance, "", ""}, false, 1));
  CHECK_FALSE(b.request({OperatorMode::Maintenance, std::string(65, 'a'), ""}, false, 1));
  CHECK_FALSE(b.request({OperatorMode::OutOfService, "op", std::string(201, 'x')}, false, 1));
  CHECK_FALSE(b.request({OperatorMode::OutOfService, "op", "line\nbreak"}, false, 1));
  CHECK_FALSE(b.request({OperatorMode::OutOfService, "op", "\xC3"}, false, 1));
  CHECK_FALSE(b.request({OperatorMode::Maintenance, "op", "a message"}, false, 1));
  CHECK(b.serving());
  CHECK(b.current().since_ms == 0);
}

TEST_CASE("the book round-trips through JSON, pending request included") {
  ModeBook b;
  REQUIRE(b.request(req(OperatorMode::OutOfService, "Сервис / Қызмет"), false, 5));
  REQUIRE(b.request(req(OperatorMode::Maintenance), false, 6));
  auto back = ModeBook::from_json(b.to_json());
  REQUIRE(back);
  CHECK(back->current() == b.current());
  ModeBook p;
  REQUIRE(*p.request(req(OperatorMode::Maintenance), true, 1) == ModeOutcome::Pending);
  auto pb = ModeBook::from_json(p.to_json());
  REQUIRE(pb);
  REQUIRE(pb->pending());
  CHECK(*pb->pending() == *p.pending());
  CHECK_FALSE(ModeBook::from_json(nlohmann::json{{"mode", "party"}}));
  CHECK_FALSE(ModeBook::from_json(nlohmann::json::array()));
}

TEST_CASE("the keeper journals each change and restores the mode after a restart") {
  auto store = kiosk::oq::Store::open(":memory:");
  REQUIRE(store);
  std::int64_t now = 100;
  {
    ModeKeeper k(**store, [&] { return now; });
    REQUIRE(k.restore());
    CHECK(k.book().serving());
    REQUIRE(*k.request(req(OperatorMode::Maintenance), true) == ModeOutcome::Pending);
    now = 200;
    CHECK(k.settle(false));
    CHECK(k.book().current().mode == OperatorMode::Maintenance);
  }
  auto rows = (*store)->rows_of_types({kModeRequested, kModeChanged});
  REQUIRE(rows);
  REQUIRE(rows->size() == 2);
  CHECK((*rows)[0].type == kModeRequested);
  CHECK((*rows)[1].type == kModeChanged);
  CHECK(nlohmann::json::parse((*rows)[1].payload)["mode"] == "maintenance");
  CHECK(nlohmann::json::parse((*rows)[1].payload)["by"] == "operator:c-1");
  ModeKeeper again(**store, [&] { return now; });
  REQUIRE(again.restore());
  CHECK(again.book().current().mode == OperatorMode::Maintenance);
  CHECK(again.book().current().since_ms == 200);
  // Asking again for the mode in force journals nothing.
  REQUIRE(*again.request(req(OperatorMode::Maintenance), false) == ModeOutcome::Unchanged);
  CHECK((*store)->rows_of_types({kModeChanged})->size() == 1);
}

TEST_CASE("an unreadable saved mode is an error, not a silent return to service") {
  auto store = kiosk::oq::Store::open(":memory:");
  REQUIRE(store);
  REQUIRE((*store)->put_state("operator.mode", "{not json"));
  ModeKeeper k(**store, [] { return std::int64_t{1}; });
  CHECK_FALSE(k.restore());
}
