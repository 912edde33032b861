#include <doctest/doctest.h>

#include "cash_out_test_support.hpp"

using namespace kiosk;
using namespace kiosk::flows;
using namespace kiosk::flows::cash_out;
using namespace kiosk::flows::cash_out::testing;
using dispense::CassetteMove;
using S = RedeemFlow::Screen;

namespace {

RedeemStatus ready(std::int64_t fiat = 26000) {
  RedeemStatus s;
  s.found = true;
  s.order_id = "ord-7";
  s.asset_id = "BTC/bitcoin";
  s.fiat = Kzt{fiat};
  s.state = DepositState::Confirmed;
  s.crypto_atoms = 55000;
  s.received_atoms = 55000;
  s.confirmations = 3;
  s.required_confirmations = 2;
  return s;
}

struct RedeemHarness {
  Instant now{5'000'000};
  int next_id = 1;
  RedeemFlow flow;
  std::vector<Effect> all;
  explicit RedeemHarness(Policy p = test_policy())
      : flow(std::move(p), [this] { return "rd-" + std::to_string(next_id++); }) {
    flow.set_online(true);
    flow.set_available(true);
    flow.set_cassettes(test_cassettes());
  }
  std::vector<Effect> send(const Event& e) {
    auto fx = flow.handle(e, now);
    all.insert(all.end(), fx.begin(), fx.end());
    return fx;
  }
  std::vector<Effect> advance(Millis d) {
    now += d;
    return send(Tick{});
  }
  void scan(std::string code = "RC-7K2M-9QXT") {
    send(Touch{"redeem", ""});
    send(CodeScanned{std::move(code)});
  }
};

}  // namespace

TEST_CASE("redeem: scan, look up, confirmed, one dispense, report, receipt, done") {
  RedeemHarness h;
  h.send(Touch{"redeem", ""});
  REQUIRE(h.flow.screen() == S::ScanCode);
  auto fx = h.send(CodeScanned{"RC-7K2M-9QXT"});
  REQUIRE(E::first<LookUpRedeem>(fx));
  CHECK(E::first<LookUpRedeem>(fx)->code == "RC-7K2M-9QXT");
  CHECK(h.flow.screen() == S::LookingUp);
  fx = h.send(ready());
  const auto* d = E::first<Dispense>(fx);
  REQUIRE(d);
  CHECK(d->order_id == "ord-7");
  CHECK(d->plan.amount == Kzt{26000});
  CHECK(d->intent.get_string("flow") == "redeem");
  CHECK(d->intent.tx_id == "rd-1");
  CHECK(h.flow.screen() == S::Dispensing);
  h.send(ready());  // a second status answer changes nothing
  h.send(Touch{"cancel", ""});
  CHECK(E::count<Dispense>(h.all) == 1);
  fx = h.send(DispenseFinished{R::Complete, {CassetteMove{0, 4, 0}, CassetteMove{1, 3, 0}}, ""});
  REQUIRE(E::first<ReportDispensed>(fx));
  CHECK(E::first<ReportDispensed>(fx)->order_id == "ord-7");
  CHECK(E::first<ReportDispensed>(fx)->result == "complete");
  REQUIRE(E::first<PrintReceipt>(fx));
  CHECK(E::first<PrintReceipt>(fx)->receipt.title == "ВЫДАЧА ПО КОДУ");
  h.send(ReceiptDone{true, ""});
  CHECK(h.flow.screen() == S::Done);
  h.send(Touch{"finish", ""});
  CHECK(h.flow.screen() == S::Idle);
}

TEST_CASE("redeem end states: unknown, already dispensed, expired, not confirmed") {
  struct Case {
    const char* name;
    RedeemStatus status;
    const char* message;
  };
  RedeemStatus here = ready();
  here.dispensed_here = true;
  RedeemStatus there = ready();
  there.state = DepositState::Dispensed;
  RedeemStatus expired = ready();
  expired.state = DepositState::Expired;
  RedeemStatus seen = ready();
  seen.state = DepositState::Seen;
  RedeemStatus few = ready();
  few.confirmations = 1;
  RedeemStatus short_paid = ready();
  short_paid.received_atoms = 54999;
  RedeemStatus no_crypto = ready();
  no_crypto.crypto_atoms = 0;
  for (const Case& c :
       {Case{"dispensed here", here, "already_dispensed"},
        Case{"dispensed elsewhere", there, "already_dispensed"},
        Case{"expired", expired, "order_expired"}, Case{"seen", seen, "not_confirmed"},
        Case{"too few confirmations", few, "not_confirmed"},
        Case{"under-paid", short_paid, "not_confirmed"},
        Case{"no crypto asked", no_crypto, "not_confirmed"}}) {
    CAPTURE(c.name);
    RedeemHarness h;
    h.scan();
    h.send(c.status);
    CHECK(h.flow.screen() == S::Ended);
    CHECK(h.flow.session().message == c.message);
    CHECK(E::count<Dispense>(h.all) == 0);
    auto types = journal_types(h.all);
    CHECK(types.front() == rec::kRedeemLookedUp);
    CHECK(types.back() == rec::kClosed);
  }
}

