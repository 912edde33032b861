// CashOutStation, dispenser health: faults take cash-out out of service (journaled, the session
// told), a purge is tried, a STATUS is asked before every claim, and a lost dispense response is
// settled from the device's LAST STATUS where it can be. See cash_out_station.hpp.
#include <nlohmann/json.hpp>

#include "flows/cash_out/cash_out_types.hpp"
#include "flows/dispense/plan_text.hpp"
#include "kiosk/log.hpp"
#include "kiosk/runtime/cash_out_station.hpp"

namespace kiosk::app {

namespace {

constexpr int kPickupErrorsInARow = 2;
constexpr const char* kStatusFault = "dispenser_fault";  // what the device's STATUS says

bool is_refusal(const devices::DispenseOutcome& o) { return o.error.starts_with("refused: "); }

}  // namespace

void CashOutStation::on_status(const devices::DispenserStatus& s) {
  if (checking_after_payout_) {
    checking_after_payout_ = false;
    refresh_availability();
  }
  const std::string fault = devices::dispenser_fault(s);
  if (!fault.empty()) return set_fault(kStatusFault, fault);
  if (fault_ == kStatusFault) clear_fault();
}

void CashOutStation::set_fault(const std::string& reason, const std::string& detail) {
  checking_after_payout_ = false;  // the fault speaks for the device now
  if (fault_ == reason && fault_detail_ == detail) return;
  const bool was_healthy = fault_.empty();
  fault_ = reason;
  fault_detail_ = detail;
  log_event(LogLevel::Error, "cash_out.dispenser_fault",
            {{"reason", reason}, {"detail", detail}, {"action", "out_of_service"}});
  nlohmann::json payload = {{"reason", reason}, {"detail", detail}};
  if (auto r = store_.append(
          oq::JournalEntry{"", "cash_out.dispenser_fault", payload.dump(), clock_.wall_ms()});
      !r)
    log_event(LogLevel::Error, "journal.append_failed",
              {{"type", "cash_out.dispenser_fault"}, {"error", r.error().what}});
  refresh_availability();
  if (was_healthy && ports_.console_log) ports_.console_log("cash-out out of service: " + reason);
  // A customer choosing or waiting for a deposit hears it now, not at the claim.
  if (was_healthy && shell_->active() == CashOutShell::Active::CashOut)
    shell_->handle(flows::cash_out::DispenserDown{reason});
  try_purge();
}

void CashOutStation::clear_fault() {
  if (fault_.empty()) return;
  log_event(LogLevel::Info, "cash_out.dispenser_ok", {{"was", fault_}, {"detail", fault_detail_}});
  nlohmann::json payload = {{"was", fault_}, {"detail", fault_detail_}};
  if (auto r = store_.append(
          oq::JournalEntry{"", "cash_out.dispenser_ok", payload.dump(), clock_.wall_ms()});
      !r)
    log_event(LogLevel::Error, "journal.append_failed",
              {{"type", "cash_out.dispenser_ok"}, {"error", r.error().what}});
  fault_.clear();
  fault_detail_.clear();
  purge_tried_ = false;
  refresh_availability();
}

// A note in the path or a device error: PURGE (into the reject tray), once per fault, never while
// a payout runs; its PurgeDone asks for a STATUS, which clears the fault only when clean.
void CashOutStation::try_purge() {
  if (fault_ != kStatusFault || purge_tried_ || purging_ || !dispenser_ready_) return;
  // A purge clears the note path; it cannot bring back a cassette or the reject tray.
  if (!fault_detail_.starts_with("notes_in_path") && !fault_detail_.starts_with("device_error"))
    return;
  // Never while a payout runs, nor before recovery has read the device's LAST STATUS (a purge
  // would replace the last dispense it must settle from).
  if (shell_->dispensing() || dispense_done_ || recovery_pending_) return;
  purge_tried_ = true;
  purging_ = true;
  log_event(LogLevel::Warn, "cash_out.dispenser_purge", {{"detail", fault_detail_}});
  dispenser_->purge();
}

// The purge's notes went from the path to the reject tray: journaled, so that the cassette book
// (kiosk/shell/cassette_ledger) takes them out of the cassettes they came from where the device
// counted them; where it did not, the row says so and the refill's count settles it.
void CashOutStation::on_purge_done(const devices::DispenserEvent& e) {
  purging_ = false;
  before_ = {true, std::nullopt};  // the device's last operation is now this purge
  std::vector<flows::dispense::CassetteMove> moves;
  if (e.outcome)
    for (std::size_t i = 0; i < e.outcome->cassettes.size(); ++i) {
      const auto& c = e.outcome->cassettes[i];
      if (c.delivered > 0 || c.rejected > 0)
        moves.push_back({static_cast<int>(i), c.delivered, c.rejected});
    }
  nlohmann::json payload = {{"error", e.detail},
                            {"counts", e.outcome ? "device" : "unknown"},
                            {"moves", flows::dispense::moves_to_text(moves)}};
  log_event(e.detail.empty() ? LogLevel::Info : LogLevel::Warn, "cash_out.dispenser_purged",
            {{"error", e.detail}, {"counts", payload["counts"]}, {"moves", payload["moves"]}});
  if (auto r = store_.append(
          oq::JournalEntry{"", flows::cash_out::rec::kPurged, payload.dump(), clock_.wall_ms()});
      !r)
    log_event(LogLevel::Error, "journal.append_failed",
              {{"type", flows::cash_out::rec::kPurged}, {"error", r.error().what}});
  reload_cassettes();
  if (dispenser_ready_) dispenser_->status();  // clean now?
}

void CashOutStation::on_dispense_done(const devices::DispenseOutcome& o) {
  if (o.result == devices::DispenseOutcome::Result::Unknown && dispense_done_ && !lost_) {
    // The response was lost: ask the device before settling for "unknown".
    lost_ = o;
    log_event(LogLevel::Warn, "cash_out.dispense_response_lost",
              {{"error", o.error}, {"action", "last_status"}});
    dispenser_->last_dispense();
    return;
  }
  finish_dispense(o);
}

void CashOutStation::on_last_dispense(const devices::DispenserEvent& e) {
  if (lost_) {
    auto from_device = outcome_from_last_status(sent_, before_, e.outcome);
    log_event(from_device ? LogLevel::Warn : LogLevel::Error, "cash_out.last_status",
              {{"trusted", from_device ? "yes" : "no"},
               {"result", from_device ? devices::to_string(from_device->result) : "unknown"},
               {"detail", e.detail}});
    devices::DispenseOutcome unknown = *lost_;
    lost_.reset();
    return finish_dispense(from_device ? *from_device : unknown);
  }
  if (recovery_pending_) recover(e.outcome);
}

void CashOutStation::finish_dispense(const devices::DispenseOutcome& o) {
  using R = devices::DispenseOutcome::Result;
  if (o.result == R::Unknown)
    before_ = {};  // what the device did last is not known any more
  else if (!is_refusal(o))
    before_ = {true, o};
  if (o.result == R::Complete) {
    pickup_errors_ = 0;
  } else if (o.result == R::Partial && o.error.find("pickup") != std::string::npos &&
             ++pickup_errors_ >= kPickupErrorsInARow) {
    set_fault("pickup_errors", o.error);
  }
  if (dispense_done_) {
    auto done = std::move(dispense_done_);
    dispense_done_ = nullptr;
    done(o);
  }
  reload_cassettes();
  // A payout that did not end cleanly may have left the device sick (a note in the path): look.
  if (o.result != R::Complete && dispenser_ready_ && !shell_->dispensing()) {
    checking_after_payout_ = true;
    refresh_availability();
    dispenser_->status();
  }
}

void CashOutStation::clear_pickup_errors() {
  pickup_errors_ = 0;
  if (fault_ == "pickup_errors") clear_fault();
}

void CashOutStation::test_dispense(int cassette,
                                   std::function<void(const devices::DispenseOutcome&)> then) {
  std::string why;
  if (!dispenser_ || !dispenser_ready_)
    why = "dispenser_not_ready";
  else if (shell_->dispensing() || dispense_done_ || purging_ || recovery_pending_ || test_done_)
    why = "dispenser_busy";
  if (!why.empty()) {
    devices::DispenseOutcome refused;
    refused.result = devices::DispenseOutcome::Result::Partial;
    refused.error = "refused: " + why;
    return then(refused);
  }
  test_done_ = std::move(then);
  dispenser_->test_dispense(cassette);
}

// The note went to the reject tray (or not): the caller journals it; the device's last operation
// is no payout any more (LAST STATUS will not describe one).
void CashOutStation::on_test_dispense_done(const devices::DispenseOutcome& o) {
  using R = devices::DispenseOutcome::Result;
  if (o.result == R::Unknown)
    before_ = {};
  else if (!is_refusal(o))
    before_ = {true, std::nullopt};
  if (test_done_) {
    auto done = std::move(test_done_);
    test_done_ = nullptr;
    done(o);
  }
  reload_cassettes();
  if (o.result != R::Complete && dispenser_ready_ && !shell_->dispensing()) dispenser_->status();
}

void CashOutStation::check_dispenser(std::function<void(bool)> then) {
  if (!fault_.empty() || !dispenser_ready_ || !dispenser_) {
    log_event(LogLevel::Warn, "cash_out.dispenser_checked",
              {{"can_pay", "no"}, {"fault", fault_.empty() ? "not_ready" : fault_}});
    return then(false);
  }
  checks_.push_back(std::move(then));
  if (checks_.size() == 1) dispenser_->status();
}

void CashOutStation::answer_checks(bool status_seen) {
  if (checks_.empty()) return;
  auto waiting = std::move(checks_);
  checks_.clear();
  const bool can_pay = status_seen && fault_.empty() && dispenser_ready_;
  log_event(can_pay ? LogLevel::Info : LogLevel::Warn, "cash_out.dispenser_checked",
            {{"can_pay", can_pay ? "yes" : "no"}, {"fault", fault_}});
  for (auto& then : waiting) then(can_pay);
}

}  // namespace kiosk::app
