// ID003 driver, device logic: the power-up sequence, link restore, and statuses -> events.
#include <algorithm>
#include <cstdio>

#include "devices/id003/id003_driver.hpp"

namespace kiosk::devices::id003 {
namespace {

using Kind = ValidatorEvent::Kind;

bool is_power_up(std::uint8_t code) {
  return code == status::PowerUp || code == status::PowerUpBillInAcceptor ||
         code == status::PowerUpBillInStacker;
}

std::string code_text(std::uint8_t code, const char* name) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "0x%02X %s", code, name);
  return buf;
}

std::string escrow_text(std::uint8_t code) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "escrow_code=0x%02X", code);
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

const char* to_string(Id003Driver::Phase p) {
  switch (p) {
    case Id003Driver::Phase::Starting:
      return "starting";
    case Id003Driver::Phase::Resetting:
      return "resetting";
    case Id003Driver::Phase::Initializing:
      return "initializing";
    case Id003Driver::Phase::Configuring:
      return "configuring";
    case Id003Driver::Phase::Operating:
      return "operating";
    case Id003Driver::Phase::LinkDown:
      return "link_down";
  }
  return "unknown";
}

void Id003Driver::on_answer(ValidatorStep& step) {
  if (phase_ != Phase::LinkDown) return;
  link_lost_reported_ = false;
  step.events.push_back(event(Kind::LinkRestored));
  // Never reached Ready: start from scratch (RESET). Otherwise keep the device's state (a note it
  // reported VEND VALID for during the outage is still credited) and set up again.
  phase_ = ready_once_ ? Phase::Initializing : Phase::Starting;
}

void Id003Driver::begin_reset() {
  queue_.clear();
  queue_.push_back(request(Command::Reset));
  phase_ = Phase::Resetting;
  escrow_code_.reset();
  returning_ = false;
  ++resets_;
}

void Id003Driver::begin_configuring() {
  queue_.clear();
  if (config_.set_polling_mode) {
    const std::uint8_t polling[] = {0x00};
    queue_.push_back(request(Command::SetCommMode, polling));
  }
  if (config_.set_direction) {
    const std::uint8_t all[] = {0x00};
    queue_.push_back(request(Command::SetDirection, all));
  }
  queue_.push_back(request(Command::GetVersion));
  queue_.push_back(request(Command::GetCurrencyAssign));
  phase_ = Phase::Configuring;
}

void Id003Driver::on_command_done(const Request& r, const Frame& answer) {
  switch (r.cmd) {
    case Command::Reset:
      if (phase_ == Phase::Resetting) phase_ = Phase::Initializing;
      break;
    case Command::SetEnable:
      if (answer.data.size() == 2)
        inhibited_ = DenominationMask::from_wire(answer.data[0], answer.data[1]);
      break;
    case Command::SetInhibit:
      if (answer.data.size() == 1) acceptor_inhibited_ = answer.data[0] != 0;
      break;
    case Command::GetVersion:
      version_ = parse_version(answer.data);
      break;
    case Command::Return:
      returning_ = true;  // IDLING / DISABLE after it means the note is back at the bezel
      break;
    default:
      break;
  }
}

void Id003Driver::on_currency_table(CurrencyTable table, ValidatorStep& step) {
  table_ = std::move(table);
  if (phase_ != Phase::Configuring) return;
  phase_ = Phase::Operating;
  ready_once_ = true;
  if (note_at_start_) {  // seen at first contact, before the table was known
    const auto amount = note_at_start_->code ? table_->amount_of(*note_at_start_->code)
                                             : std::optional<flows::Kzt>{};
    step.events.push_back(
        event(Kind::PowerUpWithBill, amount.value_or(flows::Kzt{}), note_at_start_->where));
    note_at_start_.reset();
  }
  ValidatorEvent ready = event(Kind::Ready);
  ready.denominations = table_->denominations();
  if (!version_.empty()) ready.detail = "version=" + log_token(version_);
  step.events.push_back(std::move(ready));
  if (last_status_ && last_status_->code == status::Disabled)
    step.events.push_back(event(Kind::Disabled));
  if (last_status_ && last_status_->code == status::Idling)
    step.events.push_back(event(Kind::Idle));
  queue_enable();  // the wanted denominations (none at first start: inhibited)
}

