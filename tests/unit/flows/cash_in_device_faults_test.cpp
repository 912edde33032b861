// Issue 13 item 3 and issue 18 item 4, at the flow: a power-up with a bill in the stacker right
// after STACK is that note; a validator lost before any cash ends the session at once; no session
// opens while buying is not offered.
#include <doctest/doctest.h>

#include "cash_in_test_support.hpp"

using namespace kiosk;
using namespace kiosk::flows;
using namespace kiosk::flows::cash_in;
using namespace kiosk::flows::cash_in::testing;
using K = NoteEvent::Kind;

namespace {
const Record* journal_of(const Harness& h, std::string_view type) {
  for (auto& e : h.all)
    if (auto* j = std::get_if<Journal>(&e); j && j->record.type == type) return &j->record;
  return nullptr;
}
}  // namespace

TEST_CASE("power_up_bill_in_stacker_after_stack_credits_that_note") {
  Harness h;
  h.start_session();
  h.note(K::Escrowed, 5000);  // the flow sent STACK for it
  REQUIRE(h.flow.session().stacking);
  // CCNET 12 carries no bill type: amount 0.
  h.note(K::Stacked, 0, kPowerUpInStacker);
  CHECK(h.flow.session().credited == Kzt{5000});
  CHECK_FALSE(h.flow.session().escrow.has_value());
  CHECK(h.flow.session().unresolved == Kzt{0});
  CHECK(h.journal_count("cash_in.late_credit") == 0);
  const Record* credit = journal_of(h, "cash_in.note_credited");
  REQUIRE(credit);
  CHECK(credit->get_int("kzt") == 5000);
  CHECK(credit->get_string("source") == std::string(kPowerUpInStacker));
  // The escrow deadline passing later changes nothing: the note is settled.
  h.advance(std::chrono::seconds(30));
  CHECK(h.journal_count("cash_in.note_unresolved") == 0);
}

TEST_CASE("power_up_bill_in_stacker_after_the_fault_ended_the_session_is_recovered_for_it") {
  Harness h;
  h.start_session();
  h.note(K::Escrowed, 5000);
  h.note(K::Fault, 0, "link_lost");  // the session ends with the note unresolved
  REQUIRE(h.flow.session().unresolved == Kzt{5000});
  h.note(K::Stacked, 0, kPowerUpInStacker);
  CHECK(h.journal_count("cash_in.late_credit") == 0);
  const Record* r = journal_of(h, "cash_in.credit_recovered");
  REQUIRE(r);
  CHECK(r->get_int("kzt") == 5000);
  CHECK(r->tx_id == h.flow.session().tx_id);
}

TEST_CASE("power_up_bill_in_stacker_without_a_stack_stays_unattributed") {
  Harness h;
  h.start_session();
  h.note(K::Escrowed, 200);  // a note the kiosk does not take: RETURN sent, not STACK
  REQUIRE(h.flow.session().returning);
  h.note(K::Stacked, 0, kPowerUpInStacker);
  CHECK(h.flow.session().credited == Kzt{0});
  CHECK(h.journal_count("cash_in.late_credit") == 1);
}

TEST_CASE("validator_lost_before_any_cash_ends_the_session_at_once") {
  for (int at = 0; at < 2; ++at) {
    Harness h;
    h.touch("choose_language", "ru");
    h.touch("choose_asset", "BTC/bitcoin");
    if (at == 1) REQUIRE(h.flow.screen() == Screen::ScanWallet);
    h.note(K::Fault, 0, "link_lost:");
    CHECK(h.flow.screen() == Screen::SessionEnded);
    CHECK(h.flow.session().end == EndReason::DeviceFault);
    CHECK(h.flow.session().message == "validator_unavailable");
    CHECK(h.count<EnableNotes>(h.all) == 0);
  }
}

TEST_CASE("no_session_opens_while_buying_is_not_offered") {
  Harness h;
  h.touch("choose_language", "ru");
  h.touch("choose_asset", "BTC/bitcoin");
  h.flow.set_available(false, "validator_link_lost");
  h.send(WalletScanned{"ok:bc1qexampleaddress"});
  CHECK(h.flow.screen() == Screen::SessionEnded);
  CHECK(h.count<EnableNotes>(h.all) == 0);
}

TEST_CASE("selling_offered_alone_opens_the_welcome_screen_but_no_purchase") {
  Harness h;
  h.flow.set_available(false, "validator_link_lost");
  h.flow.set_sell_offered(true);
  h.touch("choose_language", "ru");
  CHECK(h.flow.screen() == Screen::ChooseAsset);
  h.touch("choose_asset", "BTC/bitcoin");
  CHECK(h.flow.screen() == Screen::ChooseAsset);  // buying is not offered
  h.flow.set_sell_offered(false);
  h.touch("cancel");
  h.touch("choose_language", "ru");
  CHECK(h.flow.screen() == Screen::Welcome);
}
