// Compliance rules: tiers by amount, limits per person (daily, monthly, the AFSA retail cap), the
// per-note escrow check, identities and the blocked list.
#include <doctest/doctest.h>

#include "flows/compliance/blocked_list.hpp"
#include "flows/compliance/limits.hpp"

using namespace kiosk::flows;
using namespace kiosk::flows::compliance;

namespace {
const CustomerIdentity kResident = resident("900101300014", "Ivanov<<Ivan", "1990-01-01");
const CustomerIdentity kForeign = foreign("RUS", "753912345", "PETROVA ANNA", "1985-05-12");
}  // namespace

TEST_CASE("Kazakhstan default: no anonymous tier, every amount needs a document") {
  CompliancePolicy p;
  CHECK(tier_for(p, Kzt{500}) == Tier::Document);
  CHECK(tier_for(p, Kzt{200'000}) == Tier::Document);
  CHECK(tier_for(p, Kzt{200'001}) == Tier::DocumentSelfie);
  CHECK(tier_for(p, Kzt{1'000'001}) == Tier::ManualReview);
  auto h = headroom(p, anonymous("tx-1"), {}, Kzt{500'000});
  CHECK(h.amount == Kzt{0});
  CHECK(h.binding == "anonymous_not_allowed");
  CHECK_FALSE(note_fits(h, Kzt{0}, Kzt{500}));
}

TEST_CASE("a configured anonymous tier covers small amounts only") {
  CompliancePolicy p;
  p.anonymous_allowed = true;
  p.anonymous_max_tx = Kzt{50'000};
  CHECK(tier_for(p, Kzt{50'000}) == Tier::Anonymous);
  CHECK(tier_for(p, Kzt{50'001}) == Tier::Document);
  auto h = headroom(p, anonymous("tx-1"), {}, Kzt{500'000});
  CHECK(h.amount == Kzt{50'000});
  CHECK(h.binding == "anonymous_tx");
  CHECK(tier_covers(Tier::Document, Tier::Anonymous));
  CHECK_FALSE(tier_covers(Tier::Document, Tier::DocumentSelfie));
}

TEST_CASE("headroom: the tightest of daily, monthly, retail cap and the transaction maximum") {
  CompliancePolicy p;  // daily 1 000 000, monthly 5 000 000, retail 513 000
  auto h = headroom(p, kResident, {Kzt{0}, Kzt{0}}, Kzt{500'000});
  CHECK(h.amount == Kzt{500'000});
  CHECK(h.binding == "transaction");
  h = headroom(p, kResident, {Kzt{100'000}, Kzt{100'000}}, Kzt{500'000});
  CHECK(h.amount == Kzt{413'000});
  CHECK(h.binding == "retail_monthly");
  p.retail_cap_applies = false;
  h = headroom(p, kForeign, {Kzt{900'000}, Kzt{4'000'000}}, Kzt{500'000});
  CHECK(h.amount == Kzt{100'000});
  CHECK(h.binding == "daily");
  h = headroom(p, kForeign, {Kzt{0}, Kzt{4'950'000}}, Kzt{500'000});
  CHECK(h.amount == Kzt{50'000});
  CHECK(h.binding == "monthly");
  // Already over a limit (e.g. the exchange counted another kiosk): nothing, never negative.
  h = headroom(p, kForeign, {Kzt{1'200'000}, Kzt{1'200'000}}, Kzt{500'000});
  CHECK(h.amount == Kzt{0});
}

TEST_CASE("each note is checked at escrow: the one that would cross the limit is refused") {
  Headroom h{Kzt{12'000}, "daily"};
  CHECK(note_fits(h, Kzt{0}, Kzt{10'000}));
  CHECK(note_fits(h, Kzt{10'000}, Kzt{2'000}));
  CHECK_FALSE(note_fits(h, Kzt{10'000}, Kzt{5'000}));
  CHECK_FALSE(note_fits(h, Kzt{12'000}, Kzt{200}));
  CHECK_FALSE(note_fits(h, Kzt{0}, Kzt{0}));
}

TEST_CASE("identities: one key per person, names normalised, keys masked for logs") {
  CHECK(kResident.key == "iin:900101300014");
  CHECK(kResident.name == "IVANOV IVAN");
  CHECK(kForeign.key == "doc:RUS:753912345");
  CHECK(normalize_name("  petrova,  anna<<maria ") == "PETROVA ANNA MARIA");
  CHECK(mask_identity_key("iin:900101300014") == "iin:9001****0014");
  CHECK(mask_identity_key("doc:RUS:753912345") == "doc:RUS:7539*2345");
  CHECK(mask_identity_key("iin:123") == "iin:***");
}

TEST_CASE("blocked list: by IIN or by name and birth date; versions apply in order") {
  BlockedList list;
  CHECK_FALSE(list.blocks(kResident));
  CHECK(list.apply({3, {{"900101300014", "", ""}, {"", "Petrova Anna", "1985-05-12"}}, {}}));
  CHECK(list.blocks(kResident));
  CHECK(list.blocks(kForeign));
  CHECK_FALSE(list.blocks(foreign("RUS", "1", "PETROVA ANNA", "1985-05-13")));
  CHECK_FALSE(list.apply({3, {}, {{"900101300014", "", ""}}}));  // not newer: ignored
  CHECK(list.blocks(kResident));
  CHECK(list.apply({4, {}, {{"900101300014", "", ""}}}));
  CHECK_FALSE(list.blocks(kResident));
  CHECK(list.version() == 4);
  CHECK(list.size() == 1);
  CHECK_FALSE(list.blocks(anonymous("tx")));
}
