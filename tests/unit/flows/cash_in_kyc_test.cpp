// Cash-in with identification (Policy::kyc): consent, document, blocked list, limits per person,
// tiers, selfie, and every way the identification can end.
#include <doctest/doctest.h>

#include "cash_in_test_support.hpp"
#include "flows/cash_in/cash_in_recovery.hpp"

using namespace kiosk;
using namespace kiosk::flows;
using namespace kiosk::flows::cash_in;
using namespace kiosk::flows::cash_in::testing;
using K = NoteEvent::Kind;
namespace cp = kiosk::flows::compliance;

namespace {

Policy kyc_policy() {
  Policy p = test_policy();
  p.max_tx = Kzt{500'000};
  p.offline.max_tx = Kzt{100'000};
  KycSettings k;
  k.rules.selfie_above = Kzt{200'000};
  k.rules.review_above = Kzt{1'000'000};
  k.rules.daily_limit = Kzt{1'000'000};
  k.rules.monthly_limit = Kzt{5'000'000};
  k.rules.retail_monthly_cap = Kzt{513'000};
  p.kyc = k;
  return p;
}

cp::CustomerIdentity aigerim() {
  return cp::resident("900101400123", "SEITKALI AIGERIM", "1990-01-01");
}

CustomerStanding standing(std::int64_t day = 0, std::int64_t month = 0, bool from_exchange = true,
                          bool blocked = false) {
  return CustomerStanding{"p-1f2e", blocked, cp::Usage{Kzt{day}, Kzt{month}}, from_exchange};
}

// Welcome -> ... -> consent -> document accepted: ends on CheckingCustomer.
void identify(Harness& h) {
  h.start_session();
  REQUIRE(h.flow.screen() == Screen::Identify);
  h.touch("consent");
  REQUIRE(h.flow.screen() == Screen::ScanDocument);
  auto fx = h.send(DocumentChecked{aigerim(), ""});
  REQUIRE(h.flow.screen() == Screen::CheckingCustomer);
  const auto* look = h.first<LookUpCustomer>(fx);
  REQUIRE(look);
  CHECK(look->who.key == "iin:900101400123");
}

}  // namespace

// Regression: "no consent" was an Instant of 0, which is also a real time (the simulator's start,
// the first millisecond after boot): a consent given then was dated at the submission instead.
TEST_CASE("kyc: a consent given at instant 0 is carried as given, not taken for no consent") {
  Harness h(kyc_policy());
  h.now = Instant{0};
  h.flow.set_market(test_market(h.now));
  identify(h);
  h.now += std::chrono::seconds(40);
  auto fx = h.send(standing());
  const auto* kyc = h.first<SubmitKyc>(fx);
  REQUIRE(kyc);
  REQUIRE(kyc->consent_at.has_value());
  CHECK(*kyc->consent_at == Instant{0});
}

TEST_CASE("kyc: no note can be enabled before the customer is identified") {
  Harness h(kyc_policy());
  h.start_session();
  CHECK(h.flow.screen() == Screen::Identify);
  CHECK(h.count<EnableNotes>(h.all) == 0);
  CHECK(h.journal_count("cash_in.session_opened") == 0);
  // A note pushed in anyway (validator enabled by mistake) is returned.
  auto fx = h.note(K::Escrowed, 5000);
  CHECK(h.count<ReturnNote>(fx) == 1);
  h.touch("continue_anonymous");  // no anonymous tier in the Kazakhstan default
  CHECK(h.flow.screen() == Screen::Identify);
}

TEST_CASE("kyc: consent is journaled, the document identifies, the limit is the tier's") {
  Harness h(kyc_policy());
  identify(h);
  CHECK(h.journal_count("cash_in.consent_given") == 1);
  auto fx = h.send(standing());
  REQUIRE(h.flow.screen() == Screen::InsertNotes);
  const auto* kyc = h.first<SubmitKyc>(fx);
  REQUIRE(kyc);
  CHECK(kyc->tier == cp::Tier::Document);
  CHECK(kyc->customer_ref == "p-1f2e");
  CHECK(kyc->tx_id == h.flow.session().tx_id);
  CHECK(h.flow.session().limit == Kzt{200'000});  // a document covers up to selfie_above
  CHECK(h.flow.session().limit_binding == "tier");
  CHECK(h.flow.can_raise_tier());
  // The journal names the person by pseudonym only.
  for (const auto& e : h.all)
    if (auto* j = std::get_if<Journal>(&e))
      for (const auto& [k, v] : j->record.fields)
        if (auto* text = std::get_if<std::string>(&v))
          CHECK(text->find("900101400123") == std::string::npos);
  h.insert(20000);
  h.touch("confirm");
  const auto* q = h.first<QueuePurchase>(h.all);
  REQUIRE(q);
  CHECK(q->order.customer_ref == "p-1f2e");
}

TEST_CASE("kyc: the person's daily, monthly and retail headroom bind the session") {
  SUBCASE("daily") {
    Policy p = kyc_policy();
    p.kyc->rules.retail_cap_applies = false;  // a customer the operator classified otherwise
    Harness h(p);
    identify(h);
    h.send(standing(950'000, 950'000, true));
    CHECK(h.flow.session().limit == Kzt{50'000});
    CHECK(h.flow.session().limit_binding == "daily");
  }
  SUBCASE("retail monthly cap") {
    Harness h(kyc_policy());
    identify(h);
    h.send(standing(0, 480'000, true));
    CHECK(h.flow.session().limit == Kzt{33'000});
    CHECK(h.flow.session().limit_binding == "retail_monthly");
    CHECK_FALSE(h.flow.can_raise_tier());  // a selfie would not raise it
  }
  SUBCASE("nothing left: the session ends before any note") {
    Harness h(kyc_policy());
    identify(h);
    h.send(standing(0, 513'000, true));
    CHECK(h.flow.screen() == Screen::SessionEnded);
    CHECK(h.flow.session().message == "limit_reached");
    CHECK(h.count<EnableNotes>(h.all) == 0);
    CHECK(h.journal_count("cash_in.closed") == 1);
  }
  SUBCASE("usage unknown (exchange offline): only the offline per-transaction maximum") {
    Harness h(kyc_policy());
    identify(h);
    h.send(standing(0, 0, false));
    CHECK(h.flow.session().limit == Kzt{100'000});
  }
}

TEST_CASE("kyc: every note that would cross the limit is returned at escrow") {
  Harness h(kyc_policy());
  identify(h);
  h.send(standing(0, 490'000, true));  // 23 000 left this month
  REQUIRE(h.flow.session().limit == Kzt{23'000});
  h.insert(20000);
  CHECK(h.flow.session().credited == Kzt{20'000});
  auto fx = h.note(K::Escrowed, 5000);  // 25 000 > 23 000
  CHECK(h.count<ReturnNote>(fx) == 1);
  CHECK(h.count<StackNote>(fx) == 0);
  CHECK(h.flow.session().message == "note_over_limit");
  h.note(K::Returned, 5000);
  h.insert(2000);
  CHECK(h.flow.session().credited == Kzt{22'000});
  const EnableNotes* en = nullptr;
  for (const auto& e : h.all)
    if (auto* p = std::get_if<EnableNotes>(&e)) en = p;  // the newest
  REQUIRE(en);
  CHECK(en->denominations == std::vector<Kzt>{Kzt{500}, Kzt{1000}});
  CHECK(h.flow.notes_that_fit() == std::vector<Kzt>{Kzt{500}, Kzt{1000}});
}

TEST_CASE("kyc: a blocked person is refused before any cash, neutrally") {
  Harness h(kyc_policy());
  identify(h);
  h.send(standing(0, 0, true, true));
  CHECK(h.flow.screen() == Screen::SessionEnded);
  CHECK(h.flow.session().message == "customer_refused");
  CHECK(h.journal_count("cash_in.customer_refused") == 1);
  CHECK(h.journal_count("cash_in.closed") == 1);
  CHECK(h.count<SubmitKyc>(h.all) == 0);
  CHECK(h.count<EnableNotes>(h.all) == 0);
}

TEST_CASE("kyc: a refused document keeps the customer on the scan screen with the reason") {
  Harness h(kyc_policy());
  h.start_session();
  h.touch("consent");
  h.send(DocumentChecked{std::nullopt, "document_expired"});
  CHECK(h.flow.screen() == Screen::ScanDocument);
  CHECK(h.flow.session().message == "document_expired");
  CHECK(h.journal_count("cash_in.document_refused") == 1);
  h.send(DocumentChecked{aigerim(), ""});
  CHECK(h.flow.screen() == Screen::CheckingCustomer);
}

TEST_CASE("kyc: a selfie before the first note raises the tier and the limit") {
  Harness h(kyc_policy());
  identify(h);
  h.send(standing());
  REQUIRE(h.flow.can_raise_tier());
  auto fx = h.touch("take_selfie");
  CHECK(h.count<DisableNotes>(fx) == 1);
  REQUIRE(h.flow.screen() == Screen::Selfie);
  h.send(SelfieChecked{false, "several_faces"});
  CHECK(h.flow.screen() == Screen::Selfie);
  CHECK(h.flow.session().message == "several_faces");
  fx = h.send(SelfieChecked{true, ""});
  CHECK(h.flow.screen() == Screen::InsertNotes);
  CHECK(h.flow.session().person.tier == cp::Tier::DocumentSelfie);
  CHECK(h.flow.session().limit == Kzt{500'000});  // the kiosk's own maximum binds now
  CHECK(h.flow.session().limit_binding == "transaction");
  const auto* kyc = h.first<SubmitKyc>(fx);
  REQUIRE(kyc);
  CHECK(kyc->tier == cp::Tier::DocumentSelfie);
  CHECK(h.count<EnableNotes>(fx) == 1);
  CHECK(h.journal_count("cash_in.tier_raised") == 1);
  CHECK_FALSE(h.flow.can_raise_tier());
}

TEST_CASE("kyc: no selfie once a note is in; a cancelled or timed-out selfie goes back") {
  Harness h(kyc_policy());
  identify(h);
  h.send(standing());
  h.touch("take_selfie");
  h.touch("cancel");
  CHECK(h.flow.screen() == Screen::InsertNotes);
  h.touch("take_selfie");
  auto fx = h.advance(std::chrono::seconds(61));
  CHECK(h.flow.screen() == Screen::InsertNotes);
  CHECK(h.count<EnableNotes>(fx) == 1);
  h.insert(1000);
  h.touch("take_selfie");
  CHECK(h.flow.screen() == Screen::InsertNotes);
  CHECK_FALSE(h.flow.can_raise_tier());
}

TEST_CASE("kyc: leaving or timing out while identifying closes the transaction, nothing owed") {
  SUBCASE("cancel on consent") {
    Harness h(kyc_policy());
    h.start_session();
    h.touch("cancel");
    CHECK(h.flow.screen() == Screen::Welcome);
  }
  SUBCASE("timeout on the document") {
    Harness h(kyc_policy());
    h.start_session();
    h.touch("consent");
    h.advance(std::chrono::seconds(91));
    CHECK(h.flow.screen() == Screen::Welcome);
  }
  SUBCASE("no answer about the customer") {
    Harness h(kyc_policy());
    identify(h);
    h.advance(std::chrono::seconds(21));
    CHECK(h.flow.screen() == Screen::SessionEnded);
    CHECK(h.flow.session().message == "identification_unavailable");
  }
  // Either way: closed once, no cash enabled.
}

TEST_CASE("kyc: an anonymous tier, where configured, sells small amounts without a document") {
  Policy p = kyc_policy();
  p.kyc->rules.anonymous_allowed = true;
  p.kyc->rules.anonymous_max_tx = Kzt{30'000};
  Harness h(p);
  h.start_session();
  h.touch("continue_anonymous");
  REQUIRE(h.flow.screen() == Screen::InsertNotes);
  CHECK(h.flow.session().limit == Kzt{30'000});
  CHECK(h.flow.session().person.tier == cp::Tier::Anonymous);
  CHECK_FALSE(h.flow.can_raise_tier());
}

TEST_CASE("kyc: a restart while identifying closes the transaction without a purchase") {
  std::vector<Record> rows{Record{"tx-9", "cash_in.consent_given", {}}};
  RecoverySummary sum;
  auto fx = recover_cash_in(rows, &sum);
  REQUIRE(fx.size() == 1);
  const auto* j = std::get_if<Journal>(&fx[0]);
  REQUIRE(j);
  CHECK(j->record.type == "cash_in.closed");
  CHECK(sum.credited == Kzt{0});
}