TEST_CASE("redeem: a code the exchange does not know is typed again, three tries in all") {
  RedeemHarness h;
  RedeemStatus unknown;
  unknown.found = false;
  for (int attempt = 1; attempt < kRedeemCodeTries; ++attempt) {
    CAPTURE(attempt);
    h.scan();
    h.send(unknown);
    CHECK(h.flow.screen() == S::ScanCode);  // still identified: no new document scan
    CHECK(h.flow.session().message == "unknown_code");
    CHECK(h.flow.session().code.empty());
  }
  h.scan();
  h.send(unknown);
  CHECK(h.flow.screen() == S::Ended);
  CHECK(h.flow.session().message == "unknown_code");
  CHECK(E::count<Dispense>(h.all) == 0);
  CHECK(journal_types(h.all).back() == rec::kClosed);
}

TEST_CASE("redeem: the cassettes cannot pay now; the exchange is unreachable; a bad code") {
  {
    RedeemHarness h;
    h.flow.set_cassettes({{0, Kzt{5000}, 1}});
    h.scan();
    h.send(ready());
    CHECK(h.flow.session().message == "cannot_dispense_now");
    CHECK(E::count<Dispense>(h.all) == 0);
  }
  {
    RedeemHarness h;
    h.scan();
    h.send(LookupFailed{"timeout"});
    CHECK(h.flow.session().message == "needs_exchange");
  }
  {
    RedeemHarness h;
    h.scan();
    h.advance(31s);
    CHECK(h.flow.session().message == "needs_exchange");
    h.send(ready());  // too late
    CHECK(E::count<Dispense>(h.all) == 0);
  }
  {
    RedeemHarness h;
    h.send(Touch{"redeem", ""});
    for (std::string bad : {std::string(), std::string("abc"), std::string("RC 7K2M"),
                            std::string(65, 'A'), std::string("RC-7K2M;DROP")}) {
      auto fx = h.send(CodeScanned{bad});
      CHECK(fx.empty());
      CHECK(h.flow.session().message == "bad_code");
    }
    CHECK(h.flow.screen() == S::ScanCode);
  }
  {
    RedeemHarness h;
    h.flow.set_online(false);
    h.send(Touch{"redeem", ""});
    CHECK(h.flow.session().message == "needs_exchange");
  }
  {
    RedeemHarness h;
    h.flow.set_available(false);
    h.send(Touch{"redeem", ""});
    CHECK(h.flow.screen() == S::Idle);
  }
}

TEST_CASE("redeem: a dispenser that never answers is unknown; timeouts on every screen") {
  RedeemHarness h;
  h.scan();
  h.send(ready());
  auto fx = h.advance(5min);
  CHECK(E::first<ReportDispensed>(fx)->result == "unknown");
  CHECK(E::count<SuspendCashOut>(fx) == 1);
  h.advance(31s);  // printer
  CHECK(h.flow.screen() == S::Done);
  h.advance(31s);
  CHECK(h.flow.screen() == S::Idle);
  h.send(Touch{"redeem", ""});
  h.advance(61s);
  CHECK(h.flow.screen() == S::Idle);
  CHECK(E::count<Dispense>(h.all) == 1);
}

TEST_CASE("redeem: partial dispense receipt shows the shortfall") {
  RedeemHarness h;
  h.scan();
  h.send(ready());
  auto fx = h.send(DispenseFinished{R::Partial, {CassetteMove{0, 2, 0}}, "pick error"});
  CHECK(E::first<ReportDispensed>(fx)->result == "partial");
  CHECK(E::first<ReportDispensed>(fx)->fiat == Kzt{10000});
  bool shortfall = false;
  for (auto& l : E::first<PrintReceipt>(fx)->receipt.lines)
    if (l.label == "Не выдано" && l.value.find("16 000") != std::string::npos) shortfall = true;
  CHECK(shortfall);
}

