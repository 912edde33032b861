#include <doctest/doctest.h>

#include "cash_out_test_support.hpp"
#include "flows/dispense/plan_text.hpp"

using namespace kiosk;
using namespace kiosk::flows;
using namespace kiosk::flows::cash_out;
using namespace kiosk::flows::cash_out::testing;
using dispense::CassetteMove;

namespace {
DispenseFinished delivered_all() {
  return DispenseFinished{R::Complete, {CassetteMove{0, 4, 0}, CassetteMove{1, 3, 0}}, ""};
}
bool receipt_mentions(const Receipt& r, std::string_view text) {
  for (auto& l : r.lines)
    if (l.label.find(text) != std::string::npos || l.value.find(text) != std::string::npos)
      return true;
  for (auto& f : r.footer)
    if (f.find(text) != std::string::npos) return true;
  return false;
}
}  // namespace

TEST_CASE("happy path: amount, order, confirmed deposit, one dispense, report, receipt, done") {
  Harness h;
  h.touch("choose_language", "ru");
  REQUIRE(h.flow.screen() == Screen::ChooseAsset);
  h.touch("choose_asset", "BTC/bitcoin");
  REQUIRE(h.flow.screen() == Screen::ChooseAmount);
  CHECK(h.flow.estimate_atoms(Kzt{26000}) == Atoms{55872});  // floor(26260e8 / 47e6)
  auto fx = h.touch("choose_amount", "26000");
  const auto* create = E::first<CreateOrder>(fx);
  REQUIRE(create);
  CHECK(create->fiat == Kzt{26000});
  CHECK(create->asset_id == "BTC/bitcoin");
  CHECK(create->tx_id == "co-1");
  CHECK(h.flow.screen() == Screen::CreatingOrder);

  fx = h.send(OrderCreated{test_order(), 15min});
  REQUIRE(E::first<WatchOrder>(fx));
  CHECK(E::first<WatchOrder>(fx)->order_id == "ord-1");
  CHECK(h.flow.screen() == Screen::AwaitingDeposit);
  CHECK(h.flow.session().deposit_deadline == h.now + 15min);
  CHECK(h.flow.countdown(h.now + 5min) == 10min);
  CHECK(h.flow.countdown(h.now + 20min) == 0min);

  h.send(DepositStatus{DepositState::Seen, 55000, 0});
  CHECK(h.flow.session().message == "deposit_seen");
  CHECK(h.count_all_dispense() == 0);
  fx = h.confirmed();
  CHECK(E::count<StopWatching>(fx) == 1);
  const auto* d = E::first<Dispense>(fx);
  REQUIRE(d);
  CHECK(d->order_id == "ord-1");
  CHECK(d->plan.amount == Kzt{26000});
  CHECK(d->plan.per_cassette(3) == std::vector<int>{4, 3, 0});
  CHECK(d->intent.type == rec::kDispenseIntent);
  CHECK(d->intent.get_string("plan") == "0:5000:4;1:2000:3");
  CHECK(d->intent.get_string("order_id") == "ord-1");
  CHECK(h.flow.screen() == Screen::Dispensing);

  fx = h.send(delivered_all());
  const auto* rep = E::first<ReportDispensed>(fx);
  REQUIRE(rep);
  CHECK(rep->result == "complete");
  CHECK(rep->fiat == Kzt{26000});
  CHECK(rep->notes == std::map<std::int64_t, int>{{2000, 3}, {5000, 4}});
  CHECK(E::count<SuspendCashOut>(fx) == 0);
  const auto* print = E::first<PrintReceipt>(fx);
  REQUIRE(print);
  CHECK(receipt_mentions(print->receipt, "26 000"));
  CHECK_FALSE(receipt_mentions(print->receipt, "Не выдано"));
  CHECK(print->receipt.qr_payload == "https://example.kz/tx/co-1");
  CHECK(h.flow.screen() == Screen::Printing);

  h.send(ReceiptDone{true, ""});
  CHECK(h.flow.screen() == Screen::Done);
  CHECK(journal_types(h.all) ==
        std::vector<std::string>{rec::kSessionOpened, rec::kOrderRequested, rec::kOrderCreated,
                                 rec::kDispenseIntent, rec::kDispenseResult, rec::kDispensedQueued,
                                 rec::kReceiptPrinted, rec::kClosed});
  h.touch("finish");
  CHECK(h.flow.screen() == Screen::Welcome);
  CHECK(h.flow.session().tx_id.empty());
}

