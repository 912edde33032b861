#include "kiosk/config/compliance_config.hpp"

#include "kiosk/config/kiosk_config.hpp"

namespace kiosk::app {

void read_compliance(JsonObjectReader& root, KioskConfig& c, ConfigProblems& p) {
  if (!root.has("compliance")) return;
  JsonObjectReader r(root.raw("compliance"), "$.compliance", p);
  auto& cc = c.compliance;
  constexpr std::int64_t kMax = 1'000'000'000'000;
  cc.identify_customers = r.boolean("identify_customers", true);
  flows::compliance::KycSettings k;
  auto& rules = k.rules;
  auto kzt = [&](const char* key, flows::Kzt& out) {
    out = flows::Kzt{r.integer(key, 0, kMax, out.value)};
  };
  kzt("anonymous_max_tx_kzt", rules.anonymous_max_tx);
  rules.anonymous_allowed = rules.anonymous_max_tx > flows::Kzt{0};
  kzt("selfie_above_kzt", rules.selfie_above);
  kzt("review_above_kzt", rules.review_above);
  kzt("daily_limit_kzt", rules.daily_limit);
  kzt("monthly_limit_kzt", rules.monthly_limit);
  kzt("retail_monthly_cap_kzt", rules.retail_monthly_cap);
  rules.retail_cap_applies = r.boolean("retail_cap_applies", true);
  k.consent_version = r.str("consent_version", k.consent_version);
  cc.utc_offset_minutes = static_cast<int>(r.integer("utc_offset_minutes", -720, 840, 300));
  cc.pseudonym_key_file = r.str("pseudonym_key_file", "");
  cc.seal_key_file = r.str("seal_key_file", "");
  cc.image_retention_days = static_cast<int>(r.integer("image_retention_days", 1, 3650, 30));
  cc.blocked_list_refresh_s = static_cast<int>(r.integer("blocked_list_refresh_s", 10, 86400, 300));
  cc.usage_timeout_ms = static_cast<int>(r.integer("usage_timeout_ms", 100, 60000, 3000));
  cc.face_cascade = r.str("face_cascade", cc.face_cascade);
  cc.document_frames = static_cast<int>(r.integer("document_frames", 1, 10, 3));
  if (rules.selfie_above > rules.review_above)
    p.add(r.path("selfie_above_kzt"), "must not exceed review_above_kzt");
  if (rules.daily_limit > rules.monthly_limit)
    p.add(r.path("daily_limit_kzt"), "must not exceed monthly_limit_kzt");
  if (!cc.identify_customers) return;
  if (cc.pseudonym_key_file.empty())
    p.add(r.path("pseudonym_key_file"), "required when customers are identified");
  if (cc.seal_key_file.empty())
    p.add(r.path("seal_key_file"), "required when customers are identified");
  c.cash_in.kyc = k;
  c.cash_out.kyc = k;  // the same person, the same limits, whichever way the cash goes
}

}  // namespace kiosk::app
