#include <doctest/doctest.h>

#include "cash_in_test_support.hpp"

using namespace kiosk;
using namespace kiosk::flows;
using namespace kiosk::flows::cash_in;
using namespace kiosk::flows::cash_in::testing;
using K = NoteEvent::Kind;

TEST_CASE("happy path: two notes, confirm, purchase queued, receipt, done") {
  Harness h;
  h.start_session();
  REQUIRE(h.flow.screen() == Screen::InsertNotes);
  CHECK(h.flow.session().tx_id == "tx-1");
  const auto* enable = h.first<EnableNotes>(h.all);
  REQUIRE(enable);
  CHECK(enable->denominations.size() == 6);

  auto fx = h.note(K::Escrowed, 5000);
  CHECK(h.count<StackNote>(fx) == 1);
  CHECK(h.flow.session().credited == Kzt{0});  // no credit at escrow
  h.note(K::Stacked, 5000);
  h.insert(5000);
  CHECK(h.flow.session().credited == Kzt{10000});

  fx = h.touch("confirm");
  const auto* q = h.first<QueuePurchase>(fx);
  REQUIRE(q);
  CHECK(q->order.fiat == Kzt{10000});
  CHECK(q->order.fee == Kzt{200});
  CHECK(q->order.crypto == Atoms{20416});  // floor(9800 * 1e8 / 48e6)
  CHECK(q->order.notes.at(5000) == 2);
  CHECK(q->order.address == "bc1qexampleaddress");
  CHECK_FALSE(q->order.offline);
  const auto* print = h.first<PrintReceipt>(fx);
  REQUIRE(print);
  CHECK(print->receipt.qr_payload == "https://example.kz/tx/tx-1");
  CHECK(h.flow.screen() == Screen::Processing);

  h.send(ReceiptDone{true, ""});
  CHECK(h.flow.screen() == Screen::Done);
  CHECK(h.journal_types() ==
        std::vector<std::string>{"cash_in.session_opened", "cash_in.note_stacking",
                                 "cash_in.note_credited", "cash_in.note_stacking",
                                 "cash_in.note_credited", "cash_in.purchase_queued",
                                 "cash_in.receipt_printed", "cash_in.closed"});
  h.touch("finish");
  CHECK(h.flow.screen() == Screen::Welcome);
  CHECK(h.flow.session().tx_id.empty());
}

TEST_CASE("a session does not start while unavailable, on stale rates or in an unknown language") {
  Harness h;
  h.flow.set_available(false, "validator_fault");
  h.touch("choose_language", "en");
  CHECK(h.flow.screen() == Screen::Welcome);

  h.flow.set_available(true, "");
  h.touch("choose_language", "de");
  CHECK(h.flow.screen() == Screen::Welcome);

  h.now += std::chrono::minutes(3);  // older than max_rate_age (2 min)
  h.touch("choose_language", "en");
  CHECK(h.flow.screen() == Screen::Welcome);
}

TEST_CASE("a refused wallet keeps the customer on the scan screen with the reason") {
  Harness h;
  h.touch("choose_language", "en");
  h.touch("choose_asset", "BTC/bitcoin");
  auto fx = h.send(WalletScanned{"bc1qbroken"});
  CHECK(fx.empty());
  CHECK(h.flow.screen() == Screen::ScanWallet);
  CHECK(h.flow.session().message == "bad_checksum");
  CHECK(h.flow.session().tx_id.empty());  // no money, no transaction
}

TEST_CASE("a note past the limit is returned and the enabled notes shrink with the room left") {
  Harness h;
  h.start_session();
  h.insert(20000);
  h.insert(20000);
  auto fx = h.note(K::Escrowed, 5000);  // 45 000 <= 50 000: ok
  h.note(K::Stacked, 5000);
  fx = h.note(K::Escrowed, 10000);  // 55 000 > 50 000
  CHECK(h.count<ReturnNote>(fx) == 1);
  CHECK(h.count<StackNote>(fx) == 0);
  CHECK(h.flow.session().message == "note_over_limit");
  h.note(K::Returned, 10000);
  CHECK(h.flow.session().credited == Kzt{45000});
  CHECK(h.journal_count("cash_in.note_refused") == 1);
  CHECK(h.journal_count("cash_in.note_returned") == 1);
  CHECK(h.flow.notes_that_fit() == std::vector<Kzt>{Kzt{500}, Kzt{1000}, Kzt{2000}, Kzt{5000}});
}

