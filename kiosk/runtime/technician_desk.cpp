#include "kiosk/runtime/technician_desk.hpp"

#include <charconv>

#include "flows/money.hpp"
#include "kiosk/log.hpp"
#include "kiosk/maintenance/cash_box.hpp"
#include "offline_queue/operator_command_args.hpp"

namespace kiosk::app {

using Json = nlohmann::json;
using Stage = TechnicianSession::Stage;

namespace {
constexpr std::size_t kMaxCounts = 16;

std::string kzt_text(std::int64_t kzt) { return flows::format_kzt(flows::Kzt{kzt}); }

Json permissions_json(const oq::TechnicianBadge& b) {
  Json list = Json::array();
  for (auto p : b.permissions) list.push_back(oq::to_string(p));
  return list;
}
}  // namespace

std::optional<std::vector<std::int64_t>> parse_counts(std::string_view text) {
  std::vector<std::int64_t> out;
  if (text.empty() || text.size() > kMaxCounts * 6) return std::nullopt;
  std::size_t at = 0;
  while (at <= text.size()) {
    const std::size_t comma = std::min(text.find(',', at), text.size());
    const std::string_view item = text.substr(at, comma - at);
    std::int64_t n = -1;
    auto [p, ec] = std::from_chars(item.data(), item.data() + item.size(), n);
    if (item.empty() || item.size() > 5 || ec != std::errc() || p != item.data() + item.size() ||
        n < 0)
      return std::nullopt;
    out.push_back(n);
    if (out.size() > kMaxCounts) return std::nullopt;
    at = comma + 1;
  }
  return out;
}

TechnicianDesk::TechnicianDesk(oq::Store& store, oq::Ed25519PublicKey key, PinGuard guard,
                               TechnicianDeskConfig config, ShellClock clock,
                               TechnicianDeskPorts ports)
    : store_(store),
      key_(std::move(key)),
      guard_(std::move(guard)),
      config_(std::move(config)),
      clock_(std::move(clock)),
      ports_(std::move(ports)),
      session_(config_.timeouts) {}

void TechnicianDesk::journal(const char* type, const Json& payload) {
  auto row = store_.append(oq::JournalEntry{"", type, payload.dump(), clock_.wall_ms()});
  if (!row)
    log_event(LogLevel::Error, "journal.append_failed",
              {{"type", type}, {"error", row.error().what}});
}

void TechnicianDesk::open(const std::string& lang) {
  if (session_.stage() == Stage::Desk) return render();
  lang_ = lang.empty() ? lang_ : lang;
  result_ = nullptr;
  session_.open(clock_.now());
  log_event(LogLevel::Info, "technician.scan_opened");
  render();
}

void TechnicianDesk::badge_scanned(const std::string& payload) {
  if (!wants_badge()) return;
  const std::int64_t now_s = clock_.wall_ms() / 1000;
  const auto v = oq::verify_badge(payload, {&key_, config_.kiosk_id, now_s, config_.max_skew_s});
  if (auto why = badge_refusal(v, guard_, now_s, ports_.customer_in_session()))
    return refuse(&v, *why);
  session_.accept(v.badge, clock_.now());
  log_event(LogLevel::Info, "technician.badge_read",
            {{"technician", v.badge.technician}, {"pin", v.badge.pin ? "yes" : "no"}});
  if (session_.stage() == Stage::Desk) return enter();
  render();  // the PIN keypad
}

// Refused: journaled with the reason; the technician's and badge's ids only when the operator's
// signature held (else they are anybody's text); never the token.
void TechnicianDesk::refuse(const oq::BadgeVerdict* v, const std::string& why) {
  Json row = {{"reason", why}};
  const bool signed_ok = v && (v->ok() || (*v->refusal != oq::BadgeRefusal::Malformed &&
                                           *v->refusal != oq::BadgeRefusal::BadSignature));
  const oq::TechnicianBadge& b = v ? v->badge : session_.badge();
  if (signed_ok || !v) {
    row["technician"] = b.technician;
    row["badge"] = b.id;
  }
  journal(kBadgeRefused, row);
  log_event(LogLevel::Warn, kBadgeRefused, {{"reason", why}});
  session_.refuse(why, clock_.now());
  render();
}

void TechnicianDesk::check_pin(const std::string& pin) {
  const auto& b = session_.badge();
  const std::int64_t now_s = clock_.wall_ms() / 1000;
  if (guard_.locked(b.technician, now_s)) return refuse(nullptr, "pin_locked");
  const bool right = b.pin && pin_matches(*b.pin, pin);
  auto answer = journal_pin_try(store_, guard_, b.technician, right, clock_.wall_ms());
  if (!answer) return refuse(nullptr, "journal_unwritable");
  log_event(right ? LogLevel::Info : LogLevel::Warn, kPinTried,
            {{"technician", b.technician}, {"correct", right ? "yes" : "no"}});
  session_.pin_answer(*answer, clock_.now());
  if (session_.stage() == Stage::Refused) return refuse(nullptr, "pin_locked");
  if (session_.stage() == Stage::Desk) return enter();
  render();
}

// The badge (and PIN) held: into maintenance as the technician, then the technician screen.
void TechnicianDesk::enter() {
  if (ports_.customer_in_session()) return refuse(nullptr, "customer_in_session");
  auto mode = ports_.request_mode(OperatorMode::Maintenance, actor());
  if (!mode || *mode == ModeOutcome::Pending) return refuse(nullptr, "mode_refused");
  const auto& b = session_.badge();
  journal(kTechnicianLoggedIn,
          {{"technician", b.technician}, {"badge", b.id}, {"permissions", permissions_json(b)}});
  log_event(LogLevel::Info, kTechnicianLoggedIn, {{"technician", b.technician}});
  render();
}

void TechnicianDesk::leave(const char* why) {
  const std::string who = session_.badge().technician;
  journal(kTechnicianLoggedOut, {{"technician", who}, {"why", why}});
  log_event(LogLevel::Info, kTechnicianLoggedOut, {{"technician", who}, {"why", why}});
}

void TechnicianDesk::touch(const std::string& action, const std::string& value) {
  const Stage stage = session_.stage();
  if (stage == Stage::Closed) return;
  if (action == "cancel" && stage != Stage::Desk) {
    session_.close();
    return ports_.closed();
  }
  if (stage == Stage::Pin && action == "pin") return check_pin(value);
  if (stage != Stage::Desk) return;
  session_.touched(clock_.now());
  if (action == "finish") {
    const std::string by = actor();
    leave("finish");
    session_.close();
    if (auto r = ports_.request_mode(OperatorMode::InService, by); !r)
      log_event(LogLevel::Error, "technician.finish_failed", {{"why", r.error()}});
    return ports_.closed();
  }
  if (action == "back") {
    result_ = nullptr;
    return render();
  }
  auto a = technician_action_from(action);
  if (!a || !technician_may(session_.badge(), config_.abilities, *a)) {
    journal(kTechnicianAction, {{"technician", session_.badge().technician},
                                {"action", a ? to_string(*a) : "unrecognised"},
                                {"status", "refused"},
                                {"reason", "not_permitted"}});
    return render();
  }
  run(*a, value);
}

void TechnicianDesk::run(TechnicianAction a, const std::string& value) {
  const std::string by = actor();
  switch (a) {
    case TechnicianAction::Refill: {
      auto counts = parse_counts(value);
      if (!counts || counts->size() != config_.cassette_kzt.size())
        return finish_action(a, {"failed", "bad_counts", nullptr}, Json::array());
      Json args = {{"cassettes", Json::array()}};
      Json rows = Json::array();
      for (std::size_t i = 0; i < counts->size(); ++i) {
        args["cassettes"].push_back({{"kzt", config_.cassette_kzt[i]}, {"count", (*counts)[i]}});
        rows.push_back(
            {{"key", "cassette"},
             {"n", i + 1},
             {"value", kzt_text(config_.cassette_kzt[i]) + " × " + std::to_string((*counts)[i])}});
      }
      if (!oq::command_args_problem("refill", args).empty())
        return finish_action(a, {"failed", "bad_counts", nullptr}, Json::array());
      return finish_action(a, ports_.refill(args, by), rows);
    }
    case TechnicianAction::CollectCashBox: {
      auto counts = parse_counts(value);
      if (!counts || counts->size() != config_.note_kzt.size())
        return finish_action(a, {"failed", "bad_counts", nullptr}, Json::array());
      std::vector<NoteCount> counted;
      Json args = {{"notes", Json::array()}};
      for (std::size_t i = 0; i < counts->size(); ++i) {
        if ((*counts)[i] == 0) continue;
        counted.push_back({config_.note_kzt[i], (*counts)[i]});
        args["notes"].push_back({{"kzt", config_.note_kzt[i]}, {"count", (*counts)[i]}});
      }
      if (!oq::command_args_problem("collect_cash_box", args).empty())
        return finish_action(a, {"failed", "bad_counts", nullptr}, Json::array());
      auto record = collect_cash_box(store_, counted, by, clock_.wall_ms());
      if (!record)
        return finish_action(a, {"failed", "journal_unwritable", nullptr}, Json::array());
      const Json& since = (*record)["since_last"];
      Json rows = Json::array({
          {{"key", "counted"}, {"value", kzt_text(since.value("kzt", std::int64_t{0}))}},
          {{"key", "expected"}, {"value", kzt_text(since.value("expected_kzt", std::int64_t{0}))}},
          {{"key", "difference"},
           {"value", kzt_text(since.value("difference_kzt", std::int64_t{0}))}},
      });
      return finish_action(a, {"executed", "", *record}, rows);
    }
    case TechnicianAction::DeviceStatus: {
      Json rows = Json::array();
      const Json devices = ports_.devices();
      for (auto it = devices.begin(); it != devices.end(); ++it)
        rows.push_back(
            {{"key", it.key()}, {"value_key", "health." + it.value().value("state", "unknown")}});
      return finish_action(a, {"executed", "", devices}, rows);
    }
    case TechnicianAction::TestPrint:
      ports_.test_print([this, a, alive = session_.badge().id](CommandOutcome out) {
        // The answer may come after a log-out: journaled, not shown to the next person.
        if (session_.stage() != Stage::Desk || session_.badge().id != alive) {
          journal(kTechnicianAction,
                  {{"action", to_string(a)}, {"status", out.status}, {"reason", out.reason}});
          return;
        }
        finish_action(a, out, Json::array());
      });
      return;
    case TechnicianAction::ViewConfig:
      return finish_action(a, {"executed", "", nullptr}, ports_.config_view());
    case TechnicianAction::TestDispense:
    case TechnicianAction::ValidatorSelfTest:
    case TechnicianAction::SetConfig:
      // Offered only when this build has the function (DeskAbilities); never imitated here.
      return finish_action(a, {"failed", "not_in_this_version", nullptr}, Json::array());
  }
}

void TechnicianDesk::finish_action(TechnicianAction a, const CommandOutcome& out, Json rows) {
  journal(kTechnicianAction, {{"technician", session_.badge().technician},
                              {"action", to_string(a)},
                              {"status", out.status},
                              {"reason", out.reason}});
  log_event(out.status == "executed" ? LogLevel::Info : LogLevel::Warn, kTechnicianAction,
            {{"technician", session_.badge().technician},
             {"action", to_string(a)},
             {"status", out.status},
             {"reason", out.reason}});
  result_ = {{"action", to_string(a)},
             {"status", out.status},
             {"reason", out.reason.empty() ? Json(nullptr) : Json(out.reason)},
             {"rows", std::move(rows)}};
  render();
}

void TechnicianDesk::tick() {
  if (session_.stage() == Stage::Desk && ports_.in_maintenance && !ports_.in_maintenance()) {
    leave("left_maintenance");  // the operator's leave_maintenance (or in_service)
    session_.close();
    return ports_.closed();
  }
  const std::string who = session_.badge().technician;
  const Stage was = session_.stage();
  switch (session_.tick(clock_.now())) {
    case TechnicianSession::Expiry::None:
      return;
    case TechnicianSession::Expiry::LoggedOut:
      journal(kTechnicianLoggedOut, {{"technician", who}, {"why", "idle"}});
      log_event(LogLevel::Info, kTechnicianLoggedOut, {{"technician", who}, {"why", "idle"}});
      return ports_.closed();
    case TechnicianSession::Expiry::Closed:
      log_event(LogLevel::Info, "technician.screen_timeout", {{"stage", to_string(was)}});
      return ports_.closed();
  }
}

Json TechnicianDesk::desk_data() const {
  const auto& b = session_.badge();
  Json offered = Json::array();
  for (const auto& o : offered_technician_actions(b, config_.abilities))
    offered.push_back({{"id", to_string(o.action)},
                       {"available", o.available},
                       {"why", o.why.empty() ? Json(nullptr) : Json(o.why)}});
  Json cassettes = Json::array();
  const Json book = ports_.cassettes ? ports_.cassettes() : Json::array();
  for (std::size_t i = 0; i < config_.cassette_kzt.size(); ++i) {
    std::int64_t now = -1;
    for (const auto& c : book)
      if (c.value("index", -1) == static_cast<int>(i)) now = c.value("count", std::int64_t{-1});
    cassettes.push_back({{"n", i + 1},
                         {"kzt", kzt_text(config_.cassette_kzt[i])},
                         {"count", now < 0 ? Json(nullptr) : Json(now)}});
  }
  Json notes = Json::array();
  for (auto kzt : config_.note_kzt) notes.push_back(kzt_text(kzt));
  return {{"technician", b.technician},
          {"offered", offered},
          {"cassettes", cassettes},
          {"notes", notes},
          {"result", result_}};
}

void TechnicianDesk::render() {
  Json screen = {{"type", "screen"}, {"lang", lang_}, {"deadline_s", nullptr}};
  Json actions = Json::object();
  const auto left = session_.seconds_left(clock_.now());
  if (left) screen["deadline_s"] = *left;
  switch (session_.stage()) {
    case Stage::Closed:
      return;
    case Stage::Scanning:
      screen["screen"] = "technician_scan";
      screen["data"] = Json::object();
      actions["cancel"] = true;
      break;
    case Stage::Refused:
      screen["screen"] = "technician_refused";
      screen["data"] = {{"reason", session_.refusal()}};
      actions["cancel"] = true;
      break;
    case Stage::Pin:
      screen["screen"] = "technician_pin";
      screen["data"] = {
          {"technician", session_.badge().technician},
          {"tries_left",
           session_.pin_tries_left() < 0 ? Json(nullptr) : Json(session_.pin_tries_left())}};
      actions["pin"] = "pin";
      actions["cancel"] = true;
      break;
    case Stage::Desk:
      screen["screen"] = "technician_desk";
      screen["data"] = desk_data();
      actions["finish"] = actions["back"] = true;
      for (const auto& o : offered_technician_actions(session_.badge(), config_.abilities)) {
        if (!o.available) continue;
        const bool counted =
            o.action == TechnicianAction::Refill || o.action == TechnicianAction::CollectCashBox;
        actions[to_string(o.action)] = counted ? Json("counts") : Json(true);
      }
      break;
  }
  screen["actions"] = actions;
  ports_.show(std::move(screen));
}

}  // namespace kiosk::app
