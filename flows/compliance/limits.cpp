#include "flows/compliance/limits.hpp"

#include <algorithm>
#include <limits>

namespace kiosk::flows::compliance {

const char* to_string(Tier t) {
  switch (t) {
    case Tier::Anonymous:
      return "anonymous";
    case Tier::Document:
      return "document";
    case Tier::DocumentSelfie:
      return "document_selfie";
    case Tier::ManualReview:
      return "manual_review";
  }
  return "?";
}

Headroom headroom(const CompliancePolicy& p, const CustomerIdentity& who, const Usage& used,
                  Kzt tx_max) {
  Headroom h{tx_max, "transaction"};
  auto bind = [&](Kzt left, const char* name) {
    left = std::max(left, Kzt{0});
    if (left < h.amount) h = Headroom{left, name};
  };
  if (who.kind == CustomerIdentity::Kind::Anonymous) {
    if (!p.anonymous_allowed) return Headroom{Kzt{0}, "anonymous_not_allowed"};
    bind(p.anonymous_max_tx, "anonymous_tx");
    return h;
  }
  bind(p.daily_limit - used.day, "daily");
  bind(p.monthly_limit - used.month, "monthly");
  if (p.retail_cap_applies) bind(p.retail_monthly_cap - used.month, "retail_monthly");
  return h;
}

Tier tier_for(const CompliancePolicy& p, Kzt amount) {
  if (amount > p.review_above) return Tier::ManualReview;
  if (amount > p.selfie_above) return Tier::DocumentSelfie;
  if (p.anonymous_allowed && amount <= p.anonymous_max_tx) return Tier::Anonymous;
  return Tier::Document;
}

bool note_fits(const Headroom& h, Kzt credited, Kzt note) {
  return note.value > 0 && credited.value >= 0 && credited + note <= h.amount;
}

Kzt tier_cap(const CompliancePolicy& p, Tier reached) {
  switch (reached) {
    case Tier::Anonymous:
      return p.anonymous_allowed ? p.anonymous_max_tx : Kzt{0};
    case Tier::Document:
      return p.selfie_above;
    case Tier::DocumentSelfie:
      return p.review_above;
    case Tier::ManualReview:
      break;
  }
  return Kzt{std::numeric_limits<std::int64_t>::max()};
}

bool tier_covers(Tier reached, Tier needed) {
  return static_cast<int>(reached) >= static_cast<int>(needed);
}

}  // namespace kiosk::flows::compliance