TEST_CASE("nothing starts without the exchange, on stale rates, or while unavailable") {
  Harness h;
  h.flow.set_available(false, "dispenser_fault");
  h.touch("choose_language", "en");
  CHECK(h.flow.screen() == Screen::Welcome);
  h.flow.set_available(true, "");
  h.touch("choose_language", "de");
  CHECK(h.flow.screen() == Screen::Welcome);

  h.flow.set_market(test_market(h.now, false));
  h.touch("choose_language", "en");
  CHECK(h.flow.screen() == Screen::SessionEnded);
  CHECK(h.flow.session().message == "needs_exchange");
  CHECK(h.all.empty());  // no transaction, nothing journaled
  h.touch("finish");

  h.flow.set_market(test_market(h.now));
  h.now += 3min;  // older than max_rate_age
  h.touch("choose_language", "en");
  CHECK(h.flow.session().message == "needs_exchange");
}

TEST_CASE("only amounts the cassettes can pay are offered and accepted") {
  Harness h;
  h.touch("choose_language", "en");
  h.touch("choose_asset", "BTC/bitcoin");
  const auto& offered = h.flow.session().amounts;
  auto has = [&](std::int64_t k) {
    return std::find(offered.begin(), offered.end(), Kzt{k}) != offered.end();
  };
  CHECK(has(2000));
  CHECK(has(26000));
  CHECK(has(56000));        // everything: 10 x 5000 + 3 x 2000
  CHECK_FALSE(has(1000));   // below the minimum and no 1000 notes
  CHECK_FALSE(has(3000));   // 5000 and 2000 notes cannot make it
  CHECK_FALSE(has(57000));  // more than the cassettes hold
  for (std::string bad : {"3000", "1000", "57000", "abc", "", "26000x"}) {
    auto fx = h.touch("choose_amount", bad);
    CHECK(fx.empty());
    CHECK(h.flow.screen() == Screen::ChooseAmount);
    CHECK(h.flow.session().message == "amount_not_payable");
  }
  CHECK(h.flow.session().tx_id.empty());
}

TEST_CASE("the amount is re-checked against the cassettes when chosen") {
  Harness h;
  h.touch("choose_language", "en");
  h.touch("choose_asset", "BTC/bitcoin");
  h.flow.set_cassettes({{0, Kzt{5000}, 1}});
  h.touch("choose_amount", "26000");
  CHECK(h.flow.screen() == Screen::ChooseAmount);
  CHECK(h.flow.session().message == "amount_not_payable");
}

TEST_CASE("empty cassettes: the session ends before any order") {
  Harness h;
  h.flow.set_cassettes({{0, Kzt{5000}, 0}});
  h.touch("choose_language", "en");
  h.touch("choose_asset", "BTC/bitcoin");
  CHECK(h.flow.screen() == Screen::SessionEnded);
  CHECK(h.flow.session().message == "no_cash");
}

TEST_CASE("an order that fails, is refused, is incomplete or never comes ends the session") {
  {
    Harness h;
    h.choose();
    h.send(OrderFailed{true, "", "connection refused"});
    CHECK(h.flow.screen() == Screen::SessionEnded);
    CHECK(h.flow.session().message == "needs_exchange");
  }
  {
    Harness h;
    h.choose();
    h.send(OrderFailed{false, "limit_exceeded", "over the limit"});
    CHECK(h.flow.session().message == "order_refused");
  }
  {
    Harness h;
    h.choose();
    h.send(OrderCreated{test_order(0), 15min});  // asks for no crypto: not an order
    CHECK(h.flow.session().message == "order_refused");
    CHECK(E::count<WatchOrder>(h.all) == 0);
  }
  {
    Harness h;
    h.choose();
    h.advance(31s);
    CHECK(h.flow.screen() == Screen::SessionEnded);
    CHECK(h.flow.session().message == "needs_exchange");
    h.send(OrderCreated{test_order(), 15min});  // late: the customer never saw an address
    CHECK(E::count<WatchOrder>(h.all) == 0);
    CHECK(h.flow.screen() == Screen::SessionEnded);
  }
}

