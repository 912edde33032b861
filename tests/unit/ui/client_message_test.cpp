#include "ui/client_message.hpp"

#include <doctest/doctest.h>

#include <random>
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

// In the spirit of a fuzz target: mutated messages never throw and never yield a non-object.
TEST_CASE("client message: random mutations of a valid message never throw") {
  const std::string seed =
      R"({"type":"sim","action":"present_qr","payload":"bitcoin:bc1q?x=1","n":[1,2.5e3,null]})";
  std::mt19937 rng(7);
  for (int i = 0; i < 20000; ++i) {
    std::string text = seed;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const auto pos = rng() % text.size();
      switch (rng() % 3) {
        case 0:
          text[pos] = static_cast<char>(rng() % 256);
          break;
        case 1:
          text.erase(pos, 1 + rng() % 8);
          break;
        default:
          text.insert(pos, 1, "{}[]\",:\\"[rng() % 8]);
          break;
      }
    }
    CAPTURE(text);
    std::expected<nlohmann::json, kiosk::ui::MessageRefusal> r;
    CHECK_NOTHROW(r = parse_client_message(text));
    if (r) CHECK((r->is_object() && (*r)["type"].is_string()));
  }
}
