// The technician at the kiosk, as a shell: "Service" on the welcome or out-of-service screen opens
// a badge scan; the badge (offline_queue/technician_badge.hpp) is verified against the operator's
// key, this kiosk's id and the time; its PIN, when it has one, is checked with the journaled
// lock-out (kiosk/maintenance/badge_pin.hpp); then the kiosk enters maintenance as
// `technician:<id>` and the technician screen offers what the badge permits
// (kiosk/maintenance/technician_session.hpp). Every action calls the function the operator's
// remote command uses, through the ports, and is journaled under the technician's id. Finish
// leaves maintenance; idle logs the technician out and the kiosk stays in maintenance.
//
// Journal rows (never the badge's token, never a PIN):
//   technician.badge_refused {reason, technician?, badge?}   (ids only once the signature held)
//   technician.logged_in     {technician, badge, permissions}
//   technician.pin_tried     {technician, correct}            (badge_pin.hpp)
//   technician.action        {technician, action, status, reason}
//   technician.logged_out    {technician, why: finish | idle | left_maintenance}
#pragma once

#include <expected>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kiosk/maintenance/badge_pin.hpp"
#include "kiosk/maintenance/command_poller.hpp"
#include "kiosk/maintenance/operator_mode.hpp"
#include "kiosk/maintenance/technician_session.hpp"
#include "kiosk/shell/shell_clock.hpp"
#include "offline_queue/store.hpp"

namespace kiosk::app {

inline constexpr const char* kBadgeRefused = "technician.badge_refused";
inline constexpr const char* kTechnicianLoggedIn = "technician.logged_in";
inline constexpr const char* kTechnicianAction = "technician.action";
inline constexpr const char* kTechnicianLoggedOut = "technician.logged_out";

struct TechnicianDeskConfig {
  std::string kiosk_id;
  std::int64_t max_skew_s = 300;
  TechnicianTimeouts timeouts;
  DeskAbilities abilities;
  std::vector<std::int64_t> cassette_kzt;  // the configured cassettes' notes, in order
  std::vector<std::int64_t> note_kzt;      // the notes the validator takes (cash box count)
};

struct TechnicianDeskPorts {
  std::function<bool()> customer_in_session;
  std::function<bool()> in_maintenance;
  std::function<std::expected<ModeOutcome, std::string>(OperatorMode, const std::string& actor)>
      request_mode;
  // The `refill` command's function: {"cassettes": [{"kzt", "count"}, ...]}.
  std::function<CommandOutcome(const nlohmann::json& args, const std::string& actor)> refill;
  std::function<void(std::function<void(CommandOutcome)>)> test_print;
  std::function<nlohmann::json()> devices;          // {"validator": {"state": "ok", ...}, ...}
  std::function<nlohmann::json()> cassettes;        // [{"index", "kzt", "count"}] as the book says
  std::function<nlohmann::json()> config_view;      // [{"key", "value"}] the settings in force
  std::function<void(nlohmann::json screen)> show;  // a technician screen, with its "actions"
  std::function<void()> closed;                     // the desk gave the screen back
};

class TechnicianDesk {
 public:
  TechnicianDesk(oq::Store& store, oq::Ed25519PublicKey key, PinGuard guard,
                 TechnicianDeskConfig config, ShellClock clock, TechnicianDeskPorts ports);

  bool active() const { return session_.active(); }
  // The camera should look for a badge (the scan screen is up).
  bool wants_badge() const { return session_.stage() == TechnicianSession::Stage::Scanning; }
  const TechnicianSession& session() const { return session_; }

  // "Service" touched, in the language the screen showed.
  void open(const std::string& lang);
  // A QR payload read while wants_badge().
  void badge_scanned(const std::string& payload);
  // A touch on a technician screen (already checked against the screen's declared actions).
  void touch(const std::string& action, const std::string& value);
  // Deadlines, the idle log-out, and a maintenance left by the operator.
  void tick();

 private:
  std::string actor() const { return "technician:" + session_.badge().technician; }
  void check_pin(const std::string& pin);
  void enter();
  void leave(const char* why);
  void refuse(const oq::BadgeVerdict* v, const std::string& why);
  void run(TechnicianAction a, const std::string& value);
  void finish_action(TechnicianAction a, const CommandOutcome& out, nlohmann::json rows);
  void journal(const char* type, const nlohmann::json& payload);
  void render();
  nlohmann::json desk_data() const;

  oq::Store& store_;
  oq::Ed25519PublicKey key_;
  PinGuard guard_;
  TechnicianDeskConfig config_;
  ShellClock clock_;
  TechnicianDeskPorts ports_;
  TechnicianSession session_;
  std::string lang_ = "ru";
  nlohmann::json result_ = nullptr;  // the last action's result, shown on the desk
};

// "50,100,0" -> {50, 100, 0}: whole numbers 0..99999 separated by commas, at most 16; nullopt
// for anything else.
std::optional<std::vector<std::int64_t>> parse_counts(std::string_view text);

}  // namespace kiosk::app
