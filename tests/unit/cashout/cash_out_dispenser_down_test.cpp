// Issue 13 item 1 at the flow: a dispenser that cannot pay stops the sale before any order, and a
// settled deposit for an order already made gets the redeem code, never a dispense.
#include <doctest/doctest.h>

#include "cash_out_test_support.hpp"

using namespace kiosk;
using namespace kiosk::flows;
using namespace kiosk::flows::cash_out;
using namespace kiosk::flows::cash_out::testing;

TEST_CASE("jammed_dispenser_never_dispenses_a_confirmed_deposit") {
  Harness h;
  h.order();
  h.flow.set_available(false, "dispenser_fault");
  auto fx = h.confirmed();
  CHECK(h.count_all_dispense() == 0);
  CHECK(E::count<PrintRedeemCode>(fx) == 1);
  CHECK(h.flow.screen() == Screen::Printing);
  auto types = journal_types(h.all);
  CHECK(std::count(types.begin(), types.end(), rec::kDispenseRefused) == 1);
}

TEST_CASE("dispenser_down_ends_a_session_that_has_no_order_yet") {
  Harness h;
  h.touch("choose_language", "ru");
  h.touch("choose_asset", "BTC/bitcoin");
  REQUIRE(h.flow.screen() == Screen::ChooseAmount);
  h.flow.set_available(false, "dispenser_fault");
  h.send(DispenserDown{"dispenser_fault"});
  CHECK(h.flow.screen() == Screen::SessionEnded);
  CHECK(h.flow.session().message == "dispenser_unavailable");
  CHECK(E::count<CreateOrder>(h.all) == 0);
}

TEST_CASE("dispenser_down_while_awaiting_the_deposit_is_told_at_once") {
  Harness h;
  h.order();
  h.send(DispenserDown{"dispenser_link_lost"});
  CHECK(h.flow.screen() == Screen::AwaitingDeposit);
  CHECK(h.flow.session().message == "dispenser_unavailable");
}
