// The identification steps both customer flows share (cash-in before the first note, cash-out
// before the amount), pure:
//
//   consent -> document (DocumentChecked) -> look-up (LookUpCustomer -> CustomerStanding)
//           -> identified at tier Document -> optional selfie (SelfieChecked) -> DocumentSelfie,
//              or ManualReview once the exchange's operator approved the person (review.hpp)
//
// The flow owns its screens and deadlines; these functions own what each answer means for the
// person behind the session (`Person`), what is journaled (`<flow>.consent_given`,
// `document_refused`, `customer_refused`, `review_requested`) and what goes to the exchange
// (SubmitKyc). Records name the person by pseudonym only.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "flows/compliance/compliance_policy.hpp"
#include "flows/compliance/identity.hpp"
#include "flows/compliance/limits.hpp"
#include "flows/compliance/review.hpp"
#include "flows/record.hpp"
#include "flows/time.hpp"

namespace kiosk::flows::compliance {

// Identifying the customer before any cash moves (absent in a flow's policy: no identification).
struct KycSettings {
  CompliancePolicy rules;
  std::string consent_version = "kyc-consent-2026-11";  // the text the customer agrees to
};

// ---- events the shell feeds to either flow ----
// The ID reader accepted a document and its MRZ was checked (compliance/document_identity).
struct DocumentChecked {
  std::optional<CustomerIdentity> who;  // nullopt: refused
  std::string refusal;                  // a message key when refused
};
// The answer to LookUpCustomer: the blocked list, what the person has already used and the
// exchange's review of them.
struct CustomerStanding {
  std::string customer_ref;  // the person's pseudonym (never the IIN): journal and exchange
  bool blocked = false;
  Usage usage;                       // day and month totals known for this person
  bool usage_from_exchange = false;  // false: only this kiosk's own records (exchange offline)
  ReviewState review = ReviewState::None;
};
struct SelfieChecked {
  bool ok = false;
  std::string refusal;  // "no_face", "several_faces", ...
};
using IdentificationEvent = std::variant<DocumentChecked, CustomerStanding, SelfieChecked>;

// ---- effects ----
// Ask the blocked list and the person's usage; answer with CustomerStanding.
struct LookUpCustomer {
  CustomerIdentity who;
};
// Send the identification to the exchange (POST /v1/kyc through the sealed KYC queue) with the
// document and selfie images the shell holds for this session. `tier` ManualReview asks the
// exchange's operator to review the person (or, once approved, records the tier reached).
struct SubmitKyc {
  std::string tx_id;
  CustomerIdentity who;
  std::string customer_ref;
  Tier tier = Tier::Document;
  std::string consent_version;
  std::string lang;
  // When the customer agreed (the flow's clock; the shell dates it). Empty when there was no
  // consent: an Instant of 0 is a real time (the simulator's start, the boot), not "never".
  std::optional<Instant> consent_at;
};

// The person behind one session, as identification establishes them.
struct Person {
  std::optional<CustomerIdentity> who;
  std::string ref;  // pseudonym
  Tier tier = Tier::Anonymous;
  Headroom headroom;  // the person's, before the tier cap
  ReviewState review = ReviewState::None;
  std::optional<Instant> consent_at;
};

// Which session and flow the records belong to.
struct GateContext {
  std::string tx_id;
  std::string flow;  // record prefix: "cash_in", "cash_out"
  std::string lang;
};

// What one answer means, for the flow to carry out in order: journal, then effects, then move.
struct GateStep {
  enum class Kind {
    Ignored,     // not for this person (no document yet)
    Retry,       // refused frame or document: stay, show `message`
    LookUp,      // document accepted: `look_up`, wait for CustomerStanding
    Refused,     // blocked or rejected: end the session with `message`
    Identified,  // tier Document reached: `submit`
    TierRaised,  // selfie accepted: `submit`
  };
  Kind kind = Kind::Ignored;
  std::string message;
  std::vector<Record> journal;
  std::optional<LookUpCustomer> look_up;
  std::optional<SubmitKyc> submit;
};

// Appends a step to a flow's effects in the order the rules need: its records (wrapped in the
// flow's own Journal effect), then the look-up, then the submission.
template <class JournalEffect, class Effects>
void append_step(GateStep& step, Effects& fx) {
  for (auto& r : step.journal) fx.push_back(JournalEffect{std::move(r)});
  if (step.look_up) fx.push_back(*step.look_up);
  if (step.submit) fx.push_back(*step.submit);
}

// `<flow>.tier_raised`: the tier the selfie reached and the session's limit now.
Record tier_raised(const GateContext& c, const Person& p, Kzt limit, const std::string& binding);

// The customer agreed to the consent text: journaled with its version.
Record consent_given(Person& p, const KycSettings& k, const GateContext& c, Instant now);

GateStep on_document(Person& p, const DocumentChecked& d, const GateContext& c);

// `base` is the flow's own maximum for this session (kiosk, offline policy).
GateStep on_standing(Person& p, const CustomerStanding& s, const KycSettings& k, Kzt base,
                     const GateContext& c);

GateStep on_selfie(Person& p, const SelfieChecked& s, const KycSettings& k, const GateContext& c);

// A customer choosing the anonymous tier (only where the rules allow it).
bool go_anonymous(Person& p, const KycSettings& k, Kzt base, const GateContext& c);

struct PersonLimit {
  Kzt amount{};
  std::string binding;  // "transaction", "daily", "monthly", "retail_monthly", "tier", ...
};
// The session's limit: the tightest of `base`, the person's headroom and the tier's cap.
PersonLimit person_limit(const KycSettings& k, const Person& p, Kzt base);

// Whether a selfie now would raise the person's limit (tier Document and headroom above its cap).
bool selfie_raises_limit(const KycSettings& k, const Person& p);

}  // namespace kiosk::flows::compliance
