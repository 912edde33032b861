// The limit arithmetic, pure. `Usage` is what a person has already used (the exchange's answer to
// GET /v1/customers/{id}/usage plus what this kiosk holds unacknowledged); `headroom` is what is
// left for one more transaction. The escrow decision asks `note_fits` for every note, so a
// customer can never insert past a limit: a note that would cross it is returned.
#pragma once

#include <string>

#include "flows/compliance/compliance_policy.hpp"
#include "flows/compliance/identity.hpp"

namespace kiosk::flows::compliance {

struct Usage {
  Kzt day{};
  Kzt month{};
};

struct Headroom {
  Kzt amount{};         // the most this transaction may still reach
  std::string binding;  // which limit binds: "daily", "monthly", "retail_monthly", "anonymous_tx",
                        // "transaction" (the kiosk's own per-transaction maximum)
};

// `tx_max` is the kiosk's per-transaction maximum (cash-in or cash-out), already in the flow.
Headroom headroom(const CompliancePolicy& p, const CustomerIdentity& who, const Usage& used,
                  Kzt tx_max);

// The tier a transaction of `amount` needs.
Tier tier_for(const CompliancePolicy& p, Kzt amount);

// Whether a note of `note` may be accepted when `credited` is already in this transaction.
bool note_fits(const Headroom& h, Kzt credited, Kzt note);

// The largest transaction a tier covers on its own (ManualReview: no tier cap, only headroom).
Kzt tier_cap(const CompliancePolicy& p, Tier reached);

// Whether the tier the customer has reached covers `amount`.
bool tier_covers(Tier reached, Tier needed);

}  // namespace kiosk::flows::compliance
