// A technician at the kiosk, pure: the stages from the "Service" touch to the technician screen
// and out again, and what a badge lets the technician do there. No clock, no journal, no device:
// the shell (kiosk/runtime/technician_desk.hpp) feeds it the verified badge, the PIN guard's
// answer and the time, and does what it says.
//
//   Closed --open--> Scanning --badge--> Refused (a reason; back to Closed after a while)
//                                  |---> Pin --right PIN--> Desk --finish / idle--> Closed
//                                  |      `--five wrong--> Refused (pin_locked)
//                                  `---> Desk (no PIN on the badge)
//
// Scanning, Refused and Pin each have a deadline; on the Desk the technician is logged out after
// `idle` without a touch (the kiosk stays in maintenance: only Finish, or the operator's
// leave_maintenance, brings it back into service).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "flows/time.hpp"
#include "kiosk/maintenance/badge_pin.hpp"
#include "offline_queue/technician_badge.hpp"

namespace kiosk::app {

// What the technician screen can offer. Each needs one of the badge's permissions.
enum class TechnicianAction {
  Refill,             // refill: the counted notes per cassette (the `refill` command's function)
  CollectCashBox,     // collect: the counted notes from the validator's box (`collect_cash_box`)
  DeviceStatus,       // diagnostics: each device's health
  TestPrint,          // diagnostics: the printer answers (`test_print`)
  TestDispense,       // diagnostics: a note to the reject tray (`test_dispense`)
  ValidatorSelfTest,  // diagnostics: `validator_self_test`
  ViewConfig,         // config: the settings in force, read only
  SetConfig,          // config: change settings (`set_config`)
};
const char* to_string(TechnicianAction a);
std::optional<TechnicianAction> technician_action_from(std::string_view s);
oq::BadgePermission permission_for(TechnicianAction a);

// What this kiosk can do at all (a kiosk without a dispenser cannot be refilled; an action whose
// function is not in this build is shown as unavailable, never imitated).
struct DeskAbilities {
  bool dispenser = false;
  bool test_dispense = false;
  bool validator_self_test = false;
  bool set_config = false;
};

struct OfferedAction {
  TechnicianAction action;
  bool available = true;
  std::string why;  // when not available: "no_dispenser" or "not_in_this_version"
  bool operator==(const OfferedAction&) const = default;
};

// The actions the badge permits, in screen order, each available or not on this kiosk. An action
// the badge does not permit is not listed at all.
std::vector<OfferedAction> offered_technician_actions(const oq::TechnicianBadge& badge,
                                                      const DeskAbilities& can);
// True when `action` is listed and available for this badge on this kiosk.
bool technician_may(const oq::TechnicianBadge& badge, const DeskAbilities& can,
                    TechnicianAction action);

// Why a badge that verified (or not) does not open the technician screen now; nullopt: it does.
// "malformed", "bad_signature", "wrong_kiosk", "expired" (the badge's own refusal),
// "customer_in_session", "pin_locked" (this technician's PIN is locked now).
std::optional<std::string> badge_refusal(const oq::BadgeVerdict& v, const PinGuard& guard,
                                         std::int64_t now_s, bool customer_in_session);

struct TechnicianTimeouts {
  Millis scan{60'000};     // to show the badge
  Millis pin{60'000};      // to type the PIN
  Millis refused{10'000};  // the refusal stays on screen
  Millis idle{600'000};    // on the technician screen without a touch
};

class TechnicianSession {
 public:
  enum class Stage { Closed, Scanning, Refused, Pin, Desk };

  explicit TechnicianSession(TechnicianTimeouts t = {}) : timeouts_(t) {}

  Stage stage() const { return stage_; }
  bool active() const { return stage_ != Stage::Closed; }
  const oq::TechnicianBadge& badge() const { return badge_; }
  const std::string& refusal() const { return refusal_; }  // in Refused
  int pin_tries_left() const { return pin_tries_left_; }   // in Pin, after a wrong PIN (else -1)
  // Seconds left on this stage (the screen's countdown); nullopt on the Desk.
  std::optional<std::int64_t> seconds_left(Instant now) const;

  // "Service" touched (welcome or out-of-service screen): the camera looks for a badge.
  void open(Instant now);
  // The badge read on Scanning: refused with `why`, or accepted (Pin when it carries a PIN).
  void refuse(std::string why, Instant now);
  void accept(oq::TechnicianBadge badge, Instant now);
  // The guard's answer to a PIN typed on Pin: Desk, Pin again (tries left) or Refused.
  void pin_answer(const PinGuard::Answer& a, Instant now);
  // A touch on the Desk (keeps the technician logged in).
  void touched(Instant now);
  // Cancel (Scanning, Pin, Refused), Finish (Desk): Closed.
  void close();

  enum class Expiry { None, Closed, LoggedOut };
  // Deadlines: Scanning, Pin and Refused close; the Desk logs the technician out when idle.
  Expiry tick(Instant now);

 private:
  TechnicianTimeouts timeouts_;
  Stage stage_ = Stage::Closed;
  oq::TechnicianBadge badge_;
  std::string refusal_;
  int pin_tries_left_ = -1;
  Instant since_{0};  // the stage began (Scanning, Pin, Refused) or the last touch (Desk)
};

const char* to_string(TechnicianSession::Stage s);

}  // namespace kiosk::app
