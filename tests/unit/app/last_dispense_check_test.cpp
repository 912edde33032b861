// Issue 13 item 2: when may the dispenser's LAST STATUS stand for a dispense whose response was
// lost (kiosk/shell/last_dispense_check)?
#include "kiosk/shell/last_dispense_check.hpp"

#include <doctest/doctest.h>

#include "kiosk/supervisor.hpp"

using kiosk::app::DeviceBefore;
using kiosk::app::outcome_from_last_status;
using kiosk::devices::DispenseOutcome;
using R = DispenseOutcome::Result;

namespace {
DispenseOutcome answer(std::vector<int> requested, std::vector<int> delivered, R r = R::Complete,
                       std::string error = "") {
  DispenseOutcome o;
  o.result = r;
  o.error = std::move(error);
  for (std::size_t i = 0; i < requested.size(); ++i)
    o.cassettes.push_back({requested[i], delivered[i], 0});
  return o;
}
}  // namespace

TEST_CASE("last_status_of_the_lost_dispense_is_its_outcome") {
  const std::vector<int> sent{1, 0, 1, 1};
  DeviceBefore before{true, std::nullopt};  // a purge, or nothing since power-up
  auto o = outcome_from_last_status(sent, before, answer(sent, {1, 0, 1, 1}));
  REQUIRE(o);
  CHECK(o->result == R::Complete);
  CHECK(o->from_last_status);
  before.last = answer({2, 0, 0, 0}, {2, 0, 0, 0});  // a different earlier dispense
  CHECK(outcome_from_last_status(sent, before, answer(sent, {1, 0, 1, 1})));
  auto partial =
      outcome_from_last_status(sent, before, answer(sent, {1, 0, 0, 0}, R::Partial, "0x04 jam"));
  REQUIRE(partial);
  CHECK(partial->result == R::Partial);
}

TEST_CASE("last_status_that_may_be_an_earlier_operation_is_not_trusted") {
  const std::vector<int> sent{1, 0, 1, 1};
  // The same figures as the device's answer to the previous dispense: this one may never have
  // reached it.
  DeviceBefore before{true, answer(sent, {1, 0, 1, 1})};
  CHECK_FALSE(outcome_from_last_status(sent, before, answer(sent, {1, 0, 1, 1})));
  // What the device did before is not known (after start-up, or after an unknown outcome).
  CHECK_FALSE(outcome_from_last_status(sent, DeviceBefore{}, answer(sent, {1, 0, 1, 1})));
  // No answer, or a last operation that was no dispense (LCDM-1000/2000 cannot say at all).
  CHECK_FALSE(outcome_from_last_status(sent, DeviceBefore{true, std::nullopt}, std::nullopt));
  // More delivered than this dispense asked: not its answer.
  CHECK_FALSE(
      outcome_from_last_status(sent, DeviceBefore{true, std::nullopt}, answer(sent, {2, 0, 1, 1})));
}

TEST_CASE("offers_are_decided_separately_for_buying_and_selling") {
  using kiosk::app::decide_offers;
  auto o = decide_offers(true, "", true, "dispenser_fault");
  CHECK(o.buy);
  CHECK_FALSE(o.sell);
  CHECK(o.sell_reason == "dispenser_fault");
  o = decide_offers(false, "validator_link_lost", true, "");
  CHECK_FALSE(o.buy);
  CHECK(o.sell);
  CHECK(to_json(o) ==
        nlohmann::json::parse(
            R"({"buy":false,"sell":true,"reasons":{"buy":"validator_link_lost","sell":null}})"));
  CHECK(decide_offers(true, "", false, "").sell_reason == "not_configured");
}
