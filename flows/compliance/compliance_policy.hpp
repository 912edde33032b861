// Compliance tiers and limits, all in KZT from the config. Defaults are the Kazakhstan deployment:
// every customer is identified before any cash moves (no anonymous tier), limits are kept per
// person (compliance/identity.hpp), and a retail customer is capped at the AFSA retail limit of
// USD 1,000 a month, converted to KZT in the config (513 000 KZT at 512.81 KZT/USD, Dec 2025).
#pragma once

#include "flows/money.hpp"

namespace kiosk::flows::compliance {

enum class Tier {
  Anonymous,       // no document (only where the config allows it)
  Document,        // ID card or passport read and checked (MRZ, IIN, expiry, face on document)
  DocumentSelfie,  // and a selfie with exactly one face
  ManualReview,    // and an operator's approval before cash moves
};
const char* to_string(Tier t);

struct CompliancePolicy {
  bool anonymous_allowed = false;   // Kazakhstan: false
  Kzt anonymous_max_tx{0};          // per transaction, when anonymous_allowed
  Kzt selfie_above{200'000};        // a transaction above this needs a selfie too
  Kzt review_above{1'000'000};      // above this an operator reviews first
  Kzt daily_limit{1'000'000};       // per person, cash-in + cash-out
  Kzt monthly_limit{5'000'000};     // per person
  Kzt retail_monthly_cap{513'000};  // AFSA retail limit (USD 1,000), per person per month
  bool retail_cap_applies = true;   // false for a customer the operator classified otherwise
};

}  // namespace kiosk::flows::compliance
