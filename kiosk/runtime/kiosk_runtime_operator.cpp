// KioskRuntime's remote-maintenance side: the operator's mode and the signed operator commands.
// The logic lives in kiosk/maintenance/; this file only connects it to the runtime's parts.
#include "kiosk/log.hpp"
#include "kiosk/runtime/kiosk_runtime.hpp"

namespace kiosk::app {

bool KioskRuntime::customer_in_session() const {
  if (cash_out_ && cash_out_->active()) return true;
  return flow_ && flow_->screen() != flows::cash_in::Screen::Welcome;
}

std::expected<ModeOutcome, std::string> KioskRuntime::request_mode(OperatorMode target,
                                                                   const std::string& actor,
                                                                   const std::string& message) {
  if (!modes_) return std::unexpected("the kiosk is not started");
  auto r = modes_->request(ModeRequest{target, actor, message}, customer_in_session());
  if (!r) return r;
  if (sim_)
    console_log(std::string("operator mode: ") + to_string(target) + " by " + actor + " (" +
                to_string(*r) + ")");
  if (*r == ModeOutcome::Applied) refresh_availability();
  return r;
}

void KioskRuntime::settle_operator_mode() {
  if (modes_ && modes_->settle(customer_in_session())) {
    if (sim_)
      console_log(std::string("operator mode: ") + to_string(modes_->book().current().mode) +
                  " (the session ended)");
    refresh_availability();
  }
}

}  // namespace kiosk::app
