// Each customer screen declares the touches it offers (kiosk/shell/screen_actions); the kiosk acts
// on nothing else (issue 13 item 7).
#include "kiosk/shell/screen_actions.hpp"

#include <doctest/doctest.h>

using kiosk::app::loggable_action;
using kiosk::app::offered_actions;
using kiosk::app::refuse_touch;
using nlohmann::json;

namespace {

json shown(std::string name, json data) {
  json s = {{"type", "screen"}, {"screen", name}, {"data", std::move(data)}};
  s["actions"] = offered_actions(s);
  return s;
}

}  // namespace

TEST_CASE("screen actions: insert_notes with cash in offers no sell, redeem or keypad touch") {
  auto s = shown("insert_notes", {{"can_confirm", true}, {"can_take_selfie", false}});
  CHECK_FALSE(refuse_touch(s, "cancel", ""));
  CHECK_FALSE(refuse_touch(s, "confirm", ""));
  CHECK(refuse_touch(s, "start_cash_out", "") == "not_offered");
  CHECK(refuse_touch(s, "start_redeem", "") == "not_offered");
  CHECK(refuse_touch(s, "key", "x") == "not_offered");
  CHECK(refuse_touch(s, "take_selfie", "") == "not_offered");
  CHECK(refuse_touch(s, "no_such_touch", "") == "not_offered");
  CHECK(refuse_touch(s, "confirm", "1") == "bad_value");
  // Nothing to confirm yet: the button is disabled, and the touch is refused too.
  auto empty = shown("insert_notes", {{"can_confirm", false}, {"can_take_selfie", true}});
  CHECK(refuse_touch(empty, "confirm", "") == "not_offered");
  CHECK_FALSE(refuse_touch(empty, "take_selfie", ""));
}

TEST_CASE("screen actions: sell and redeem only from the buy menu, when cash-out is offered") {
  json assets = json::array({{{"id", "BTC/bitcoin"}}, {{"id", "ETH/ethereum"}}});
  auto on = shown("choose_asset", {{"assets", assets}, {"cash_out", true}});
  CHECK_FALSE(refuse_touch(on, "start_cash_out", ""));
  CHECK_FALSE(refuse_touch(on, "start_redeem", ""));
  CHECK_FALSE(refuse_touch(on, "choose_asset", "ETH/ethereum"));
  CHECK(refuse_touch(on, "choose_asset", "DOGE/dogecoin") == "bad_value");
  auto off = shown("choose_asset", {{"assets", assets}, {"cash_out", false}});
  CHECK(refuse_touch(off, "start_cash_out", "") == "not_offered");
}

TEST_CASE("screen actions: no coin to buy is offered while buying is off (validator down)") {
  json assets = json::array({{{"id", "BTC/bitcoin"}}});
  json offers = {{"buy", false}, {"sell", true}};
  auto s = shown("choose_asset", {{"assets", assets}, {"cash_out", true}, {"offers", offers}});
  CHECK(refuse_touch(s, "choose_asset", "BTC/bitcoin") == "bad_value");
  CHECK_FALSE(refuse_touch(s, "start_cash_out", ""));
  offers["buy"] = true;
  auto on = shown("choose_asset", {{"assets", assets}, {"offers", offers}});
  CHECK_FALSE(refuse_touch(on, "choose_asset", "BTC/bitcoin"));
}

TEST_CASE("screen actions: the redeem keypad takes the code's alphabet only") {
  auto s = shown("redeem_enter", {{"can_submit", false}});
  CHECK_FALSE(refuse_touch(s, "key", "7"));
  CHECK_FALSE(refuse_touch(s, "key", "Z"));
  for (const char* bad : {"x", "0", "O", "1", "I", "-", "", "AB", "\xd0\x90"}) {
    CAPTURE(bad);
    CHECK(refuse_touch(s, "key", bad) == "bad_value");
  }
  CHECK(refuse_touch(s, "submit", "") == "not_offered");
  CHECK_FALSE(refuse_touch(shown("redeem_enter", {{"can_submit", true}}), "submit", ""));
}

TEST_CASE("screen actions: amounts are whole tenge; languages as offered; waits offer nothing") {
  auto amount = shown("sell_amount", {{"can_take_selfie", false}});
  CHECK_FALSE(refuse_touch(amount, "choose_amount", "37000"));
  for (const char* bad : {"", "-5", "0", "037000", "1e5", "12.5", "9999999999999"}) {
    CAPTURE(bad);
    CHECK(refuse_touch(amount, "choose_amount", bad) == "bad_value");
  }
  auto welcome = shown("welcome", {{"languages", {"kk", "ru"}}});
  CHECK_FALSE(refuse_touch(welcome, "choose_language", "kk"));
  CHECK(refuse_touch(welcome, "choose_language", "en") == "bad_value");
  for (const char* wait : {"processing", "sell_wait", "checking_customer", "out_of_service", "?"}) {
    CAPTURE(wait);
    CHECK(offered_actions(shown(wait, json::object())).empty());
    CHECK(refuse_touch(shown(wait, json::object()), "cancel", "") == "not_offered");
  }
  CHECK(refuse_touch(json(), "cancel", "") == "not_offered");  // nothing shown yet
}

TEST_CASE("screen actions: the welcome screen offers buy, sell and redeem, each in a language") {
  auto both = shown("welcome", {{"languages", {"kk", "ru"}}, {"cash_out", true}});
  for (const char* a : {"choose_language", "start_cash_out", "start_redeem"}) {
    CAPTURE(a);
    CHECK_FALSE(refuse_touch(both, a, "ru"));
    CHECK(refuse_touch(both, a, "en") == "bad_value");
    CHECK(refuse_touch(both, a, "") == "bad_value");
  }
  auto buy_only = shown("welcome", {{"languages", {"kk", "ru"}}, {"cash_out", false}});
  CHECK(refuse_touch(buy_only, "start_cash_out", "kk") == "not_offered");
  CHECK(refuse_touch(buy_only, "start_redeem", "kk") == "not_offered");
  auto sell_only = shown("welcome", {{"languages", {"kk", "ru"}},
                                     {"cash_out", true},
                                     {"offers", {{"buy", false}, {"sell", true}}}});
  CHECK_FALSE(refuse_touch(sell_only, "choose_language", "kk"));  // leads on to selling
  CHECK_FALSE(refuse_touch(sell_only, "start_cash_out", "kk"));
}

TEST_CASE("screen actions: a client's text reaches the log only as a plain action name") {
  CHECK(loggable_action("start_cash_out") == "start_cash_out");
  CHECK(loggable_action("x=1 level=error") == "unrecognised");
  CHECK(loggable_action("") == "unrecognised");
  CHECK(loggable_action(std::string(40, 'a')) == "unrecognised");
}