TEST_CASE("no dispense on an unconfirmed, under-confirmed or under-paid deposit") {
  Harness h;
  h.order();
  h.send(DepositStatus{DepositState::Waiting, 0, 0});
  h.send(DepositStatus{DepositState::Seen, 55000, 0});
  h.send(DepositStatus{DepositState::Seen, 55000, 5});  // seen is not confirmed, whatever the count
  h.confirmed(55000, 1);                                // order asks for 2
  h.confirmed(54999, 2);                                // one atom short
  CHECK(h.flow.session().message == "deposit_short");
  CHECK(h.count_all_dispense() == 0);
  CHECK(h.flow.screen() == Screen::AwaitingDeposit);
  h.confirmed(60000, 3);  // over-paid and over-confirmed is fine
  CHECK(h.count_all_dispense() == 1);
}

TEST_CASE("the kiosk's confirmation floor applies when the order asks for none") {
  Harness h;
  h.order(26000, test_order(55000, 0));
  h.confirmed(55000, 0);
  CHECK(h.count_all_dispense() == 0);
  h.confirmed(55000, 1);
  CHECK(h.count_all_dispense() == 1);
}

TEST_CASE("giving up while waiting prints the redeem code and never dispenses") {
  Harness h;
  h.order();
  h.send(DepositStatus{DepositState::Seen, 55000, 0});
  auto fx = h.touch("cancel");
  CHECK(E::count<StopWatching>(fx) == 1);
  const auto* code = E::first<PrintRedeemCode>(fx);
  REQUIRE(code);
  CHECK(code->receipt.qr_payload == "RC-7K2M-9QXT");
  CHECK(receipt_mentions(code->receipt, "RC-7K2M-9QXT"));
  CHECK(h.flow.screen() == Screen::Printing);
  h.confirmed();  // the deposit confirms while the slip prints: still no dispense
  h.send(ReceiptDone{true, ""});
  CHECK(h.flow.screen() == Screen::SessionEnded);
  CHECK(h.flow.session().message == "redeem_code_printed");
  h.confirmed();
  CHECK(h.count_all_dispense() == 0);
  auto types = journal_types(h.all);
  CHECK(std::count(types.begin(), types.end(), rec::kRedeemCodeIssued) == 1);
  CHECK(types.back() == rec::kClosed);
}

TEST_CASE("the countdown runs to the order's expiry, capped by the policy, then the code prints") {
  Harness h;
  h.order(26000, test_order(), 2h);  // the policy caps the wait at 30 min
  CHECK(h.flow.deadline() == h.now + 30min);
  h.advance(29min);
  CHECK(h.flow.screen() == Screen::AwaitingDeposit);
  auto fx = h.advance(1min);
  CHECK(E::count<PrintRedeemCode>(fx) == 1);
  CHECK(h.flow.session().end == EndReason::Timeout);
  CHECK(h.count_all_dispense() == 0);
}

TEST_CASE("an expired order ends the session; a code is printed only if something arrived") {
  {
    Harness h;
    h.order();
    auto fx = h.send(DepositStatus{DepositState::Expired, 0, 0});
    CHECK(E::count<PrintRedeemCode>(fx) == 0);
    CHECK(h.flow.screen() == Screen::SessionEnded);
    CHECK(h.flow.session().message == "order_expired");
  }
  {
    Harness h;
    h.order();
    auto fx = h.send(DepositStatus{DepositState::Expired, 1000, 0});
    REQUIRE(E::count<PrintRedeemCode>(fx) == 1);
    CHECK(receipt_mentions(E::first<PrintRedeemCode>(fx)->receipt, "истёк"));
  }
  {
    Harness h;
    h.order();
    h.send(DepositStatus{DepositState::Dispensed, 55000, 3});
    CHECK(h.flow.session().message == "already_dispensed");
    CHECK(h.count_all_dispense() == 0);
  }
}

