// CCNET driver, device logic: the power-up sequence, link restore, and POLL statuses -> events.
#include <algorithm>
#include <cstdio>

#include "devices/ccnet/ccnet_driver.hpp"

namespace kiosk::devices::ccnet {
namespace {

using Kind = ValidatorEvent::Kind;

bool is_power_up(std::uint8_t code) {
  return code == status::PowerUp || code == status::PowerUpBillInValidator ||
         code == status::PowerUpBillInStacker;
}

std::string code_text(std::uint8_t code, const char* name) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "0x%02X %s", code, name);
  return buf;
}

// A device string made safe for a key=value log line.
std::string log_token(std::string s) {
  for (char& c : s)
    if (c == ' ' || c == '"' || c == '=') c = '_';
  return s.empty() ? "-" : s;
}

ValidatorEvent event(Kind k, flows::Kzt amount = {}, std::string detail = {}) {
  return ValidatorEvent{k, amount, std::move(detail), {}};
}

}  // namespace

const char* to_string(CcnetDriver::Phase p) {
  switch (p) {
    case CcnetDriver::Phase::Starting:
      return "starting";
    case CcnetDriver::Phase::Resetting:
      return "resetting";
    case CcnetDriver::Phase::Initializing:
      return "initializing";
    case CcnetDriver::Phase::Configuring:
      return "configuring";
    case CcnetDriver::Phase::Operating:
      return "operating";
    case CcnetDriver::Phase::LinkDown:
      return "link_down";
  }
  return "unknown";
}

void CcnetDriver::on_answer(Instant now, ValidatorStep& step) {
  (void)now;
  if (phase_ != Phase::LinkDown) return;
  link_lost_reported_ = false;
  step.events.push_back(event(Kind::LinkRestored));
  // Never reached Ready: start from scratch (RESET). Otherwise keep the device's state (a note it
  // stacked during the outage is still reported) and set up again once it is idle or disabled.
  phase_ = ready_once_ ? Phase::Initializing : Phase::Starting;
}

void CcnetDriver::begin_reset() {
  queue_.clear();
  queue_.push_back(request(Command::Reset));
  phase_ = Phase::Resetting;
  ++resets_;
}

void CcnetDriver::begin_configuring() {
  queue_.push_back(request(Command::Identification));
  queue_.push_back(request(Command::GetBillTable));
  phase_ = Phase::Configuring;
}

void CcnetDriver::on_command_acked(const Request& r) {
  switch (r.cmd) {
    case Command::Reset:
      phase_ = Phase::Initializing;
      break;
    case Command::EnableBillTypes:
      enabled_mask_ = r.mask;
      break;
    default:
      break;
  }
}

void CcnetDriver::on_identification(const Identification& id) { identification_ = id; }

void CcnetDriver::on_bill_table(BillTable table, Instant now, ValidatorStep& step) {
  table_ = std::move(table);
  if (phase_ != Phase::Configuring) return;
  phase_ = Phase::Operating;
  ready_once_ = true;
  if (note_at_start_) {  // seen at first contact, before the bill table was known
    const auto amount =
        note_at_start_->type ? table_->amount_of(*note_at_start_->type) : std::nullopt;
    step.events.push_back(
        event(Kind::PowerUpWithBill, amount.value_or(flows::Kzt{}), note_at_start_->where));
    note_at_start_.reset();
  }
  ValidatorEvent ready = event(Kind::Ready);
  ready.denominations = table_->denominations();
  if (identification_)
    ready.detail = "part=" + log_token(identification_->part_number) +
                   " serial=" + log_token(identification_->serial_number);
  step.events.push_back(std::move(ready));
  if (last_status_ && last_status_->code == status::UnitDisabled)
    step.events.push_back(event(Kind::Disabled));
  if (last_status_ && last_status_->code == status::Idling)
    step.events.push_back(event(Kind::Idle));
  queue_enable(now);  // the wanted denominations (none at first start: an explicit DISABLE)
}

void CcnetDriver::on_status(const PollStatus& s, Instant now, ValidatorStep& step) {
  (void)now;
  const bool changed = !last_status_ || *last_status_ != s;
  last_status_ = s;
  switch (phase_) {
    case Phase::Starting:
      // First contact: whatever the device is doing, RESET it. A note it still holds or reports
      // as stacked belongs to a previous run, whose journal must settle it: it is reported as
      // PowerUpWithBill (never as Stacked, which could credit a note twice), with its amount once
      // the bill table is known.
      if (changed) {
        if (s.code == status::PowerUpBillInValidator || s.code == status::PowerUpBillInStacker)
          emit_status_event(s, step);
        if (s.code == status::BillStacked) note_at_start_ = NoteAtStart{"in_stacker", s.data};
        if (s.code == status::EscrowPosition) note_at_start_ = NoteAtStart{"in_validator", s.data};
        if (s.code == status::Stacking)
          step.events.push_back(event(Kind::PowerUpWithBill, {}, "in_validator"));
      }
      begin_reset();
      return;
    case Phase::Resetting:
      return;  // RESET is on its way
    case Phase::Initializing:
      if (is_power_up(s.code)) {
        if (changed) emit_status_event(s, step);
        begin_reset();
        return;
      }
      if (s.code == status::UnitDisabled || s.code == status::Idling) {
        begin_configuring();
        return;
      }
      break;
    case Phase::Configuring:
    case Phase::Operating:
      if (is_power_up(s.code)) {  // the device was power-cycled under us
        if (changed) emit_status_event(s, step);
        begin_reset();
        return;
      }
      if (s.code == status::Initialize && phase_ == Phase::Operating) {
        phase_ = Phase::Initializing;  // it reset itself: set it up again when it is done
        return;
      }
      break;
    case Phase::LinkDown:
      return;  // not reached: on_answer() left LinkDown first
  }
  if (changed) emit_status_event(s, step);
}

