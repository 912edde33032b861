// The runtime's side of observability: builds the ObservabilityShell (heartbeat, /healthz,
// /metrics, `kiosk ctl`) and answers what it asks. Kept out of kiosk_runtime.cpp.
#include "kiosk/config/observability_config.hpp"
#include "kiosk/log.hpp"
#include "kiosk/runtime/kiosk_runtime.hpp"

namespace kiosk::app {

void KioskRuntime::start_observability() {
  ObservabilityPorts p;
  p.facts = [this] { return observed_facts(); };
  p.commands_after = [this](std::int64_t seq) { on_heartbeat_commands_after(seq); };
  p.cassettes_refilled = [this](const std::vector<flows::dispense::Cassette>& counted) {
    cassettes_refilled(counted);
  };
  const std::string db = opt_.db_path.value_or(opt_.config.db_path);
  observe_ = std::make_unique<ObservabilityShell>(io_, opt_.config,
                                                  resolve_ctl_socket(opt_.config.observability, db),
                                                  *store_, *client_, clock_, std::move(p));
  add_ctl_maintenance();
  // `kiosk ctl maintenance on|off`: the technician at the kiosk, journaled as actor "ctl". Off
  // leaves maintenance only (an operator's out of service stays until the operator lifts it).
  observe_->ctl().add("maintenance", [this](const nlohmann::json& args) {
    if (!args.is_object() || !args.contains("on") || !args["on"].is_boolean())
      return ctl_error("bad_request", "maintenance needs {\"on\": true|false}");
    if (!modes_) return ctl_error("not_available", "the operator's mode is not kept yet");
    const bool on = args["on"].get<bool>();
    if (!on && operator_mode().current().mode != OperatorMode::Maintenance &&
        !(operator_mode().pending() &&
          operator_mode().pending()->target == OperatorMode::Maintenance))
      return ctl_error("not_in_maintenance", "the kiosk is not in maintenance");
    auto r = request_mode(on ? OperatorMode::Maintenance : OperatorMode::InService, "ctl");
    if (!r) return ctl_error("failed", r.error());
    return ctl_ok({{"outcome", to_string(*r)},
                   {"mode", to_string(operator_mode().current().mode)},
                   {"pending", operator_mode().pending().has_value()}});
  });
}

// The exchange holds operator commands for this kiosk up to `seq`: the command poller polls at
// once when `seq` is above the highest command it has executed.
void KioskRuntime::on_heartbeat_commands_after(std::int64_t seq) {
  if (seq > commands_after_)
    log_event(LogLevel::Info, "heartbeat.commands_waiting",
              {{"commands_after", std::to_string(seq)}});
  commands_after_ = seq;
  on_commands_after(seq);
}

KioskFacts KioskRuntime::observed_facts() const {
  KioskFacts f;
  f.mode = to_string(supervisor_.mode());
  f.reason = supervisor_.reason();
  // The operator's maintenance or out of service closes the kiosk whatever the devices say.
  if (modes_ && !operator_mode().serving()) {
    f.mode = to_string(operator_mode().current().mode);
    f.reason = operator_mode().closed_reason();
  }
  // As refresh_availability() decides what customers are offered: an unwritable journal or a
  // shutdown in progress takes the kiosk out of service whatever the devices say.
  if (shell_ && shell_->journal_failed()) {
    f.mode = to_string(Mode::OutOfService);
    f.reason = "journal_unwritable";
  } else if (stopping_) {
    f.mode = to_string(Mode::OutOfService);
    f.reason = "stopping";
  }
  f.buy_offered = offers_.buy;
  f.sell_offered = offers_.sell;
  f.buy_reason = offers_.buy_reason;
  f.sell_reason = offers_.sell_reason;
  const bool selling = cash_out_ && cash_out_->active();
  f.in_session = selling || (flow_ && flow_->screen() != flows::cash_in::Screen::Welcome);
  f.screen = flow_ ? screen_name() : "";
  f.exchange_online = exchange_online();
  f.dispenser =
      DeviceHealthBoard::dispenser(cash_out_ != nullptr, cash_out_ && cash_out_->dispenser_ready(),
                                   cash_out_ ? cash_out_->dispenser_fault() : std::string());
  if (scanner_) f.decode_times = scanner_->stats().decode_times;
  return f;
}

}  // namespace kiosk::app