TEST_CASE("a note the validator rejects while notes are inhibited for the limit is said over it") {
  Harness h;
  h.start_session();
  h.note(K::Rejected, 0);  // all notes enabled: an ordinary refusal
  CHECK(h.flow.session().message == "note_rejected");
  h.insert(20000);
  h.insert(20000);  // 10 000 left: the 20 000 note is inhibited, the validator refuses it
  h.note(K::Rejected, 0);
  CHECK(h.flow.session().message == "note_over_limit");
}

TEST_CASE("a denomination the kiosk does not accept is returned") {
  Harness h;
  h.start_session();
  auto fx = h.note(K::Escrowed, 200);
  CHECK(h.count<ReturnNote>(fx) == 1);
  CHECK(h.flow.session().message == "note_not_accepted");
}

TEST_CASE("a note is refused once the session's quote is too old") {
  Policy p = test_policy();
  p.quote_ttl = std::chrono::seconds(30);
  Harness h(p);
  h.start_session();
  h.now += std::chrono::seconds(40);
  auto fx = h.note(K::Escrowed, 1000);
  CHECK(h.count<ReturnNote>(fx) == 1);
  CHECK(h.flow.session().message == "quote_expired");
}

TEST_CASE("cancel: nothing inserted ends without a purchase") {
  Harness h;
  h.start_session();
  auto fx = h.touch("cancel");
  CHECK(h.count<QueuePurchase>(fx) == 0);
  CHECK(h.count<DisableNotes>(fx) == 1);
  CHECK(h.flow.screen() == Screen::SessionEnded);
  CHECK(h.journal_count("cash_in.closed") == 1);
}

TEST_CASE("cancel: credited cash is never lost, the purchase goes ahead for it") {
  Harness h;
  h.start_session();
  h.insert(2000);
  auto fx = h.touch("cancel");
  const auto* q = h.first<QueuePurchase>(fx);
  REQUIRE(q);
  CHECK(q->order.fiat == Kzt{2000});
  CHECK(h.flow.session().end == EndReason::Cancelled);
}

TEST_CASE("cancel with a note being stacked waits for the credit, then buys") {
  Harness h;
  h.start_session();
  h.note(K::Escrowed, 5000);
  auto fx = h.touch("cancel");
  CHECK(h.count<QueuePurchase>(fx) == 0);
  CHECK(h.flow.screen() == Screen::InsertNotes);
  fx = h.note(K::Stacked, 5000);
  const auto* q = h.first<QueuePurchase>(fx);
  REQUIRE(q);
  CHECK(q->order.fiat == Kzt{5000});
}

TEST_CASE("cancel with a refused note in escrow waits for it to come back") {
  Harness h;
  h.start_session();
  h.note(K::Escrowed, 200);  // refused: returning
  h.touch("cancel");
  CHECK(h.flow.screen() == Screen::InsertNotes);
  h.note(K::Returned, 200);
  CHECK(h.flow.screen() == Screen::SessionEnded);
  CHECK(h.count<QueuePurchase>(h.all) == 0);
}

TEST_CASE("timeout on the note screen buys for what was inserted") {
  Harness h;
  h.start_session();
  h.insert(1000);
  auto fx = h.advance(std::chrono::seconds(91));
  const auto* q = h.first<QueuePurchase>(fx);
  REQUIRE(q);
  CHECK(q->order.fiat == Kzt{1000});
  CHECK(h.flow.session().end == EndReason::Timeout);
}

TEST_CASE("timeouts return every early screen to welcome without journaling") {
  Harness h;
  h.touch("choose_language", "kk");
  h.advance(std::chrono::seconds(61));
  CHECK(h.flow.screen() == Screen::Welcome);
  h.touch("choose_language", "kk");
  h.touch("choose_asset", "USDT/tron");
  h.advance(std::chrono::seconds(61));
  CHECK(h.flow.screen() == Screen::Welcome);
  CHECK(h.all.empty());
}

