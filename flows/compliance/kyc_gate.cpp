#include "flows/compliance/kyc_gate.hpp"

#include <algorithm>

namespace kiosk::flows::compliance {

namespace {

Record gate_record(const GateContext& c, const char* what) {
  return Record{c.tx_id, c.flow + "." + what, {}};
}

SubmitKyc submission(const Person& p, const KycSettings& k, const GateContext& c, Tier tier) {
  return SubmitKyc{c.tx_id, *p.who, p.ref, tier, k.consent_version, c.lang, p.consent_at};
}

}  // namespace

Record tier_raised(const GateContext& c, const Person& p, Kzt limit, const std::string& binding) {
  return gate_record(c, "tier_raised")
      .set("tier", std::string(to_string(p.tier)))
      .set("limit_kzt", limit.value)
      .set("limit_binding", binding);
}

Record consent_given(Person& p, const KycSettings& k, const GateContext& c, Instant now) {
  p.consent_at = now;
  return gate_record(c, "consent_given").set("version", k.consent_version).set("lang", c.lang);
}

GateStep on_document(Person& p, const DocumentChecked& d, const GateContext& c) {
  GateStep step;
  if (!d.who) {
    step.kind = GateStep::Kind::Retry;
    step.message = d.refusal.empty() ? "document_not_accepted" : d.refusal;
    step.journal.push_back(gate_record(c, "document_refused").set("reason", step.message));
    return step;
  }
  p.who = *d.who;
  step.kind = GateStep::Kind::LookUp;
  step.look_up = LookUpCustomer{*d.who};
  return step;
}

GateStep on_standing(Person& p, const CustomerStanding& s, const KycSettings& k, Kzt base,
                     const GateContext& c) {
  GateStep step;
  if (!p.who) return step;
  p.ref = s.customer_ref;
  p.review = s.review;
  const char* refusal = s.blocked                           ? "blocked_list"
                        : s.review == ReviewState::Rejected ? "review_rejected"
                                                            : nullptr;
  if (refusal) {
    step.kind = GateStep::Kind::Refused;
    step.message = "customer_refused";
    step.journal.push_back(gate_record(c, "customer_refused")
                               .set("person", p.ref)
                               .set("reason", std::string(refusal)));
    return step;
  }
  p.headroom = headroom(k.rules, *p.who, s.usage, base);
  p.tier = Tier::Document;
  step.kind = GateStep::Kind::Identified;
  step.submit = submission(p, k, c, p.tier);
  return step;
}

GateStep on_selfie(Person& p, const SelfieChecked& s, const KycSettings& k, const GateContext& c) {
  GateStep step;
  if (!p.who) return step;
  if (!s.ok) {
    step.kind = GateStep::Kind::Retry;
    step.message = s.refusal.empty() ? "selfie_not_accepted" : s.refusal;
    return step;
  }
  step.kind = GateStep::Kind::TierRaised;
  bool wants_more = p.headroom.amount > k.rules.review_above;
  p.tier = p.review == ReviewState::Approved ? Tier::ManualReview : Tier::DocumentSelfie;
  Tier sent = p.tier;
  if (wants_more && p.review == ReviewState::None) {  // ask the exchange's operator
    sent = Tier::ManualReview;
    p.review = ReviewState::Pending;
    step.message = "review_requested";
    step.journal.push_back(gate_record(c, "review_requested").set("person", p.ref));
  } else if (wants_more && p.review == ReviewState::Pending) {
    step.message = "review_pending";
  }
  step.submit = submission(p, k, c, sent);
  return step;
}

bool go_anonymous(Person& p, const KycSettings& k, Kzt base, const GateContext& c) {
  if (!k.rules.anonymous_allowed) return false;
  p.who = anonymous(c.tx_id);
  p.tier = Tier::Anonymous;
  p.headroom = headroom(k.rules, *p.who, {}, base);
  return true;
}

PersonLimit person_limit(const KycSettings& k, const Person& p, Kzt base) {
  PersonLimit out{std::min(p.headroom.amount, base), "transaction"};
  if (out.amount < base) out.binding = p.headroom.binding;
  Kzt cap = tier_cap(k.rules, p.tier);
  if (cap < out.amount) out = PersonLimit{cap, "tier"};
  return out;
}

bool selfie_raises_limit(const KycSettings& k, const Person& p) {
  return p.tier == Tier::Document && p.headroom.amount > tier_cap(k.rules, p.tier);
}

}  // namespace kiosk::flows::compliance