TEST_CASE("no double dispense: repeated confirmations, cancel and timeout after Dispense") {
  Harness h;
  h.order();
  h.confirmed();
  h.confirmed();
  h.confirmed(60000, 9);
  CHECK(h.flow.screen() == Screen::Dispensing);
  auto fx = h.touch("cancel");
  CHECK(fx.empty());
  CHECK(h.flow.screen() == Screen::Dispensing);
  CHECK(h.count_all_dispense() == 1);
  CHECK(E::count<PrintRedeemCode>(h.all) == 0);
  h.send(delivered_all());
  h.confirmed();
  h.send(ReceiptDone{true, ""});
  h.confirmed();
  CHECK(h.count_all_dispense() == 1);
  CHECK(E::count<ReportDispensed>(h.all) == 1);
}

TEST_CASE("a dispenser that never answers: unknown, reported, cash-out suspended, no retry") {
  Harness h;
  h.order();
  h.confirmed();
  h.advance(4min);
  CHECK(h.flow.screen() == Screen::Dispensing);
  auto fx = h.advance(1min);
  const auto* rep = E::first<ReportDispensed>(fx);
  REQUIRE(rep);
  CHECK(rep->result == "unknown");
  CHECK(rep->fiat == Kzt{0});
  REQUIRE(E::first<SuspendCashOut>(fx));
  CHECK(E::first<SuspendCashOut>(fx)->tx_id == "co-1");
  REQUIRE(E::first<PrintReceipt>(fx));
  CHECK(receipt_mentions(E::first<PrintReceipt>(fx)->receipt, "Оператор урегулирует"));
  // The real answer arrives late: kept for the operator, not applied or reported again.
  fx = h.send(delivered_all());
  REQUIRE(fx.size() == 1);
  const auto& late = std::get<Journal>(fx[0]).record;
  CHECK(late.type == rec::kLateDispenseResult);
  CHECK(late.get_string("moves") == "0:4:0;1:3:0");
  CHECK(late.tx_id == "co-1");
  h.send(ReceiptDone{true, ""});
  h.touch("finish");  // even after the session is gone the late answer names its transaction
  fx = h.send(delivered_all());
  REQUIRE(fx.size() == 1);
  CHECK(std::get<Journal>(fx[0]).record.tx_id == "co-1");
  CHECK(E::count<ReportDispensed>(h.all) == 1);
  CHECK(h.count_all_dispense() == 1);
}

TEST_CASE("partial dispense: receipt and report show what was delivered and the shortfall") {
  Harness h;
  h.order();
  h.confirmed();
  auto fx =
      h.send(DispenseFinished{R::Partial, {CassetteMove{0, 3, 1}, CassetteMove{1, 3, 0}}, "32"});
  const auto* rep = E::first<ReportDispensed>(fx);
  REQUIRE(rep);
  CHECK(rep->result == "partial");
  CHECK(rep->fiat == Kzt{21000});
  CHECK(rep->notes == std::map<std::int64_t, int>{{2000, 3}, {5000, 3}});
  CHECK(E::count<SuspendCashOut>(fx) == 0);
  const auto& result = std::get<Journal>(fx[0]).record;
  CHECK(result.type == rec::kDispenseResult);
  CHECK(result.get_int("shortfall_kzt") == 5000);
  CHECK(result.get_int("rejected") == 1);
  const auto* print = E::first<PrintReceipt>(fx);
  REQUIRE(print);
  CHECK(receipt_mentions(print->receipt, "Не выдано"));  // in Russian, the customer's language
  CHECK(receipt_mentions(print->receipt, "5 000"));
  CHECK(h.flow.session().message == "partial_dispense");
}