TEST_CASE("a validator fault during stacking marks the note unresolved and buys the credit") {
  Harness h;
  h.start_session();
  h.insert(5000);
  h.note(K::Escrowed, 10000);
  auto fx = h.note(K::Fault, 0, "jammed");
  CHECK(h.flow.session().unresolved == Kzt{10000});
  const auto* q = h.first<QueuePurchase>(fx);
  REQUIRE(q);
  CHECK(q->order.fiat == Kzt{5000});
  const auto* print = h.first<PrintReceipt>(fx);
  REQUIRE(print);
  bool mentions = false;
  for (auto& f : print->receipt.footer) mentions |= f.find("10 000") != std::string::npos;
  CHECK(mentions);
  CHECK(h.journal_count("cash_in.note_unresolved") == 1);
}

TEST_CASE("a fault with nothing credited ends the session and says what is owed") {
  Harness h;
  h.start_session();
  h.note(K::Escrowed, 2000);
  h.note(K::Fault, 0, "jammed");
  CHECK(h.flow.screen() == Screen::SessionEnded);
  CHECK(h.flow.session().end == EndReason::DeviceFault);
  CHECK(h.flow.session().unresolved == Kzt{2000});
  CHECK(h.count<QueuePurchase>(h.all) == 0);
}

TEST_CASE("a validator that never reports on a stacked note ends the session as a fault") {
  Harness h;
  h.start_session();
  h.note(K::Escrowed, 2000);
  h.advance(std::chrono::seconds(21));
  CHECK(h.flow.session().unresolved == Kzt{2000});
  CHECK(h.flow.screen() == Screen::SessionEnded);
}

TEST_CASE("notes outside a session are returned or journaled, never lost") {
  Harness h;
  auto fx = h.note(K::Escrowed, 1000);
  CHECK(h.count<ReturnNote>(fx) == 1);
  fx = h.note(K::Stacked, 1000);
  CHECK(h.journal_count("cash.unattributed_note") == 1);
}

TEST_CASE("a credit reported after the session closed is journaled against it") {
  Harness h;
  h.start_session();
  h.note(K::Escrowed, 2000);
  h.note(K::Fault, 0, "jammed");
  h.note(K::Stacked, 2000);
  CHECK(h.journal_count("cash_in.late_credit") == 1);
}

TEST_CASE("offline: the session is limited by the offline cap and marked offline") {
  Harness h(test_policy(), /*online=*/false);
  Market m = test_market(h.now, false);
  m.offline_exposure = Kzt{490000};  // cap 500 000: 10 000 left
  h.flow.set_market(m);
  h.start_session();
  REQUIRE(h.flow.screen() == Screen::InsertNotes);
  CHECK(h.flow.session().offline);
  CHECK(h.flow.session().limit == Kzt{10000});
  auto fx = h.note(K::Escrowed, 20000);
  CHECK(h.count<ReturnNote>(fx) == 1);
  h.note(K::Returned, 20000);
  h.insert(10000);
  fx = h.touch("confirm");
  const auto* q = h.first<QueuePurchase>(fx);
  REQUIRE(q);
  CHECK(q->order.offline);
  const auto* print = h.first<PrintReceipt>(fx);
  bool says = false;
  // In the customer's language (the harness chose Russian).
  for (auto& f : print->receipt.footer) says |= f.find("связь восстановится") != std::string::npos;
  CHECK(says);
}

TEST_CASE("offline: no sale once the cap is used up or the rates are too old") {
  Harness h(test_policy(), false);
  Market m = test_market(h.now, false);
  m.offline_exposure = Kzt{500000};
  h.flow.set_market(m);
  h.touch("choose_language", "en");
  CHECK(h.flow.screen() == Screen::Welcome);

  m.offline_exposure = Kzt{0};
  m.received_at = h.now - std::chrono::minutes(31);
  h.flow.set_market(m);
  h.touch("choose_language", "en");
  CHECK(h.flow.screen() == Screen::Welcome);
}

TEST_CASE("a printer that never answers still closes the transaction") {
  Harness h;
  h.start_session();
  h.insert(1000);
  h.touch("confirm");
  h.advance(std::chrono::seconds(31));
  CHECK(h.flow.screen() == Screen::Done);
  CHECK(h.journal_count("cash_in.receipt_failed") == 1);
  CHECK(h.journal_count("cash_in.closed") == 1);
}

TEST_CASE("confirm is ignored while a note is in escrow or nothing was inserted") {
  Harness h;
  h.start_session();
  CHECK(h.touch("confirm").empty());
  h.note(K::Escrowed, 1000);
  CHECK(h.touch("confirm").empty());
}
