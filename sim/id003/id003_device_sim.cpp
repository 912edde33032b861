// The ID003 validator simulator: frame handling and the note state machine (controls are in
// id003_sim_controls.cpp).
#include "sim/id003/id003_device_sim.hpp"

#include <algorithm>

namespace kiosk::sim::id003 {

using namespace devices::id003;
using devices::Bytes;
using devices::ByteView;

Id003DeviceSim::Id003DeviceSim(Id003DeviceSimConfig config) : config_(std::move(config)) {}

bool Id003DeviceSim::faulted() const {
  return jam_ || stacker_full_ || stacker_open_ || failure_.has_value();
}

Id003DeviceSim::State Id003DeviceSim::idle_state() const {
  return acceptor_inhibited_ ? State::Disabled : State::Idling;
}

bool Id003DeviceSim::code_enabled(std::uint8_t code) const { return !inhibit_.has(code); }

void Id003DeviceSim::count_stacked(const Note& n) {
  if (n.entry) {
    const auto& d = config_.table[*n.entry];
    ++counters_.stacked[d.amount.value];
    ++counters_.stacked_by_series[d.series];
  } else {
    ++counters_.stacked_unknown;
  }
}

void Id003DeviceSim::enter(State s, Instant now) {
  state_ = s;
  since_ = now;
  reported_ = false;
}

void Id003DeviceSim::advance(Instant now) {
  if (!since_) since_ = now;
  if (faulted()) return;  // a fault freezes the note where it is
  const Millis in_state = now - *since_;
  switch (state_) {
    case State::PowerUp:
      break;  // waits for RESET
    case State::Initializing:
      if (in_state >= config_.initialize_time) enter(idle_state(), now);
      break;
    case State::Disabled:
    case State::Idling:
      if (state_ == State::Idling && inserted_) {
        note_ = inserted_;
        inserted_.reset();
        enter(State::Accepting, now);
      }
      break;
    case State::Accepting:
      if (in_state < config_.accept_time) break;
      if (!note_->entry) {
        reject_reason_ = 0x76;  // discrimination: not a banknote we know
      } else if (!code_enabled(config_.table[*note_->entry].escrow_code) || acceptor_inhibited_) {
        reject_reason_ = 0x79;  // inhibit
      } else {
        enter(State::Escrow, now);
        break;
      }
      ++counters_.rejected;
      enter(State::Rejecting, now);
      break;
    case State::Escrow:
      if (in_state >= config_.escrow_hold) enter(State::Returning, now);
      break;
    case State::Stacking:
      if (in_state >= config_.stack_time) enter(State::VendValid, now);
      break;
    case State::VendValid:
      break;  // until the host ACKs
    case State::Stacked:
      if (reported_) {
        note_.reset();
        enter(idle_state(), now);
      }
      break;
    case State::Returning:
      if (in_state >= config_.return_time && reported_) {
        ++counters_.returned;
        note_.reset();
        enter(idle_state(), now);
      }
      break;
    case State::Rejecting:
      if (in_state >= config_.reject_time && reported_) {
        note_.reset();
        enter(idle_state(), now);
      }
      break;
  }
}

Bytes Id003DeviceSim::reply(std::uint8_t code, ByteView data) const {
  return encode_frame(code, data);
}

Bytes Id003DeviceSim::on_host_bytes(ByteView rx, Instant now) {
  if (silent_) return {};
  advance(now);
  Bytes out;
  for (auto& result : reader_.feed(rx)) {
    Bytes a;
    if (!result) {
      ++counters_.bad_frames;
      if (config_.comm_error_on_bad_crc) a = reply(status::CommunicationError);
    } else {
      a = answer(*result, now);
    }
    out.insert(out.end(), a.begin(), a.end());
  }
  if (out.empty()) return out;
  if (corrupt_next_) {
    corrupt_next_ = false;
    out.back() ^= 0x5A;  // the CRC high byte of the last frame
  }
  if (!garbage_.empty()) {
    out.insert(out.begin(), garbage_.begin(), garbage_.end());
    garbage_.clear();
  }
  return out;
}

void Id003DeviceSim::drop_note_at_reset() {
  if (note_ && state_ == State::VendValid) {
    count_stacked(*note_);  // past the point of no return
  } else if (note_ && (state_ == State::Accepting || state_ == State::Escrow ||
                       state_ == State::Stacking || state_ == State::Returning)) {
    ++counters_.returned;  // a note in the path is given back
  }
  note_.reset();
  inserted_.reset();
}

Bytes Id003DeviceSim::answer(const Frame& f, Instant now) {
  const Bytes ack = reply(status::Ack);
  const Bytes invalid = reply(status::InvalidCommand);
  const auto cmd = static_cast<Command>(f.cmd);
  if (cmd == Command::Ack && f.data.empty()) {  // the host's ACK to VEND VALID: no answer
    if (drop_acks_ > 0) {
      --drop_acks_;
      return {};
    }
    ++counters_.host_acks;
    if (state_ == State::VendValid && !faulted()) {
      count_stacked(*note_);
      enter(State::Stacked, now);
    }
    return {};
  }
  if (comm_errors_ > 0) {
    --comm_errors_;
    return reply(status::CommunicationError);
  }
  ++commands_[f.cmd];
  const Bytes echo = reply(f.cmd, f.data);
  const bool settable = !config_.c0_only_when_inhibited || acceptor_inhibited_ ||
                        state_ == State::Initializing || state_ == State::PowerUp;
  switch (cmd) {
    case Command::StatusRequest:
      if (!f.data.empty()) return invalid;
      return status_reply();
    case Command::Reset:
      drop_note_at_reset();
      acceptor_inhibited_ = true;
      inhibit_ = DenominationMask{};
      power_up_code_ = status::PowerUp;
      enter(State::Initializing, now);
      return ack;
    case Command::Stack1:
    case Command::Stack2:
      if (state_ != State::Escrow || faulted()) return invalid;
      enter(State::Stacking, now);
      return ack;
    case Command::Return:
      if (state_ != State::Escrow || faulted()) return invalid;
      enter(State::Returning, now);
      return ack;
    case Command::Hold:
      if (state_ != State::Escrow || faulted()) return invalid;
      enter(State::Escrow, now);  // the hold time starts again
      return ack;
    case Command::SetEnable:
      if (f.data.size() != 2 || !settable) return invalid;
      inhibit_ = DenominationMask::from_wire(f.data[0], f.data[1]);
      return echo;
    case Command::SetSecurity:
      if (f.data.size() != 2) return invalid;
      security_ = {f.data[0], f.data[1]};
      return echo;
    case Command::SetCommMode:
      if (f.data.size() != 1 || f.data[0] > 2) return invalid;
      comm_mode_ = f.data[0];  // interrupt mode (ENQ) is not simulated: answers are the same
      return echo;
    case Command::SetInhibit:
      if (f.data.size() != 1 || f.data[0] > 1) return invalid;
      acceptor_inhibited_ = f.data[0] == 1;
      if (state_ == State::Disabled || state_ == State::Idling) enter(idle_state(), now);
      return echo;
    case Command::SetDirection:
      if (f.data.size() != 1) return invalid;
      direction_ = f.data[0];
      return echo;
    case Command::GetEnable: {
      const auto w = inhibit_.to_wire();
      return reply(f.cmd, w);
    }
    case Command::GetVersion: {
      const Bytes v(config_.version.begin(), config_.version.end());
      return reply(f.cmd, v);
    }
    case Command::GetCurrencyAssign: {
      std::vector<CurrencyEntry> entries;
      for (const auto& d : config_.table)
        if (auto e = currency_entry(d.escrow_code, config_.country, d.amount))
          entries.push_back(*e);
      return reply(f.cmd, encode_currency_assign(entries));
    }
    default:
      return invalid;  // WAIT, 81..85 and anything else (UNVERIFIED on real units)
  }
}

Bytes Id003DeviceSim::status_reply() {
  ++counters_.status_requests;
  if (failure_) {
    const std::uint8_t d[] = {*failure_};
    return reply(status::Failure, d);
  }
  if (jam_) return reply(*jam_);
  if (stacker_open_) return reply(status::StackerOpen);
  if (stacker_full_) return reply(status::StackerFull);
  reported_ = true;
  switch (state_) {
    case State::PowerUp:
      return reply(power_up_code_);
    case State::Initializing:
      return reply(status::Initialize);
    case State::Disabled:
      return reply(status::Disabled);
    case State::Idling:
      return reply(status::Idling);
    case State::Accepting:
      return reply(status::Accepting);
    case State::Escrow: {
      const std::uint8_t d[] = {config_.table[*note_->entry].escrow_code};
      return reply(status::Escrow, d);
    }
    case State::Stacking:
      return reply(status::Stacking);
    case State::VendValid:
      return reply(status::VendValid);
    case State::Stacked:
      return reply(status::Stacked);
    case State::Returning:
      return reply(status::Returning);
    case State::Rejecting: {
      const std::uint8_t d[] = {reject_reason_};
      return reply(status::Rejecting, d);
    }
  }
  return reply(status::Disabled);
}

}  // namespace kiosk::sim::id003
