// Cash-out with identification (Policy::kyc): the customer is identified before any amount is
// offered, the amounts stop at the person's limit, and every way identification can end.
#include <doctest/doctest.h>

#include "cash_out_test_support.hpp"

using namespace kiosk;
using namespace kiosk::flows;
using namespace kiosk::flows::cash_out;
using namespace kiosk::flows::cash_out::testing;
namespace cp = kiosk::flows::compliance;

namespace {

Policy kyc_policy() {
  Policy p = test_policy();
  p.max_tx = Kzt{500'000};
  cp::KycSettings k;
  k.rules.selfie_above = Kzt{200'000};
  k.rules.review_above = Kzt{1'000'000};
  k.rules.daily_limit = Kzt{1'000'000};
  k.rules.monthly_limit = Kzt{5'000'000};
  k.rules.retail_monthly_cap = Kzt{513'000};
  p.kyc = k;
  return p;
}

// Enough notes for every amount up to 2 000 000 in 1 000 steps.
std::vector<dispense::Cassette> full_cassettes() {
  return {{0, Kzt{20000}, 200}, {1, Kzt{5000}, 100}, {2, Kzt{1000}, 100}};
}

cp::CustomerIdentity aigerim() {
  return cp::resident("900101400123", "SEITKALI AIGERIM", "1990-01-01");
}

CustomerStanding standing(std::int64_t day = 0, std::int64_t month = 0, bool blocked = false,
                          cp::ReviewState review = cp::ReviewState::None,
                          bool from_exchange = true) {
  return CustomerStanding{"p-1f2e", blocked, cp::Usage{Kzt{day}, Kzt{month}}, from_exchange,
                          review};
}

struct KycHarness : Harness {
  explicit KycHarness(Policy p = kyc_policy()) : Harness(std::move(p)) {
    flow.set_cassettes(full_cassettes());
  }
  // Welcome -> asset -> consent -> document accepted: ends on CheckingCustomer.
  void identify() {
    touch("choose_language", "kk");
    touch("choose_asset", "BTC/bitcoin");
    REQUIRE(flow.screen() == Screen::Identify);
    touch("consent");
    REQUIRE(flow.screen() == Screen::ScanDocument);
    auto fx = send(DocumentChecked{aigerim(), ""});
    REQUIRE(flow.screen() == Screen::CheckingCustomer);
    const auto* look = E::first<LookUpCustomer>(fx);
    REQUIRE(look);
    CHECK(look->who.key == "iin:900101400123");
  }
  int journal_count(const std::string& type) const {
    auto types = journal_types(all);
    return static_cast<int>(std::count(types.begin(), types.end(), type));
  }
  Kzt largest_offer() const {
    const auto& a = flow.session().amounts;
    return a.empty() ? Kzt{0} : *std::max_element(a.begin(), a.end());
  }
};

}  // namespace

TEST_CASE("cash-out kyc: no amount and no order before the customer is identified") {
  KycHarness h;
  h.touch("choose_language", "ru");
  h.touch("choose_asset", "BTC/bitcoin");
  CHECK(h.flow.screen() == Screen::Identify);
  CHECK(h.flow.session().amounts.empty());
  h.touch("choose_amount", "20000");  // not on this screen
  h.touch("continue_anonymous");      // no anonymous tier in the Kazakhstan default
  CHECK(h.flow.screen() == Screen::Identify);
  h.touch("consent");
  h.touch("choose_amount", "20000");
  CHECK(h.flow.screen() == Screen::ScanDocument);
  CHECK(E::count<CreateOrder>(h.all) == 0);
  CHECK(h.journal_count("cash_out.session_opened") == 0);
}

TEST_CASE("cash-out kyc: consent, document, look-up; the order carries the pseudonym") {
  KycHarness h;
  h.now = Instant{5'000'000};
  h.flow.set_market(test_market(h.now));
  h.touch("choose_language", "kk");
  h.touch("choose_asset", "BTC/bitcoin");
  Instant consent_at = h.now;
  h.touch("consent");
  h.now += std::chrono::seconds(40);  // reading the document takes a while
  h.send(DocumentChecked{aigerim(), ""});
  CHECK(h.journal_count("cash_out.consent_given") == 1);
  auto fx = h.send(standing());
  REQUIRE(h.flow.screen() == Screen::ChooseAmount);
  const auto* kyc = E::first<SubmitKyc>(fx);
  REQUIRE(kyc);
  CHECK(kyc->tier == cp::Tier::Document);
  CHECK(kyc->customer_ref == "p-1f2e");
  CHECK(kyc->tx_id == h.flow.session().tx_id);
  CHECK(kyc->lang == "kk");
  CHECK(kyc->consent_at == consent_at);  // the consent's own time, not the submission's
  // A document covers up to selfie_above: the amounts stop there.
  CHECK(h.flow.session().limit == Kzt{200'000});
  CHECK(h.flow.session().limit_binding == "tier");
  CHECK(h.largest_offer() == Kzt{200'000});
  CHECK(h.flow.can_raise_tier());
  h.touch("choose_amount", "201000");
  CHECK(h.flow.session().message == "amount_not_payable");
  CHECK(E::count<CreateOrder>(h.all) == 0);
  h.touch("choose_amount", "150000");
  const auto* order = E::first<CreateOrder>(h.all);
  REQUIRE(order);
  CHECK(order->fiat == Kzt{150'000});
  CHECK(order->customer_ref == "p-1f2e");
  CHECK(order->tx_id == kyc->tx_id);  // one transaction from consent to order
  // The journal names the person by pseudonym only.
  for (const auto& e : h.all)
    if (auto* j = std::get_if<Journal>(&e)) {
      if (j->record.type == "cash_out.session_opened") {
        CHECK(j->record.get_string("person") == "p-1f2e");
        CHECK(j->record.get_string("tier") == "document");
        CHECK(j->record.get_int("limit_kzt") == 200'000);
      }
      for (const auto& [k, v] : j->record.fields)
        if (auto* text = std::get_if<std::string>(&v))
          CHECK(text->find("900101400123") == std::string::npos);
    }
}

TEST_CASE("cash-out kyc: the person's daily, monthly and retail headroom bind the amounts") {
  SUBCASE("retail monthly cap") {
    KycHarness h;
    h.identify();
    h.send(standing(0, 480'000));
    CHECK(h.flow.session().limit == Kzt{33'000});
    CHECK(h.flow.session().limit_binding == "retail_monthly");
    CHECK(h.largest_offer() == Kzt{33'000});
    CHECK_FALSE(h.flow.can_raise_tier());  // a selfie would not raise it
    h.touch("take_selfie");
    CHECK(h.flow.screen() == Screen::ChooseAmount);
  }
  SUBCASE("daily, for a customer outside the retail cap") {
    Policy p = kyc_policy();
    p.kyc->rules.retail_cap_applies = false;
    KycHarness h(p);
    h.identify();
    h.send(standing(950'000, 950'000));
    CHECK(h.flow.session().limit == Kzt{50'000});
    CHECK(h.flow.session().limit_binding == "daily");
  }
  SUBCASE("below the smallest amount: the session ends before any order") {
    KycHarness h;
    h.identify();
    h.send(standing(0, 512'000));  // 1 000 left, the kiosk pays from 2 000
    CHECK(h.flow.screen() == Screen::SessionEnded);
    CHECK(h.flow.session().message == "limit_reached");
    CHECK(E::count<CreateOrder>(h.all) == 0);
    CHECK(h.journal_count("cash_out.closed") == 1);
  }
}

// A person with no limit left ended their session; the next customer must still be offered selling
// (the kiosk's offer was computed from the ended session's limit and flapped to "no_cash").
TEST_CASE("cash-out kyc: one person's used-up limit does not close selling for the next") {
  KycHarness h;
  h.identify();
  h.send(standing(0, 512'000));
  REQUIRE(h.flow.screen() == Screen::SessionEnded);
  CHECK(h.flow.payable_amounts().empty());  // this person: nothing
  CHECK(h.flow.pays_any_amount());          // the kiosk: still pays
}

TEST_CASE("cash-out kyc: a blocked or rejected person is refused, neutrally, before any order") {
  SUBCASE("blocked list") {
    KycHarness h;
    h.identify();
    auto fx = h.send(standing(0, 0, true));
    CHECK(h.flow.screen() == Screen::SessionEnded);
    CHECK(h.flow.session().message == "customer_refused");
    CHECK(E::count<SubmitKyc>(fx) == 0);
    bool journaled = false;
    for (const auto& e : fx)
      if (auto* j = std::get_if<Journal>(&e); j && j->record.type == "cash_out.customer_refused") {
        CHECK(j->record.get_string("reason") == "blocked_list");
        CHECK(j->record.get_string("person") == "p-1f2e");
        journaled = true;
      }
    CHECK(journaled);
  }
  SUBCASE("the exchange's review rejected the person") {
    KycHarness h;
    h.identify();
    auto fx = h.send(standing(0, 0, false, cp::ReviewState::Rejected));
    CHECK(h.flow.screen() == Screen::SessionEnded);
    CHECK(h.flow.session().message == "customer_refused");
    CHECK(h.journal_count("cash_out.customer_refused") == 1);
    for (const auto& e : fx)
      if (auto* j = std::get_if<Journal>(&e); j && j->record.type == "cash_out.customer_refused")
        CHECK(j->record.get_string("reason") == "review_rejected");
  }
}

TEST_CASE("cash-out kyc: without the exchange's usage no amount is offered") {
  KycHarness h;
  h.identify();
  h.send(standing(0, 0, false, cp::ReviewState::None, false));
  CHECK(h.flow.screen() == Screen::SessionEnded);
  CHECK(h.flow.session().message == "needs_exchange");
  CHECK(h.flow.session().amounts.empty());
  CHECK(E::count<SubmitKyc>(h.all) == 0);
}

TEST_CASE("cash-out kyc: a selfie raises the tier; refusals keep the customer on the selfie") {
  Policy p = kyc_policy();
  p.kyc->rules.retail_cap_applies = false;
  KycHarness h(p);
  h.identify();
  h.send(standing());
  REQUIRE(h.flow.can_raise_tier());
  h.touch("take_selfie");
  REQUIRE(h.flow.screen() == Screen::Selfie);
  h.send(SelfieChecked{false, "several_faces"});
  CHECK(h.flow.screen() == Screen::Selfie);
  CHECK(h.flow.session().message == "several_faces");
  auto fx = h.send(SelfieChecked{true, ""});
  CHECK(h.flow.screen() == Screen::ChooseAmount);
  CHECK(h.flow.session().person.tier == cp::Tier::DocumentSelfie);
  CHECK(h.flow.session().limit == Kzt{500'000});  // the kiosk's own maximum now
  CHECK(h.flow.session().limit_binding == "transaction");
  CHECK(h.largest_offer() == Kzt{500'000});
  const auto* kyc = E::first<SubmitKyc>(fx);
  REQUIRE(kyc);
  CHECK(kyc->tier == cp::Tier::DocumentSelfie);
  CHECK(h.journal_count("cash_out.tier_raised") == 1);
  CHECK_FALSE(h.flow.can_raise_tier());
}

TEST_CASE("cash-out kyc: skipping or timing out the selfie returns to the amounts") {
  KycHarness h;
  h.identify();
  h.send(standing());
  h.touch("take_selfie");
  h.touch("cancel");
  CHECK(h.flow.screen() == Screen::ChooseAmount);
  h.touch("take_selfie");
  h.advance(std::chrono::seconds(61));
  CHECK(h.flow.screen() == Screen::ChooseAmount);
  CHECK(h.flow.session().limit == Kzt{200'000});
}

TEST_CASE("cash-out kyc: manual review above review_above") {
  Policy p = kyc_policy();
  p.max_tx = Kzt{2'000'000};
  p.kyc->rules.retail_cap_applies = false;
  p.kyc->rules.daily_limit = Kzt{3'000'000};
  SUBCASE("never reviewed: the selfie asks for a review, the customer stays below it") {
    KycHarness h(p);
    h.identify();
    h.send(standing());
    h.touch("take_selfie");
    auto fx = h.send(SelfieChecked{true, ""});
    const auto* kyc = E::first<SubmitKyc>(fx);
    REQUIRE(kyc);
    CHECK(kyc->tier == cp::Tier::ManualReview);  // the request, with document and selfie
    CHECK(h.journal_count("cash_out.review_requested") == 1);
    CHECK(h.flow.session().person.tier == cp::Tier::DocumentSelfie);
    CHECK(h.flow.session().message == "review_requested");
    CHECK(h.flow.session().limit == Kzt{1'000'000});
    CHECK(h.largest_offer() == Kzt{1'000'000});
  }
  SUBCASE("pending: no second request, still below it") {
    KycHarness h(p);
    h.identify();
    h.send(standing(0, 0, false, cp::ReviewState::Pending));
    h.touch("take_selfie");
    auto fx = h.send(SelfieChecked{true, ""});
    CHECK(E::first<SubmitKyc>(fx)->tier == cp::Tier::DocumentSelfie);
    CHECK(h.journal_count("cash_out.review_requested") == 0);
    CHECK(h.flow.session().message == "review_pending");
    CHECK(h.flow.session().limit == Kzt{1'000'000});
  }
  SUBCASE("approved: document and selfie reach the review tier") {
    KycHarness h(p);
    h.identify();
    h.send(standing(0, 0, false, cp::ReviewState::Approved));
    CHECK(h.flow.session().limit == Kzt{200'000});  // still a selfie first
    h.touch("take_selfie");
    auto fx = h.send(SelfieChecked{true, ""});
    CHECK(E::first<SubmitKyc>(fx)->tier == cp::Tier::ManualReview);
    CHECK(h.flow.session().person.tier == cp::Tier::ManualReview);
    CHECK(h.flow.session().limit == Kzt{2'000'000});
    CHECK(h.flow.session().message.empty());
  }
}

TEST_CASE("cash-out kyc: a refused document keeps the customer on the document screen") {
  KycHarness h;
  h.touch("choose_language", "en");
  h.touch("choose_asset", "BTC/bitcoin");
  h.touch("consent");
  auto fx = h.send(DocumentChecked{std::nullopt, "document_expired"});
  CHECK(h.flow.screen() == Screen::ScanDocument);
  CHECK(h.flow.session().message == "document_expired");
  CHECK(h.journal_count("cash_out.document_refused") == 1);
  CHECK(E::count<LookUpCustomer>(fx) == 0);
  h.send(standing());  // an answer nobody asked for changes nothing
  CHECK(h.flow.screen() == Screen::ScanDocument);
}

TEST_CASE("cash-out kyc: leaving or timing out during identification closes the transaction") {
  SUBCASE("cancel on the consent screen") {
    KycHarness h;
    h.touch("choose_language", "en");
    h.touch("choose_asset", "BTC/bitcoin");
    h.touch("cancel");
    CHECK(h.flow.screen() == Screen::Welcome);
    CHECK(h.journal_count("cash_out.closed") == 1);
  }
  SUBCASE("document screen times out") {
    KycHarness h;
    h.touch("choose_language", "en");
    h.touch("choose_asset", "BTC/bitcoin");
    h.touch("consent");
    h.advance(std::chrono::seconds(91));
    CHECK(h.flow.screen() == Screen::Welcome);
    CHECK(h.journal_count("cash_out.closed") == 1);
  }
  SUBCASE("the look-up never answers") {
    KycHarness h;
    h.identify();
    h.advance(std::chrono::seconds(21));
    CHECK(h.flow.screen() == Screen::SessionEnded);
    CHECK(h.flow.session().message == "identification_unavailable");
    h.send(standing());  // too late
    CHECK(h.flow.screen() == Screen::SessionEnded);
    CHECK(E::count<SubmitKyc>(h.all) == 0);
  }
  SUBCASE("the amount screen times out after identification") {
    KycHarness h;
    h.identify();
    h.send(standing());
    h.advance(std::chrono::seconds(61));
    CHECK(h.flow.screen() == Screen::Welcome);
    CHECK(h.journal_count("cash_out.closed") == 1);
    CHECK(E::count<CreateOrder>(h.all) == 0);
  }
}

TEST_CASE("cash-out kyc: empty cassettes end the session before the customer is identified") {
  KycHarness h;
  h.flow.set_cassettes({{0, Kzt{5000}, 0}});
  h.touch("choose_language", "en");
  h.touch("choose_asset", "BTC/bitcoin");
  CHECK(h.flow.screen() == Screen::SessionEnded);
  CHECK(h.flow.session().message == "no_cash");
  CHECK(h.journal_count("cash_out.consent_given") == 0);
}

TEST_CASE("cash-out kyc: an anonymous tier where a deployment allows one") {
  Policy p = kyc_policy();
  p.kyc->rules.anonymous_allowed = true;
  p.kyc->rules.anonymous_max_tx = Kzt{50'000};
  KycHarness h(p);
  h.touch("choose_language", "en");
  h.touch("choose_asset", "BTC/bitcoin");
  h.touch("continue_anonymous");
  CHECK(h.flow.screen() == Screen::ChooseAmount);
  CHECK(h.flow.session().person.tier == cp::Tier::Anonymous);
  CHECK(h.largest_offer() == Kzt{50'000});
  CHECK_FALSE(h.flow.can_raise_tier());
  CHECK(E::count<SubmitKyc>(h.all) == 0);
}