TEST_CASE("a 'complete' answer with short counts is partial; an unknown answer is unknown") {
  {
    Harness h;
    h.order();
    h.confirmed();
    auto fx = h.send(DispenseFinished{R::Complete, {CassetteMove{0, 4, 0}}, ""});
    CHECK(E::first<ReportDispensed>(fx)->result == "partial");
    CHECK(E::first<ReportDispensed>(fx)->fiat == Kzt{20000});
  }
  {
    Harness h;
    h.order();
    h.confirmed();
    auto fx = h.send(DispenseFinished{R::Unknown, {}, "link lost"});
    CHECK(E::first<ReportDispensed>(fx)->result == "unknown");
    CHECK(E::count<SuspendCashOut>(fx) == 1);
    CHECK(h.flow.session().message == "dispense_unknown");
  }
}

TEST_CASE("cassettes emptied before the deposit confirmed: no dispense, the code is printed") {
  Harness h;
  h.order();
  h.flow.set_cassettes({{0, Kzt{5000}, 2}});
  auto fx = h.confirmed();
  CHECK(E::count<Dispense>(fx) == 0);
  CHECK(E::count<PrintRedeemCode>(fx) == 1);
  CHECK(h.flow.session().message == "cannot_dispense_now");
  auto types = journal_types(h.all);
  CHECK(std::count(types.begin(), types.end(), rec::kDispenseRefused) == 1);
}

TEST_CASE("timeouts on every customer-facing screen") {
  Harness h;
  h.touch("choose_language", "en");
  h.advance(61s);
  CHECK(h.flow.screen() == Screen::Welcome);
  h.touch("choose_language", "en");
  h.touch("choose_asset", "BTC/bitcoin");
  h.advance(59s);
  CHECK(h.flow.screen() == Screen::ChooseAmount);
  h.advance(2s);
  CHECK(h.flow.screen() == Screen::Welcome);

  h.flow.set_market(test_market(h.now));
  h.order();
  h.confirmed();
  h.send(delivered_all());
  auto fx = h.advance(31s);  // the printer never answered
  CHECK(h.flow.screen() == Screen::Done);
  auto types = journal_types(h.all);
  CHECK(std::count(types.begin(), types.end(), rec::kReceiptFailed) == 1);
  h.advance(31s);
  CHECK(h.flow.screen() == Screen::Welcome);

  h.flow.set_market(test_market(h.now));
  h.choose();
  h.send(OrderFailed{true, "", ""});
  h.advance(21s);
  CHECK(h.flow.screen() == Screen::Welcome);
}

TEST_CASE("cancel before the order: no order, no code, back to welcome or ended") {
  Harness h;
  h.touch("choose_language", "en");
  h.touch("cancel");
  CHECK(h.flow.screen() == Screen::Welcome);
  h.choose();
  h.touch("cancel");
  CHECK(h.flow.screen() == Screen::SessionEnded);
  CHECK(h.flow.session().end == EndReason::Cancelled);
  h.send(OrderCreated{test_order(), 15min});
  CHECK(E::count<WatchOrder>(h.all) == 0);
  CHECK(E::count<PrintRedeemCode>(h.all) == 0);
}

TEST_CASE("every way out of the deposit wait stops watching the order exactly once") {
  auto stops = [](const std::vector<Effect>& fx) { return E::count<StopWatching>(fx); };
  {
    Harness h;
    h.order();
    CHECK(stops(h.confirmed()) == 1);
  }
  {
    Harness h;
    h.order();
    CHECK(stops(h.touch("cancel")) == 1);
  }
  {
    Harness h;
    h.order();
    CHECK(stops(h.advance(15min)) == 1);
  }
  {
    Harness h;
    h.order();
    CHECK(stops(h.send(DepositStatus{DepositState::Expired, 0, 0})) == 1);
  }
  {
    Harness h;
    h.order();
    CHECK(stops(h.send(DepositStatus{DepositState::Expired, 10, 0})) == 1);
  }
  {
    Harness h;
    h.order();
    h.flow.set_cassettes({});
    CHECK(stops(h.confirmed()) == 1);
  }
}