namespace {

Policy kyc_policy() {
  Policy p = test_policy();
  p.kyc = compliance::KycSettings{};
  return p;
}

CustomerStanding standing(bool blocked = false,
                          compliance::ReviewState review = compliance::ReviewState::None) {
  return CustomerStanding{"p-77aa", blocked, {}, true, review};
}

// Redeem -> consent -> document accepted -> look-up: ends on CheckingCustomer.
void identify(RedeemHarness& h) {
  h.send(Touch{"redeem", "kk"});
  REQUIRE(h.flow.screen() == S::Identify);
  h.send(Touch{"consent", ""});
  REQUIRE(h.flow.screen() == S::ScanDocument);
  auto fx = h.send(
      DocumentChecked{compliance::resident("900101400123", "SEITKALI AIGERIM", "1990-01-01"), ""});
  REQUIRE(E::first<LookUpCustomer>(fx));
  REQUIRE(h.flow.screen() == S::CheckingCustomer);
}

int journaled(const RedeemHarness& h, const std::string& type) {
  auto t = journal_types(h.all);
  return static_cast<int>(std::count(t.begin(), t.end(), type));
}

}  // namespace

TEST_CASE("redeem kyc: the person collecting is identified before the code is asked") {
  RedeemHarness h(kyc_policy());
  h.send(Touch{"redeem", "kk"});
  h.send(CodeScanned{"RC-7K2M-9QXT"});  // not on the consent screen
  CHECK(E::count<LookUpRedeem>(h.all) == 0);
  identify(h);
  CHECK(journaled(h, "redeem.consent_given") == 1);
  auto fx = h.send(standing());
  CHECK(h.flow.screen() == S::ScanCode);
  const auto* kyc = E::first<SubmitKyc>(fx);
  REQUIRE(kyc);
  CHECK(kyc->lang == "kk");
  CHECK(kyc->tx_id == h.flow.session().tx_id);
  fx = h.send(CodeScanned{"RC-7K2M-9QXT"});
  const auto* look = E::first<LookUpRedeem>(fx);
  REQUIRE(look);
  CHECK(look->customer_ref == "p-77aa");  // the shell claims nothing for another person
  std::string tx = h.flow.session().tx_id;
  h.send(ready());
  CHECK(h.flow.screen() == S::Dispensing);
  CHECK(h.flow.session().tx_id == tx);  // one transaction from consent to payout
  CHECK(E::count<Dispense>(h.all) == 1);
}

TEST_CASE("redeem kyc: an order made for another person is not paid") {
  RedeemHarness h(kyc_policy());
  identify(h);
  h.send(standing());
  h.send(CodeScanned{"RC-7K2M-9QXT"});
  RedeemStatus st = ready();
  st.other_person = true;
  h.send(st);
  CHECK(h.flow.screen() == S::Ended);
  CHECK(h.flow.session().message == "redeem_other_person");
  CHECK(E::count<Dispense>(h.all) == 0);
  CHECK(journaled(h, "redeem.other_person") == 1);
  CHECK(journaled(h, "cash_out.closed") == 1);
}

TEST_CASE("redeem kyc: blocked or rejected people are refused before the code") {
  for (auto st : {standing(true), standing(false, compliance::ReviewState::Rejected)}) {
    RedeemHarness h(kyc_policy());
    identify(h);
    h.send(st);
    CHECK(h.flow.screen() == S::Ended);
    CHECK(h.flow.session().message == "customer_refused");
    CHECK(journaled(h, "redeem.customer_refused") == 1);
    CHECK(E::count<SubmitKyc>(h.all) == 0);
    h.send(CodeScanned{"RC-7K2M-9QXT"});
    CHECK(E::count<LookUpRedeem>(h.all) == 0);
  }
}

TEST_CASE("redeem kyc: leaving or timing out closes the transaction, a lost look-up ends") {
  SUBCASE("cancel on the code screen") {
    RedeemHarness h(kyc_policy());
    identify(h);
    h.send(standing());
    h.send(Touch{"cancel", ""});
    CHECK(h.flow.screen() == S::Idle);
    CHECK(journaled(h, "cash_out.closed") == 1);
  }
  SUBCASE("the document screen times out") {
    RedeemHarness h(kyc_policy());
    h.send(Touch{"redeem", ""});
    h.send(Touch{"consent", ""});
    h.advance(std::chrono::seconds(91));
    CHECK(h.flow.screen() == S::Idle);
    CHECK(journaled(h, "cash_out.closed") == 1);
  }
  SUBCASE("the look-up never answers") {
    RedeemHarness h(kyc_policy());
    identify(h);
    h.advance(std::chrono::seconds(21));
    CHECK(h.flow.screen() == S::Ended);
    CHECK(h.flow.session().message == "identification_unavailable");
  }
  SUBCASE("a refused document keeps the customer on the document screen") {
    RedeemHarness h(kyc_policy());
    h.send(Touch{"redeem", ""});
    h.send(Touch{"consent", ""});
    h.send(DocumentChecked{std::nullopt, "iin_invalid"});
    CHECK(h.flow.screen() == S::ScanDocument);
    CHECK(h.flow.session().message == "iin_invalid");
    CHECK(journaled(h, "redeem.document_refused") == 1);
  }
}
