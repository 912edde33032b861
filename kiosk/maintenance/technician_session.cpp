#include "kiosk/maintenance/technician_session.hpp"

#include <algorithm>
#include <array>

namespace kiosk::app {

using oq::BadgePermission;

namespace {
constexpr std::array kAllActions = {
    TechnicianAction::Refill,       TechnicianAction::CollectCashBox,
    TechnicianAction::DeviceStatus, TechnicianAction::TestPrint,
    TechnicianAction::TestDispense, TechnicianAction::ValidatorSelfTest,
    TechnicianAction::ViewConfig,   TechnicianAction::SetConfig,
};

// Why this kiosk cannot do `a` ("" when it can).
std::string unavailable(TechnicianAction a, const DeskAbilities& can) {
  switch (a) {
    case TechnicianAction::Refill:
      return can.dispenser ? "" : "no_dispenser";
    case TechnicianAction::TestDispense:
      return !can.dispenser ? "no_dispenser" : can.test_dispense ? "" : "not_in_this_version";
    case TechnicianAction::ValidatorSelfTest:
      return can.validator_self_test ? "" : "not_in_this_version";
    case TechnicianAction::SetConfig:
      return can.set_config ? "" : "not_in_this_version";
    case TechnicianAction::CollectCashBox:
    case TechnicianAction::DeviceStatus:
    case TechnicianAction::TestPrint:
    case TechnicianAction::ViewConfig:
      return "";
  }
  return "not_in_this_version";
}
}  // namespace

const char* to_string(TechnicianAction a) {
  switch (a) {
    case TechnicianAction::Refill:
      return "refill";
    case TechnicianAction::CollectCashBox:
      return "collect_cash_box";
    case TechnicianAction::DeviceStatus:
      return "device_status";
    case TechnicianAction::TestPrint:
      return "test_print";
    case TechnicianAction::TestDispense:
      return "test_dispense";
    case TechnicianAction::ValidatorSelfTest:
      return "validator_self_test";
    case TechnicianAction::ViewConfig:
      return "view_config";
    case TechnicianAction::SetConfig:
      return "set_config";
  }
  return "unknown";
}

std::optional<TechnicianAction> technician_action_from(std::string_view s) {
  for (auto a : kAllActions)
    if (s == to_string(a)) return a;
  return std::nullopt;
}

BadgePermission permission_for(TechnicianAction a) {
  switch (a) {
    case TechnicianAction::Refill:
      return BadgePermission::Refill;
    case TechnicianAction::CollectCashBox:
      return BadgePermission::Collect;
    case TechnicianAction::ViewConfig:
    case TechnicianAction::SetConfig:
      return BadgePermission::Config;
    case TechnicianAction::DeviceStatus:
    case TechnicianAction::TestPrint:
    case TechnicianAction::TestDispense:
    case TechnicianAction::ValidatorSelfTest:
      return BadgePermission::Diagnostics;
  }
  return BadgePermission::Diagnostics;
}

std::vector<OfferedAction> offered_technician_actions(const oq::TechnicianBadge& badge,
                                                      const DeskAbilities& can) {
  std::vector<OfferedAction> out;
  for (auto a : kAllActions) {
    if (!badge.permits(permission_for(a))) continue;
    std::string why = unavailable(a, can);
    out.push_back({a, why.empty(), why});
  }
  return out;
}

bool technician_may(const oq::TechnicianBadge& badge, const DeskAbilities& can,
                    TechnicianAction action) {
  auto list = offered_technician_actions(badge, can);
  return std::any_of(list.begin(), list.end(),
                     [&](const OfferedAction& o) { return o.action == action && o.available; });
}

std::optional<std::string> badge_refusal(const oq::BadgeVerdict& v, const PinGuard& guard,
                                         std::int64_t now_s, bool customer_in_session) {
  if (!v.ok()) return std::string(oq::to_string(*v.refusal));
  if (customer_in_session) return std::string("customer_in_session");
  if (v.badge.pin && guard.locked(v.badge.technician, now_s)) return std::string("pin_locked");
  return std::nullopt;
}

std::optional<std::int64_t> TechnicianSession::seconds_left(Instant now) const {
  Millis limit{0};
  switch (stage_) {
    case Stage::Scanning:
      limit = timeouts_.scan;
      break;
    case Stage::Pin:
      limit = timeouts_.pin;
      break;
    case Stage::Refused:
      limit = timeouts_.refused;
      break;
    case Stage::Closed:
    case Stage::Desk:
      return std::nullopt;
  }
  const auto left = since_ + limit - now;
  return std::max<std::int64_t>(0, (left.count() + 999) / 1000);
}

void TechnicianSession::open(Instant now) {
  if (stage_ == Stage::Desk) return;  // already in
  stage_ = Stage::Scanning;
  badge_ = {};
  refusal_.clear();
  pin_tries_left_ = -1;
  since_ = now;
}

void TechnicianSession::refuse(std::string why, Instant now) {
  stage_ = Stage::Refused;
  refusal_ = std::move(why);
  since_ = now;
}

void TechnicianSession::accept(oq::TechnicianBadge badge, Instant now) {
  badge_ = std::move(badge);
  stage_ = badge_.pin ? Stage::Pin : Stage::Desk;
  pin_tries_left_ = -1;
  since_ = now;
}

void TechnicianSession::pin_answer(const PinGuard::Answer& a, Instant now) {
  if (stage_ != Stage::Pin) return;
  if (a.verdict == PinGuard::Verdict::Accepted) {
    stage_ = Stage::Desk;
    since_ = now;
  } else if (a.verdict == PinGuard::Verdict::Locked || a.locked_until_s != 0) {
    refuse("pin_locked", now);
  } else {
    pin_tries_left_ = a.tries_left;
  }
}

void TechnicianSession::touched(Instant now) {
  if (stage_ == Stage::Desk) since_ = now;
}

void TechnicianSession::close() {
  stage_ = Stage::Closed;
  badge_ = {};
  refusal_.clear();
  pin_tries_left_ = -1;
}

TechnicianSession::Expiry TechnicianSession::tick(Instant now) {
  if (stage_ == Stage::Closed) return Expiry::None;
  if (stage_ == Stage::Desk) {
    if (now - since_ < timeouts_.idle) return Expiry::None;
    close();
    return Expiry::LoggedOut;
  }
  if (seconds_left(now).value_or(1) > 0) return Expiry::None;
  close();
  return Expiry::Closed;
}

const char* to_string(TechnicianSession::Stage s) {
  switch (s) {
    case TechnicianSession::Stage::Closed:
      return "closed";
    case TechnicianSession::Stage::Scanning:
      return "scanning";
    case TechnicianSession::Stage::Refused:
      return "refused";
    case TechnicianSession::Stage::Pin:
      return "pin";
    case TechnicianSession::Stage::Desk:
      return "desk";
  }
  return "unknown";
}

}  // namespace kiosk::app
