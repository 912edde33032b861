#include "ui/client_message.hpp"

#include <doctest/doctest.h>

#include <string>

#include "ui/replay_cache.hpp"

using kiosk::ui::kMaxClientMessageBytes;
using kiosk::ui::parse_client_message;
using kiosk::ui::ReplayCache;

TEST_CASE("client message: a typed object is accepted") {
  auto msg = parse_client_message(R"({"type":"action","action":"choose_language","value":"ru"})");
  REQUIRE(msg);
  CHECK((*msg)["action"] == "choose_language");
  CHECK((*msg)["value"] == "ru");
}

TEST_CASE("client message: everything else is refused with a reason") {
  CHECK(parse_client_message("{not json").error().reason == "invalid_json");
  CHECK(parse_client_message("").error().reason == "invalid_json");
  CHECK(parse_client_message("{\"type\":\"a\"} trailing").error().reason == "invalid_json");
  CHECK(parse_client_message("[1,2]").error().reason == "not_object");
  CHECK(parse_client_message("\"action\"").error().reason == "not_object");
  CHECK(parse_client_message("{\"action\":\"x\"}").error().reason == "no_type");
  CHECK(parse_client_message("{\"type\":5}").error().reason == "no_type");
  CHECK(parse_client_message("{\"type\":\"a\",\"s\":\"\xff\xfe\"}").error().reason ==
        "invalid_json");

  std::string big =
      R"({"type":"action","pad":")" + std::string(kMaxClientMessageBytes, 'x') + "\"}";
  CHECK(parse_client_message(big).error().reason == "oversized");
}

TEST_CASE("client message: exactly at the limit is still read") {
  const std::string head = R"({"type":"action","pad":")";
  std::string msg = head + std::string(kMaxClientMessageBytes - head.size() - 2, 'x') + "\"}";
  REQUIRE(msg.size() == kMaxClientMessageBytes);
  CHECK(parse_client_message(msg));
}

TEST_CASE("replay cache: keeps the last message per type, in first-seen order") {
  ReplayCache cache;
  auto text = [](const char* s) { return std::make_shared<const std::string>(s); };
  CHECK(cache.remember({{"type", "screen"}, {"screen", "welcome"}}, text("welcome")));
  CHECK(cache.remember({{"type", "banner"}}, text("banner")));
  CHECK(cache.remember({{"type", "screen"}, {"screen", "choose_asset"}}, text("choose_asset")));
  CHECK_FALSE(cache.remember({{"screen", "x"}}, text("untyped")));
  CHECK_FALSE(cache.remember(nlohmann::json::array(), text("array")));

  auto snap = cache.snapshot();
  REQUIRE(snap.size() == 2);
  CHECK(*snap[0] == "choose_asset");
  CHECK(*snap[1] == "banner");

  cache.forget("screen");
  snap = cache.snapshot();
  REQUIRE(snap.size() == 1);
  CHECK(*snap[0] == "banner");
}