void CcnetDriver::emit_status_event(const PollStatus& s, ValidatorStep& step) {
  const std::uint8_t d = s.data.value_or(0);
  const bool operating = phase_ == Phase::Operating;
  switch (s.code) {
    case status::Idling:
      if (operating) step.events.push_back(event(Kind::Idle));
      break;
    case status::UnitDisabled:
      if (operating) step.events.push_back(event(Kind::Disabled));
      break;
    case status::PowerUpBillInValidator:
      step.events.push_back(event(Kind::PowerUpWithBill, {}, "in_validator"));
      break;
    case status::PowerUpBillInStacker:
      step.events.push_back(event(Kind::PowerUpWithBill, {}, "in_stacker"));
      break;
    case status::Rejecting:
      step.events.push_back(event(Kind::Rejected, {}, code_text(d, reject_reason_name(d))));
      break;
    case status::Cheated:
      step.events.push_back(event(Kind::Rejected, {}, "cheated"));
      break;
    case status::CassetteFull:
      step.events.push_back(event(Kind::CassetteFull));
      break;
    case status::CassetteOutOfPosition:
      step.events.push_back(event(Kind::CassetteRemoved));
      break;
    case status::ValidatorJammed:
      step.events.push_back(event(Kind::Jammed, {}, "validator"));
      break;
    case status::CassetteJammed:
      step.events.push_back(event(Kind::Jammed, {}, "cassette"));
      break;
    case status::Failed:
      step.events.push_back(event(Kind::Failure, {}, code_text(d, failure_name(d))));
      break;
    case status::EscrowPosition:
      on_escrow(d, step);
      break;
    case status::BillStacked: {  // THE CREDIT POINT; a repeated 81 is no change, so no event
      const auto amount = table_ ? table_->amount_of(d) : std::nullopt;
      step.events.push_back(
          event(Kind::Stacked, amount.value_or(flows::Kzt{}), "bill_type=" + std::to_string(d)));
      break;
    }
    case status::BillReturned: {
      const auto amount = table_ ? table_->amount_of(d) : std::nullopt;
      step.events.push_back(
          event(Kind::Returned, amount.value_or(flows::Kzt{}), "bill_type=" + std::to_string(d)));
      break;
    }
    default:
      break;  // accepting, stacking, returning, holding, busy, pause: no event
  }
}

void CcnetDriver::on_escrow(std::uint8_t type, ValidatorStep& step) {
  const auto amount = table_ ? table_->amount_of(type) : std::nullopt;
  const bool wanted = amount && std::find(wanted_.begin(), wanted_.end(), *amount) != wanted_.end();
  if (wanted) {
    step.events.push_back(event(Kind::Escrowed, *amount, "bill_type=" + std::to_string(type)));
    return;
  }
  // A note we did not ask for (unknown type, foreign currency, disabled meanwhile): give it back.
  queue_front(request(Command::Return));
  step.events.push_back(
      event(Kind::Rejected, {}, "unwanted_bill_type=" + std::to_string(type) + " returned"));
}

CcnetDiagnostics CcnetDriver::diagnostics() const {
  CcnetDiagnostics d;
  d.phase = to_string(phase_);
  d.link_up = phase_ != Phase::LinkDown && last_status_.has_value();
  d.last_status = last_status_;
  d.identification = identification_;
  if (table_) d.denominations = table_->denominations();
  d.wanted = wanted_;
  d.enabled_mask = enabled_mask_;
  d.last_error = last_error_;
  d.bad_frames = bad_frames_;
  d.timeouts = timeouts_;
  d.naks_received = naks_received_;
  d.naks_sent = naks_sent_;
  d.resets = resets_;
  return d;
}

std::string CcnetDiagnostics::to_log_line() const {
  std::string s = "phase=" + phase + " link=" + (link_up ? "up" : "down");
  if (last_status) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%02X", last_status->code);
    s += std::string(" status=") + buf + " status_name=" + status_name(last_status->code);
  }
  if (identification)
    s += " part=" + log_token(identification->part_number) +
         " serial=" + log_token(identification->serial_number);
  s += " denominations=" + std::to_string(denominations.size());
  s += " enabled_mask=" + std::to_string(enabled_mask.bits());
  s += " bad_frames=" + std::to_string(bad_frames) + " timeouts=" + std::to_string(timeouts) +
       " naks_received=" + std::to_string(naks_received) +
       " naks_sent=" + std::to_string(naks_sent) + " resets=" + std::to_string(resets);
  if (!last_error.empty()) s += " last_error=\"" + last_error + "\"";
  return s;
}

}  // namespace kiosk::devices::ccnet
