// Random event sequences against both flows: whatever the customer, the exchange and the devices
// do, a Dispense follows only a deposit the exchange confirmed in full, at most once per session,
// never after the redeem code was printed, and every Dispense is followed by at most one report.
#include <doctest/doctest.h>

#include <map>
#include <random>
#include <set>

#include "cash_out_test_support.hpp"

using namespace kiosk;
using namespace kiosk::flows;
using namespace kiosk::flows::cash_out;
using namespace kiosk::flows::cash_out::testing;
using dispense::CassetteMove;

namespace {

DepositStatus random_deposit(std::mt19937& rng) {
  DepositState st = static_cast<DepositState>(rng() % 5);
  Atoms received = std::array<Atoms, 4>{0, 54999, 55000, 70000}[rng() % 4];
  return DepositStatus{st, received, static_cast<int>(rng() % 4)};
}

// A document (accepted or not), the person's standing (blocked, offline, used up, under
// review) or a selfie.
Event identification_event(std::mt19937& rng) {
  namespace cp = compliance;
  switch (rng() % 3) {
    case 0:
      if (rng() % 4 == 0) return DocumentChecked{std::nullopt, "document_expired"};
      return DocumentChecked{cp::resident("900101400123", "SEITKALI AIGERIM", "1990-01-01"), ""};
    case 1: {
      Kzt used{static_cast<std::int64_t>(rng() % 3) * 250'000};
      return CustomerStanding{"p-" + std::to_string(rng() % 3), rng() % 5 == 0,
                              cp::Usage{used, used}, rng() % 6 != 0,
                              static_cast<cp::ReviewState>(rng() % 4)};
    }
    default:
      return SelfieChecked{rng() % 3 != 0, "no_face"};
  }
}

Event random_event(std::mt19937& rng) {
  switch (rng() % 12) {
    case 0:
      return Touch{"choose_language", "en"};
    case 1:
      return Touch{"choose_asset", rng() % 2 ? "BTC/bitcoin" : "DOGE/dogecoin"};
    case 2:
      return Touch{"choose_amount", std::to_string(1000 * (1 + rng() % 30))};
    case 3:
      return Touch{rng() % 2 ? "cancel" : "finish", ""};
    case 4:
      return OrderCreated{test_order(rng() % 5 ? 55000 : 0), std::chrono::minutes(rng() % 20)};
    case 5:
      return OrderFailed{rng() % 2 == 0, "x", ""};
    case 6:
    case 7:
      return random_deposit(rng);
    case 8:
      return DispenseFinished{static_cast<DispenseFinished::Result>(rng() % 3),
                              {CassetteMove{0, static_cast<int>(rng() % 5), 0}},
                              ""};
    case 9:
      return ReceiptDone{rng() % 2 == 0, ""};
    case 10:
      return identification_event(rng);
    default:
      return Tick{};
  }
}

// Mostly an event that fits the screen (so the walk gets somewhere), sometimes anything.
Event guided_event(std::mt19937& rng, Screen screen) {
  if (rng() % 10 < 3) return random_event(rng);
  switch (screen) {
    case Screen::Welcome:
      return Touch{"choose_language", "en"};
    case Screen::ChooseAsset:
      return Touch{"choose_asset", "BTC/bitcoin"};
    case Screen::ChooseAmount:
      return Touch{"choose_amount", std::to_string(2000 * (1 + rng() % 13))};
    case Screen::Identify:
      return Touch{"consent", ""};
    case Screen::ScanDocument:
    case Screen::CheckingCustomer:
    case Screen::Selfie:
      return identification_event(rng);
    case Screen::CreatingOrder:
      return OrderCreated{test_order(), std::chrono::minutes(1 + rng() % 20)};
    case Screen::AwaitingDeposit: {
      DepositStatus d = random_deposit(rng);
      if (rng() % 2) d.state = DepositState::Confirmed;
      return d;
    }
    default:
      return random_event(rng);
  }
}

RedeemStatus random_status(std::mt19937& rng) {
  RedeemStatus s;
  s.found = rng() % 5 != 0;
  s.order_id = "ord-" + std::to_string(rng() % 3);
  s.fiat = Kzt{1000 * static_cast<std::int64_t>(1 + rng() % 30)};
  s.state = rng() % 2 ? DepositState::Confirmed : static_cast<DepositState>(rng() % 5);
  s.crypto_atoms = 55000;
  s.received_atoms = rng() % 4 ? 55000 : 100;
  s.confirmations = static_cast<int>(rng() % 4);
  s.required_confirmations = 2;
  s.dispensed_here = rng() % 4 == 0;
  return s;
}

}  // namespace

TEST_CASE("property: cash-out dispenses once, only on a confirmed full deposit") {
  std::mt19937 rng(424242);
  int dispenses = 0, identified_orders = 0;
  for (int run = 0; run < 400; ++run) {
    Policy p = test_policy();
    if (rng() % 2) p.kyc = compliance::KycSettings{};
    Harness h(p);
    std::map<std::string, int> per_tx;
    std::set<std::string> code_printed, reported;
    for (int step = 0; step < 80; ++step) {
      h.now += std::chrono::seconds(rng() % 8 ? rng() % 20 : rng() % 2000);
      h.flow.set_market(test_market(h.now));
      Event e = guided_event(rng, h.flow.screen());
      auto fx = h.send(e);
      const std::string tx = h.flow.session().tx_id;
      for (const Effect& f : fx) {
        if (const auto* c = std::get_if<CreateOrder>(&f); c && p.kyc) {
          // Identified (or an allowed anonymous tier) and within the person's limit.
          const auto& person = h.flow.session().person;
          REQUIRE(person.who);
          CHECK(std::get_if<Touch>(&e));
          CHECK(c->customer_ref == person.ref);
          CHECK_FALSE(c->customer_ref.empty());
          CHECK(c->fiat <= h.flow.session().limit);
          CHECK(c->fiat <= compliance::tier_cap(p.kyc->rules, person.tier));
          ++identified_orders;
        }
        if (std::holds_alternative<PrintRedeemCode>(f)) code_printed.insert(tx);
        if (const auto* d = std::get_if<Dispense>(&f)) {
          ++dispenses;
          const auto* dep = std::get_if<DepositStatus>(&e);
          REQUIRE(dep);  // only a deposit report moves money
          CHECK(dep->state == DepositState::Confirmed);
          CHECK(dep->received_atoms >= 55000);
          CHECK(dep->confirmations >= 2);
          CHECK(++per_tx[tx] == 1);
          CHECK(code_printed.count(tx) == 0);
          CHECK(d->plan.amount == h.flow.session().amount);
        }
        if (const auto* r = std::get_if<ReportDispensed>(&f)) {
          CHECK(per_tx[r->tx_id] == 1);  // a report only for a dispense
          CHECK(reported.insert(r->tx_id).second);
        }
      }
    }
  }
  CHECK(dispenses > 20);  // the random walk reaches the dispenser, so the checks above ran
  CHECK(identified_orders > 20);
}

TEST_CASE("property: redeem dispenses once, only on a ready order not dispensed here") {
  std::mt19937 rng(777);
  int dispenses = 0;
  for (int run = 0; run < 400; ++run) {
    int next = 1;
    RedeemFlow flow(test_policy(), [&] { return "rd-" + std::to_string(next++); });
    flow.set_online(true);
    flow.set_available(true);
    flow.set_cassettes(test_cassettes());
    Instant now{0};
    std::map<std::string, int> per_tx;
    for (int step = 0; step < 60; ++step) {
      now += std::chrono::seconds(rng() % 8 ? rng() % 10 : rng() % 400);
      Event e = Tick{};
      switch (rng() % 7) {
        case 0:
          e = Touch{"redeem", ""};
          break;
        case 1:
          e = CodeScanned{rng() % 4 ? "RC-7K2M-9QXT" : "x"};
          break;
        case 2:
        case 3:
          e = random_status(rng);
          break;
        case 4:
          e = DispenseFinished{DispenseFinished::Result::Complete, {CassetteMove{0, 1, 0}}, ""};
          break;
        case 5:
          e = ReceiptDone{true, ""};
          break;
        default:
          break;
      }
      auto fx = flow.handle(e, now);
      for (const Effect& f : fx) {
        if (!std::holds_alternative<Dispense>(f)) continue;
        ++dispenses;
        const auto* s = std::get_if<RedeemStatus>(&e);
        REQUIRE(s);
        CHECK(s->found);
        CHECK_FALSE(s->dispensed_here);
        CHECK(s->state == DepositState::Confirmed);
        CHECK(s->confirmations >= 2);
        CHECK(s->received_atoms >= s->crypto_atoms);
        CHECK(++per_tx[flow.session().tx_id] == 1);
      }
    }
  }
  CHECK(dispenses > 20);
}
