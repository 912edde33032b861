// The technician at the kiosk, pure (kiosk/maintenance/technician_session.hpp): which actions a
// badge's permissions offer, why a badge does not open the technician screen, and the stages from
// "Service" to Finish, the PIN's tries and lock, the deadlines and the idle log-out.
#include "kiosk/maintenance/technician_session.hpp"

#include <doctest/doctest.h>

using namespace kiosk;
using namespace kiosk::app;
using oq::BadgePermission;

namespace {

oq::TechnicianBadge badge(std::vector<BadgePermission> perms, bool pin = false) {
  oq::TechnicianBadge b;
  b.id = "badge-1";
  b.technician = "T-0042";
  b.kiosks = {"*"};
  b.permissions = std::move(perms);
  b.issued_at = 100;
  b.expires_at = 10'000;
  if (pin) b.pin = oq::PinHash{15, 8, 1, std::string(16, 's'), std::string(32, 'h')};
  return b;
}

std::vector<std::string> names(const std::vector<OfferedAction>& list) {
  std::vector<std::string> out;
  for (const auto& o : list)
    out.push_back(std::string(to_string(o.action)) + (o.available ? "" : "(" + o.why + ")"));
  return out;
}

const DeskAbilities kFull{true, true, true, true};
const DeskAbilities kThisVersion{true, false, false, false};

Instant at(std::int64_t ms) { return Instant{ms}; }

}  // namespace

TEST_CASE("each permission offers its own actions and nothing else") {
  using V = std::vector<std::string>;
  CHECK(names(offered_technician_actions(badge({BadgePermission::Refill}), kFull)) == V{"refill"});
  CHECK(names(offered_technician_actions(badge({BadgePermission::Collect}), kFull)) ==
        V{"collect_cash_box"});
  CHECK(names(offered_technician_actions(badge({BadgePermission::Diagnostics}), kFull)) ==
        V{"device_status", "test_print", "test_dispense", "validator_self_test"});
  CHECK(names(offered_technician_actions(badge({BadgePermission::Config}), kFull)) ==
        V{"view_config", "set_config"});
  CHECK(names(offered_technician_actions(badge({BadgePermission::Collect, BadgePermission::Refill}),
                                         kFull)) == V{"refill", "collect_cash_box"});
}

TEST_CASE("an action whose function is not in this build is shown unavailable, not imitated") {
  auto list = offered_technician_actions(
      badge({BadgePermission::Diagnostics, BadgePermission::Config}), kThisVersion);
  CHECK(names(list) == std::vector<std::string>{"device_status", "test_print",
                                                "test_dispense(not_in_this_version)",
                                                "validator_self_test(not_in_this_version)",
                                                "view_config", "set_config(not_in_this_version)"});
  auto b = badge({BadgePermission::Diagnostics});
  CHECK(technician_may(b, kThisVersion, TechnicianAction::TestPrint));
  CHECK_FALSE(technician_may(b, kThisVersion, TechnicianAction::TestDispense));
}

TEST_CASE("a kiosk without a dispenser offers no refill, even to a refill badge") {
  DeskAbilities none{false, true, true, true};
  auto b = badge({BadgePermission::Refill, BadgePermission::Collect});
  CHECK(names(offered_technician_actions(b, none)) ==
        std::vector<std::string>{"refill(no_dispenser)", "collect_cash_box"});
  CHECK_FALSE(technician_may(b, none, TechnicianAction::Refill));
  CHECK(technician_may(b, none, TechnicianAction::CollectCashBox));
}

TEST_CASE("a missing permission is never offered, whatever the kiosk can do") {
  auto b = badge({BadgePermission::Collect});
  CHECK_FALSE(technician_may(b, kFull, TechnicianAction::Refill));
  CHECK_FALSE(technician_may(b, kFull, TechnicianAction::TestPrint));
  CHECK_FALSE(technician_may(b, kFull, TechnicianAction::ViewConfig));
  CHECK(technician_may(b, kFull, TechnicianAction::CollectCashBox));
}

TEST_CASE("action names read back; an unknown name is no action") {
  for (auto a :
       {TechnicianAction::Refill, TechnicianAction::SetConfig, TechnicianAction::TestPrint})
    CHECK(technician_action_from(to_string(a)) == a);
  CHECK_FALSE(technician_action_from("reboot"));
  CHECK_FALSE(technician_action_from(""));
}

TEST_CASE("badge_refusal: the badge's own reason first, then a customer, then a PIN lock") {
  PinGuard guard;
  oq::BadgeVerdict good;
  good.badge = badge({BadgePermission::Refill}, true);
  CHECK_FALSE(badge_refusal(good, guard, 500, false));
  CHECK(badge_refusal(good, guard, 500, true) == "customer_in_session");

  for (auto [r, text] : {std::pair{oq::BadgeRefusal::Malformed, "malformed"},
                         std::pair{oq::BadgeRefusal::BadSignature, "bad_signature"},
                         std::pair{oq::BadgeRefusal::WrongKiosk, "wrong_kiosk"},
                         std::pair{oq::BadgeRefusal::Expired, "expired"}}) {
    oq::BadgeVerdict bad = good;
    bad.refusal = r;
    CHECK(badge_refusal(bad, guard, 500, true) == text);
  }

  for (int i = 0; i < 5; ++i) guard.record("T-0042", false, 400);
  CHECK(badge_refusal(good, guard, 500, false) == "pin_locked");
  CHECK_FALSE(badge_refusal(good, guard, 400 + 15 * 60, false));  // the lock ran out
  oq::BadgeVerdict no_pin;
  no_pin.badge = badge({BadgePermission::Refill});
  CHECK_FALSE(badge_refusal(no_pin, guard, 500, false));  // a badge without a PIN has no lock
}

