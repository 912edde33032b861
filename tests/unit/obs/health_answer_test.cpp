#include "kiosk/observe/health_answer.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

using namespace kiosk::app;

TEST_CASE("/healthz is 200 ok only in service, 503 with the mode and reason otherwise") {
  auto ok = health_answer("in_service", "");
  CHECK(ok.status == 200);
  CHECK(ok.body == "ok");
  auto down = health_answer("out_of_service", "validator_link_lost");
  CHECK(down.status == 503);
  CHECK(down.content_type == "application/json");
  auto j = nlohmann::json::parse(down.body);
  CHECK(j["mode"] == "out_of_service");
  CHECK(j["reason"] == "validator_link_lost");
  auto booting = health_answer("booting", "starting");
  CHECK(booting.status == 503);
  auto maintenance = health_answer("maintenance", "");
  CHECK(maintenance.status == 503);
  CHECK(nlohmann::json::parse(maintenance.body)["reason"] == "maintenance");
}
