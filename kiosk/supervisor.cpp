#include "kiosk/supervisor.hpp"

namespace kiosk::app {

const char* to_string(Mode m) {
  switch (m) {
    case Mode::Booting:
      return "booting";
    case Mode::InService:
      return "in_service";
    case Mode::OutOfService:
      return "out_of_service";
  }
  return "unknown";
}

void Supervisor::on_validator(const devices::ValidatorEvent& e) {
  using K = devices::ValidatorEvent::Kind;
  switch (e.kind) {
    case K::Ready:
    case K::Idle:
    case K::Disabled:
      validator_seen_ = true;
      validator_problem_.clear();
      return;
    case K::Jammed:
      validator_problem_ = "validator_jammed";
      return;
    case K::CassetteFull:
      validator_problem_ = "cassette_full";
      return;
    case K::CassetteRemoved:
      validator_problem_ = "cassette_removed";
      return;
    case K::Failure:
      validator_problem_ = "validator_failure";
      return;
    case K::LinkLost:
      validator_seen_ = true;
      validator_problem_ = "validator_link_lost";
      return;
    case K::LinkRestored:  // ready again only once re-initialised (Ready)
    case K::Escrowed:
    case K::Stacked:
    case K::Returned:
    case K::Rejected:
    case K::PowerUpWithBill:
      return;
  }
}

void Supervisor::on_printer(const devices::PrinterStatus& s) {
  printer_problem_ = s.ok() ? "" : "printer_" + s.describe();
}

void Supervisor::on_printer_unreachable(const std::string&) {
  printer_problem_ = "printer_unreachable";
}

Mode Supervisor::mode() const {
  if (!validator_seen_) return Mode::Booting;
  return reason().empty() ? Mode::InService : Mode::OutOfService;
}

std::string Supervisor::reason() const {
  // The validator is ready exactly when it has no problem ("starting" until its first Ready).
  if (!validator_problem_.empty()) return validator_problem_;
  return printer_problem_;
}

}  // namespace kiosk::app

namespace kiosk::app {

Offers decide_offers(bool buy_open, const std::string& buy_reason, bool sell_configured,
                     const std::string& sell_reason) {
  Offers o;
  o.buy = buy_open;
  o.buy_reason = buy_open ? "" : (buy_reason.empty() ? "unavailable" : buy_reason);
  o.sell = sell_configured && sell_reason.empty();
  o.sell_reason = !sell_configured ? "not_configured" : sell_reason;
  return o;
}

nlohmann::json to_json(const Offers& o) {
  auto code = [](const std::string& r) {
    return r.empty() ? nlohmann::json(nullptr) : nlohmann::json(r);
  };
  return {{"buy", o.buy},
          {"sell", o.sell},
          {"reasons", {{"buy", code(o.buy_reason)}, {"sell", code(o.sell_reason)}}}};
}

}  // namespace kiosk::app