TEST_CASE("a badge without a PIN opens the desk; Finish closes it") {
  TechnicianSession s;
  CHECK(s.stage() == TechnicianSession::Stage::Closed);
  CHECK_FALSE(s.active());
  s.open(at(0));
  CHECK(s.stage() == TechnicianSession::Stage::Scanning);
  CHECK(s.seconds_left(at(1500)) == 59);
  s.accept(badge({BadgePermission::Refill}), at(2000));
  CHECK(s.stage() == TechnicianSession::Stage::Desk);
  CHECK(s.badge().technician == "T-0042");
  CHECK_FALSE(s.seconds_left(at(2000)));
  s.close();
  CHECK(s.stage() == TechnicianSession::Stage::Closed);
  CHECK(s.badge().technician.empty());
}

TEST_CASE("a badge with a PIN asks for it; wrong tries count down, the fifth locks") {
  TechnicianSession s;
  PinGuard guard;
  s.open(at(0));
  s.accept(badge({BadgePermission::Refill}, true), at(1000));
  REQUIRE(s.stage() == TechnicianSession::Stage::Pin);
  CHECK(s.pin_tries_left() == -1);
  for (int left = 4; left >= 1; --left) {
    s.pin_answer(guard.record("T-0042", false, 1), at(2000));
    CHECK(s.stage() == TechnicianSession::Stage::Pin);
    CHECK(s.pin_tries_left() == left);
  }
  s.pin_answer(guard.record("T-0042", false, 1), at(3000));
  CHECK(s.stage() == TechnicianSession::Stage::Refused);
  CHECK(s.refusal() == "pin_locked");
  // A right PIN while locked is still locked: the guard does not even count it.
  TechnicianSession again;
  again.open(at(4000));
  again.accept(badge({BadgePermission::Refill}, true), at(4000));
  again.pin_answer(guard.record("T-0042", true, 2), at(4000));
  CHECK(again.stage() == TechnicianSession::Stage::Refused);
}

TEST_CASE("the right PIN opens the desk") {
  TechnicianSession s;
  PinGuard guard;
  s.open(at(0));
  s.accept(badge({BadgePermission::Collect}, true), at(0));
  s.pin_answer(guard.record("T-0042", false, 1), at(100));
  s.pin_answer(guard.record("T-0042", true, 1), at(200));
  CHECK(s.stage() == TechnicianSession::Stage::Desk);
}

TEST_CASE("scanning, the PIN and a refusal close at their deadlines") {
  TechnicianTimeouts t{Millis{1000}, Millis{2000}, Millis{500}, Millis{10'000}};
  TechnicianSession s(t);
  s.open(at(0));
  CHECK(s.tick(at(999)) == TechnicianSession::Expiry::None);
  CHECK(s.tick(at(1000)) == TechnicianSession::Expiry::Closed);
  CHECK_FALSE(s.active());

  s.open(at(5000));
  s.accept(badge({BadgePermission::Refill}, true), at(5100));
  CHECK(s.tick(at(7099)) == TechnicianSession::Expiry::None);
  CHECK(s.tick(at(7100)) == TechnicianSession::Expiry::Closed);

  s.open(at(8000));
  s.refuse("expired", at(8000));
  CHECK(s.seconds_left(at(8000)) == 1);
  CHECK(s.tick(at(8500)) == TechnicianSession::Expiry::Closed);
}

TEST_CASE("idle on the desk logs the technician out; each touch keeps them in") {
  TechnicianTimeouts t{Millis{1000}, Millis{1000}, Millis{1000}, Millis{600'000}};
  TechnicianSession s(t);
  s.open(at(0));
  s.accept(badge({BadgePermission::Refill}), at(0));
  s.touched(at(500'000));
  CHECK(s.tick(at(1'000'000)) == TechnicianSession::Expiry::None);
  CHECK(s.tick(at(1'099'999)) == TechnicianSession::Expiry::None);
  CHECK(s.tick(at(1'100'000)) == TechnicianSession::Expiry::LoggedOut);
  CHECK_FALSE(s.active());
  CHECK(s.badge().technician.empty());
}

TEST_CASE("Service while the desk is open does not drop the technician") {
  TechnicianSession s;
  s.open(at(0));
  s.accept(badge({BadgePermission::Refill}), at(0));
  s.open(at(10));
  CHECK(s.stage() == TechnicianSession::Stage::Desk);
}
