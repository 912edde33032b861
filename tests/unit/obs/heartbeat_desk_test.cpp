#include "sim/exchange/heartbeat_desk.hpp"

#include <doctest/doctest.h>

#include "offline_queue/heartbeat_message.hpp"

using namespace kiosk;

TEST_CASE("the simulator keeps the latest heartbeat per kiosk and answers commands_after") {
  sim::HeartbeatDesk desk;
  oq::Heartbeat h;
  h.kiosk_id = "k1";
  h.software_version = "0.1.0";
  h.mode = "in_service";
  h.cassettes = {{0, 5000, 10}};
  h.cash_box_kzt = 2000;
  h.outbox_depth = 1;
  auto r = desk.receive("k1", oq::heartbeat_body(h), 10'000, 4);
  CHECK(r.status == 200);
  CHECK(oq::parse_heartbeat_answer(r.body).value() == 4);
  h.mode = "out_of_service";
  h.reason = "validator_jammed";
  desk.receive("k1", oq::heartbeat_body(h), 12'000, 0);
  CHECK(desk.receive("k2", "{}", 12'500, 0).status == 200);  // kept, though not v1
  CHECK(desk.receive("k2", "[1]", 13'000, 0).status == 400);

  auto list = desk.to_json();
  REQUIRE(list["kiosks"].size() == 2);
  CHECK(list["kiosks"][0]["kiosk_id"] == "k1");
  CHECK(list["kiosks"][0]["count"] == 2);
  CHECK(list["kiosks"][0]["valid"] == true);
  CHECK(list["kiosks"][0]["heartbeat"]["mode"] == "out_of_service");
  CHECK(list["kiosks"][1]["valid"] == false);
  CHECK(list["kiosks"][1].contains("problem"));

  auto fleet = desk.fleet(17'000);
  REQUIRE(fleet.size() == 2);
  CHECK(fleet[0]["mode"] == "out_of_service");
  CHECK(fleet[0]["reason"] == "validator_jammed");
  CHECK(fleet[0]["last_seen_s"] == 5);
  CHECK(fleet[0]["cassettes_kzt"] == 50000);
  CHECK(fleet[0]["cash_box_kzt"] == 2000);
  CHECK(fleet[1]["valid"] == false);
}
