#include "offline_queue/heartbeat_message.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

using namespace kiosk::oq;

namespace {
Heartbeat sample() {
  Heartbeat h;
  h.kiosk_id = "sim-ast-001";
  h.sent_at_ms = 1714557600000;
  h.software_version = "0.1.0";
  h.uptime_s = 42;
  h.mode = "out_of_service";
  h.reason = "validator_link_lost";
  h.buy_offered = false;
  h.sell_offered = true;
  h.validator = {"fault", "validator_link_lost"};
  h.dispenser = {"ok", ""};
  h.printer = {"ok", "paper_near_end"};
  h.camera = {"ok", ""};
  h.cassettes = {{0, 20000, 50}, {1, 10000, 98}};
  h.reject_tray_notes = 2;
  h.cash_box_notes = 7;
  h.cash_box_kzt = 35000;
  h.outbox_depth = 3;
  h.outbox_oldest_age_s = 95;
  h.journal_head_seq = 120;
  h.journal_acked_through = 117;
  return h;
}
}  // namespace

TEST_CASE("a heartbeat survives the wire: what the kiosk writes the exchange reads back") {
  const Heartbeat h = sample();
  auto back = parse_heartbeat(heartbeat_body(h));
  REQUIRE(back);
  CHECK(*back == h);
  auto j = nlohmann::json::parse(heartbeat_body(h));
  CHECK(j["devices"]["validator"]["state"] == "fault");
  CHECK(j["outbox"]["oldest_age_s"] == 95);
  CHECK(j["journal"]["acked_through"] == 117);
  CHECK(j["cash_box"]["kzt"] == 35000);
}

TEST_CASE("a heartbeat missing a field, with a wrong type or a negative count is refused") {
  auto j = nlohmann::json::parse(heartbeat_body(sample()));
  auto without = [&](const char* key) {
    auto k = j;
    k.erase(key);
    return parse_heartbeat(k.dump());
  };
  CHECK(!without("mode"));
  CHECK(!without("devices"));
  CHECK(!without("outbox"));
  auto bad = j;
  bad["uptime_s"] = "42";
  CHECK(!parse_heartbeat(bad.dump()));
  bad = j;
  bad["outbox"]["depth"] = -1;
  CHECK(!parse_heartbeat(bad.dump()));
  bad = j;
  bad["devices"]["printer"]["state"] = "fine";
  auto r = parse_heartbeat(bad.dump());
  REQUIRE(!r);
  CHECK(r.error().what.find("printer") != std::string::npos);
  CHECK(!parse_heartbeat("[]"));
  CHECK(!parse_heartbeat("{not json"));
  auto extra = j;
  extra["newer_field"] = 1;  // unknown fields are ignored
  CHECK(parse_heartbeat(extra.dump()));
}

TEST_CASE("the heartbeat answer names commands_after, a non-negative integer") {
  CHECK(parse_heartbeat_answer(heartbeat_answer_body(7)).value() == 7);
  CHECK(parse_heartbeat_answer(R"({"commands_after":0})").value() == 0);
  CHECK(!parse_heartbeat_answer(R"({"commands_after":-1})"));
  CHECK(!parse_heartbeat_answer(R"({"commands_after":"3"})"));
  CHECK(!parse_heartbeat_answer(R"({})"));
}
