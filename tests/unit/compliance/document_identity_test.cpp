// From a checked MRZ to the person limits are kept for; tier caps; usage from two partial views;
// the local day and month.
#include "flows/compliance/document_identity.hpp"

#include <doctest/doctest.h>

#include "flows/compliance/usage.hpp"

using namespace kiosk::flows;
using namespace kiosk::flows::compliance;
using namespace kiosk::flows::identity;
using namespace std::chrono;

namespace {
const year_month_day kToday{year(2026), month(11), day(26)};

MrzRecord parsed(const MrzFields& f) {
  auto lines = compose_mrz(f);
  REQUIRE(lines.has_value());
  auto r = parse_mrz(*lines, kToday);
  REQUIRE(r.has_value());
  return *r;
}

MrzFields kz_card() {
  return MrzFields{MrzFormat::TD1, "ID",     "KAZ", "041236587", "880412401006",  "",
                   "KAZ",          "880412", 'F',   "310411",    "SEIDAKHMETOVA", "MADINA"};
}

MrzFields ru_passport() {
  MrzFields f;
  f.format = MrzFormat::TD3;
  f.document_code = "P<";
  f.issuing_state = f.nationality = "RUS";
  f.document_number = "753912345";
  f.birth_date = "850512";
  f.sex = 'F';
  f.expiry_date = "330101";
  f.primary_identifier = "PETROVA";
  f.secondary_identifier = "ANNA";
  return f;
}
}  // namespace

TEST_CASE("a Kazakh ID card identifies a resident by IIN, a foreign passport by state + number") {
  auto kz = identity_from_document(parsed(kz_card()));
  REQUIRE(kz.has_value());
  CHECK(kz->kind == CustomerIdentity::Kind::Resident);
  CHECK(kz->key == "iin:880412401006");
  CHECK(kz->name == "SEIDAKHMETOVA MADINA");
  CHECK(kz->birth_date == "1988-04-12");
  auto ru = identity_from_document(parsed(ru_passport()));
  REQUIRE(ru.has_value());
  CHECK(ru->kind == CustomerIdentity::Kind::Foreign);
  CHECK(ru->key == "doc:RUS:753912345");
  CHECK(ru->birth_date == "1985-05-12");
}

TEST_CASE("documents are refused with the reason the customer can act on") {
  auto f = kz_card();
  f.expiry_date = "240101";
  CHECK(identity_from_document(parsed(f)).error() == "document_expired");
  f = kz_card();
  f.sex = 'M';  // the IIN says F
  CHECK(identity_from_document(parsed(f)).error() == "iin_invalid");
  auto r = parsed(ru_passport());
  r.lines[1][9] = r.lines[1][9] == '0' ? '1' : '0';  // a misread check digit
  auto reparsed = parse_mrz(r.lines, kToday);
  REQUIRE(reparsed.has_value());
  CHECK(identity_from_document(*reparsed).error() == "document_unreadable");
  auto kz_passport = ru_passport();
  kz_passport.issuing_state = kz_passport.nationality = "KAZ";  // no IIN as personal number
  kz_passport.document_number = "N12345678";  // a Kazakh passport number's pattern (mrz_grammar)
  CHECK(identity_from_document(parsed(kz_passport)).error() == "iin_missing");
}

TEST_CASE("tier caps: document to selfie_above, selfie to review_above, anonymous when allowed") {
  CompliancePolicy p;
  CHECK(tier_cap(p, Tier::Anonymous) == Kzt{0});
  CHECK(tier_cap(p, Tier::Document) == p.selfie_above);
  CHECK(tier_cap(p, Tier::DocumentSelfie) == p.review_above);
  CHECK(tier_cap(p, Tier::ManualReview) > Kzt{1'000'000'000});
  p.anonymous_allowed = true;
  p.anonymous_max_tx = Kzt{30'000};
  CHECK(tier_cap(p, Tier::Anonymous) == Kzt{30'000});
}

TEST_CASE("usage: the exchange's totals plus what it has not received; else the kiosk's own") {
  LocalUsage local{Usage{Kzt{50'000}, Kzt{90'000}}, Usage{Kzt{20'000}, Kzt{20'000}}};
  Usage with = combine_usage(Usage{Kzt{100'000}, Kzt{400'000}}, local);
  CHECK(with.day == Kzt{120'000});
  CHECK(with.month == Kzt{420'000});
  Usage without = combine_usage(std::nullopt, local);
  CHECK(without.day == Kzt{50'000});
  CHECK(without.month == Kzt{90'000});
}

TEST_CASE("the local day and month start at midnight in Kazakhstan (UTC+5)") {
  // 2026-11-30T20:30:00Z is 2026-12-01 01:30 in Astana.
  std::int64_t now = sys_days{year(2026) / 11 / 30}.time_since_epoch() / milliseconds(1) +
                     (20 * 60 + 30) * 60'000LL;
  std::int64_t day_start =
      sys_days{year(2026) / 12 / 1}.time_since_epoch() / milliseconds(1) - 5 * 3'600'000LL;
  CHECK(local_day_start_ms(now, 300) == day_start);
  CHECK(local_month_start_ms(now, 300) == day_start);  // December began 1.5 hours ago
  CHECK(local_day_start_ms(now, 0) ==
        sys_days{year(2026) / 11 / 30}.time_since_epoch() / milliseconds(1));
  CHECK(local_month_start_ms(now, 0) ==
        sys_days{year(2026) / 11 / 1}.time_since_epoch() / milliseconds(1));
}