void Id003Driver::on_first_contact(const Status& s, bool changed, ValidatorStep& step) {
  // Whatever the device is doing, RESET it. A note it still holds or reports as stacked belongs
  // to a previous run, whose journal must settle it: it is reported as PowerUpWithBill (never as
  // Stacked, which could credit a note twice), with its amount once the table is known.
  if (!changed) return;
  switch (s.code) {
    case status::PowerUpBillInAcceptor:
    case status::PowerUpBillInStacker:
      emit_status_event(s, step);
      break;
    case status::Escrow:
      note_at_start_ = NoteAtStart{"in_acceptor", s.data};
      break;
    case status::VendValid:
    case status::Stacked:
      note_at_start_ = NoteAtStart{"in_stacker", s.data};
      break;
    case status::Stacking:
    case status::Returning:
    case status::Accepting:
      note_at_start_ = NoteAtStart{"in_acceptor", std::nullopt};
      break;
    default:
      break;
  }
}

void Id003Driver::on_status(const Status& s, Instant now, ValidatorStep& step) {
  const bool changed = !last_status_ || *last_status_ != s;
  last_status_ = s;
  // The device repeats VEND VALID until the host ACKs it, in whatever phase we are.
  if (s.code == status::VendValid) {
    acknowledge(now, step);
    ++vend_valid_acks_;
  }
  if (is_power_up(s.code) && config_.ack_power_up) acknowledge(now, step);
  switch (phase_) {
    case Phase::Starting:
      on_first_contact(s, changed, step);
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
      // Settings are taken during INITIALIZE [LM] and while DISABLE / IDLING.
      if (s.code == status::Initialize || s.code == status::Disabled || s.code == status::Idling) {
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
      // INITIALIZE again after another status: it reset itself, set it up again. (The set-up
      // runs during INITIALIZE, so a unit still initialising after it is no change.)
      if (s.code == status::Initialize && changed && phase_ == Phase::Operating) {
        begin_configuring();
        return;
      }
      break;
    case Phase::LinkDown:
      return;  // not reached: on_answer() left LinkDown first
  }
  if (changed) emit_status_event(s, step);
}

void Id003Driver::emit_status_event(const Status& s, ValidatorStep& step) {
  const std::uint8_t d = s.data.value_or(0);
  const bool operating = phase_ == Phase::Operating;
  // RETURNING ends without a status of its own: the next idle status means the note is out.
  if (returning_ && s.code != status::Returning && s.code != status::Holding) {
    const bool back =
        s.code == status::Idling || s.code == status::Disabled || s.code == status::Accepting;
    if (back) {
      const auto amount = escrow_code_ && table_ ? table_->amount_of(*escrow_code_) : std::nullopt;
      step.events.push_back(event(Kind::Returned, amount.value_or(flows::Kzt{}),
                                  escrow_code_ ? escrow_text(*escrow_code_) : "escrow_code=none"));
      escrow_code_.reset();
      returning_ = false;
    }
  }
  switch (s.code) {
    case status::Idling:
      if (operating) step.events.push_back(event(Kind::Idle));
      break;
    case status::Disabled:
      if (operating) step.events.push_back(event(Kind::Disabled));
      break;
    case status::Accepting:
      escrow_code_.reset();  // a new note
      credited_ = false;
      break;
    case status::Escrow:
      on_escrow(d, step);
      break;
    case status::VendValid:
      on_vend_valid(s, step);
      break;
    case status::Stacked:
      // VEND VALID precedes STACKED and the device repeats it until ACKed; should it ever be
      // missed for a note we escrowed and stacked, the note is in the cassette: credit it here.
      if (escrow_code_ && !credited_) {
        credited_ = true;
        const auto amount = table_ ? table_->amount_of(*escrow_code_) : std::nullopt;
        step.events.push_back(event(Kind::Stacked, amount.value_or(flows::Kzt{}),
                                    escrow_text(*escrow_code_) + " without_vend_valid"));
      }
      break;
    case status::Returning:
      returning_ = true;
      break;
    case status::PowerUpBillInAcceptor:
      step.events.push_back(event(Kind::PowerUpWithBill, {}, "in_acceptor"));
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
    case status::StackerFull:
      step.events.push_back(event(Kind::CassetteFull));
      break;
    case status::StackerOpen:
      step.events.push_back(event(Kind::CassetteRemoved));
      break;
    case status::JamInAcceptor:
      step.events.push_back(event(Kind::Jammed, {}, "acceptor"));
      break;
    case status::JamInStacker:
      step.events.push_back(event(Kind::Jammed, {}, "stacker"));
      break;
    case status::Failure:
      step.events.push_back(event(Kind::Failure, {}, code_text(d, failure_name(d))));
      break;
    default:
      break;  // stacking, holding, pause, initialize, power up: no event
  }
}

void Id003Driver::on_escrow(std::uint8_t code, ValidatorStep& step) {
  escrow_code_ = code;
  credited_ = false;
  const auto amount = table_ ? table_->amount_of(code) : std::nullopt;
  const bool wanted = amount && std::find(wanted_.begin(), wanted_.end(), *amount) != wanted_.end();
  if (wanted && phase_ == Phase::Operating) {
    step.events.push_back(event(Kind::Escrowed, *amount, escrow_text(code)));
    return;
  }
  // A note we did not ask for (unknown code, foreign currency, disabled meanwhile): give it back.
  queue_front(request(Command::Return));
  step.events.push_back(event(Kind::Rejected, {}, "unwanted_" + escrow_text(code) + " returned"));
}

void Id003Driver::on_vend_valid(const Status& s, ValidatorStep& step) {
  // THE CREDIT POINT. A repeated VEND VALID is no change, and `credited_` holds across a link
  // loss, so a note is credited exactly once. VEND VALID carries no data in [LM]/[TC]; a data
  // byte, if a unit sends one, is taken as the escrow code (UNVERIFIED).
  if (credited_) return;
  const std::optional<std::uint8_t> code = s.data ? s.data : escrow_code_;
  credited_ = true;
  const auto amount = code && table_ ? table_->amount_of(*code) : std::nullopt;
  step.events.push_back(event(Kind::Stacked, amount.value_or(flows::Kzt{}),
                              code ? escrow_text(*code) : "escrow_code=none"));
}

Id003Diagnostics Id003Driver::diagnostics() const {
  Id003Diagnostics d;
  d.phase = to_string(phase_);
  d.link_up = phase_ != Phase::LinkDown && last_status_.has_value();
  d.last_status = last_status_;
  d.version = version_;
  if (table_) d.denominations = table_->denominations();
  d.wanted = wanted_;
  d.inhibited = inhibited_;
  d.acceptor_inhibited = acceptor_inhibited_;
  d.last_error = last_error_;
  d.bad_frames = bad_frames_;
  d.timeouts = timeouts_;
  d.resends = resends_;
  d.comm_errors = comm_errors_;
  d.resets = resets_;
  d.vend_valid_acks = vend_valid_acks_;
  return d;
}

std::string Id003Diagnostics::to_log_line() const {
  std::string s = "phase=" + phase + " link=" + (link_up ? "up" : "down");
  if (last_status) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%02X", last_status->code);
    s += std::string(" status=") + buf + " status_name=" + status_name(last_status->code);
  }
  s += " version=" + log_token(version);
  s += " denominations=" + std::to_string(denominations.size());
  s += " inhibit_mask=" + std::to_string(inhibited.bits());
  s += std::string(" acceptor=") + (acceptor_inhibited ? "inhibited" : "enabled");
  s += " bad_frames=" + std::to_string(bad_frames) + " timeouts=" + std::to_string(timeouts) +
       " resends=" + std::to_string(resends) + " comm_errors=" + std::to_string(comm_errors) +
       " resets=" + std::to_string(resets) + " vend_valid_acks=" + std::to_string(vend_valid_acks);
  if (!last_error.empty()) s += " last_error=\"" + last_error + "\"";
  return s;
}

}  // namespace kiosk::devices::id003
