#include "kiosk/maintenance/operator_mode.hpp"

namespace kiosk::app {

const char* to_string(OperatorMode m) {
  switch (m) {
    case OperatorMode::InService:
      return "in_service";
    case OperatorMode::OutOfService:
      return "out_of_service";
    case OperatorMode::Maintenance:
      return "maintenance";
  }
  return "unknown";
}

std::optional<OperatorMode> operator_mode_from(std::string_view text) {
  if (text == "in_service") return OperatorMode::InService;
  if (text == "out_of_service") return OperatorMode::OutOfService;
  if (text == "maintenance") return OperatorMode::Maintenance;
  return std::nullopt;
}

const char* to_string(ModeOutcome o) {
  switch (o) {
    case ModeOutcome::Applied:
      return "applied";
    case ModeOutcome::Pending:
      return "pending";
    case ModeOutcome::Unchanged:
      return "unchanged";
  }
  return "unknown";
}

namespace {
constexpr std::size_t kMaxActor = 64, kMaxMessage = 200;

bool has_control(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7F) return true;
  return false;
}

// Well-formed UTF-8 (no overlongs or surrogates is not needed here: canonical JSON checked it, and
// ctl input is checked the same way by this minimal walk).
bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xE  ? 3
                    : (c >> 3) == 0x1E ? 4
                                       : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
    i += n;
  }
  return true;
}
}  // namespace

std::string mode_request_problem(const ModeRequest& r) {
  if (r.actor.empty() || r.actor.size() > kMaxActor || has_control(r.actor) || !valid_utf8(r.actor))
    return "actor must be 1-64 bytes of printable text";
  if (r.message.size() > kMaxMessage || has_control(r.message) || !valid_utf8(r.message))
    return "message must be at most 200 bytes of printable text";
  if (r.target != OperatorMode::OutOfService && !r.message.empty())
    return "only out_of_service carries a message";
  return "";
}

std::expected<ModeOutcome, std::string> ModeBook::request(const ModeRequest& r,
                                                          bool customer_in_session,
                                                          std::int64_t now_ms) {
  if (auto why = mode_request_problem(r); !why.empty()) return std::unexpected(why);
  const bool same = current_.mode == r.target && current_.message == r.message;
  if (same) {
    pending_.reset();
    return ModeOutcome::Unchanged;
  }
  // Back into service (or from maintenance to out of service) never waits: no customer can be in a
  // session unless the kiosk was serving; leaving service waits for the session to end.
  if (customer_in_session && current_.mode == OperatorMode::InService) {
    pending_ = r;
    return ModeOutcome::Pending;
  }
  pending_.reset();
  current_ = ModeState{r.target, r.message, r.actor, now_ms};
  return ModeOutcome::Applied;
}

bool ModeBook::settle(bool customer_in_session, std::int64_t now_ms) {
  if (!pending_ || customer_in_session) return false;
  current_ = ModeState{pending_->target, pending_->message, pending_->actor, now_ms};
  pending_.reset();
  return true;
}

std::string ModeBook::closed_reason() const {
  switch (current_.mode) {
    case OperatorMode::InService:
      return "";
    case OperatorMode::OutOfService:
      return "operator_out_of_service";
    case OperatorMode::Maintenance:
      return "maintenance";
  }
  return "";
}

nlohmann::json ModeBook::to_json() const {
  nlohmann::json j = {{"mode", to_string(current_.mode)},
                      {"message", current_.message},
                      {"actor", current_.actor},
                      {"since_ms", current_.since_ms},
                      {"pending", nullptr}};
  if (pending_)
    j["pending"] = {{"mode", to_string(pending_->target)},
                    {"message", pending_->message},
                    {"actor", pending_->actor}};
  return j;
}

std::optional<ModeBook> ModeBook::from_json(const nlohmann::json& j) {
  auto str = [](const nlohmann::json& o, const char* k) -> std::optional<std::string> {
    if (!o.is_object() || !o.contains(k) || !o[k].is_string()) return std::nullopt;
    return o[k].get<std::string>();
  };
  if (!j.is_object()) return std::nullopt;
  auto mode = str(j, "mode"), message = str(j, "message"), actor = str(j, "actor");
  if (!mode || !message || !actor || !j.contains("since_ms") || !j["since_ms"].is_number_integer())
    return std::nullopt;
  auto m = operator_mode_from(*mode);
  if (!m) return std::nullopt;
  ModeBook b;
  b.current_ = ModeState{*m, *message, *actor, j["since_ms"].get<std::int64_t>()};
  if (j.contains("pending") && !j["pending"].is_null()) {
    const auto& p = j["pending"];
    auto pm = str(p, "mode"), pmsg = str(p, "message"), pa = str(p, "actor");
    if (!pm || !pmsg || !pa || !operator_mode_from(*pm)) return std::nullopt;
    b.pending_ = ModeRequest{*operator_mode_from(*pm), *pa, *pmsg};
  }
  return b;
}

}  // namespace kiosk::app
