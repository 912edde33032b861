// The CCNET validator simulator: frame handling and the note state machine (controls are in
// ccnet_sim_controls.cpp).
#include "sim/ccnet/ccnet_device_sim.hpp"

#include <algorithm>

namespace kiosk::sim::ccnet {

using namespace devices::ccnet;
using devices::Bytes;
using devices::ByteView;

CcnetDeviceSim::CcnetDeviceSim(CcnetDeviceSimConfig config) : config_(std::move(config)) {
  if (config_.denominations.size() > kBillTypes) config_.denominations.resize(kBillTypes);
}

bool CcnetDeviceSim::faulted() const {
  return jammed_ || cassette_full_ || cassette_removed_ || failure_.has_value();
}

CcnetDeviceSim::State CcnetDeviceSim::idle_state() const {
  return enable_.empty() ? State::Disabled : State::Idling;
}

void CcnetDeviceSim::count_stacked(const Note& n) {
  if (n.type && *n.type < config_.denominations.size())
    ++counters_.stacked[config_.denominations[*n.type].value];
  else
    ++counters_.stacked_unknown;
}

void CcnetDeviceSim::enter(State s, Instant now) {
  state_ = s;
  since_ = now;
  reported_ = false;
}

void CcnetDeviceSim::advance(Instant now) {
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
      if (!note_->type) {
        reject_reason_ = 0x65;  // identification: not a banknote we know
      } else if (!enable_.has(*note_->type)) {
        reject_reason_ = 0x68;  // inhibited denomination
      } else {
        // Escrow bit 0 is taken as "stack at once" (UNVERIFIED on real units).
        enter(escrow_.has(*note_->type) ? State::Escrow : State::Stacking, now);
        break;
      }
      ++counters_.rejected;
      enter(State::Rejecting, now);
      break;
    case State::Escrow:
      if (in_state >= config_.escrow_hold) enter(State::Returning, now);
      break;
    case State::Stacking:
      if (in_state < config_.stack_time) break;
      count_stacked(*note_);
      report_polls_left_ = std::max(1, config_.stacked_report_polls);
      enter(State::Stacked, now);
      break;
    case State::Returning:
      if (in_state < config_.return_time) break;
      ++counters_.returned;
      report_polls_left_ = std::max(1, config_.stacked_report_polls);
      enter(State::Returned, now);
      break;
    case State::Stacked:
    case State::Returned:
      if (report_polls_left_ <= 0) {
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

Bytes CcnetDeviceSim::reply(ByteView payload) const {
  return encode_frame(config_.address, payload);
}

Bytes CcnetDeviceSim::reply_code(std::uint8_t code) const {
  const std::uint8_t p[] = {code};
  return reply(p);
}

Bytes CcnetDeviceSim::on_host_bytes(ByteView rx, Instant now) {
  if (silent_) return {};
  advance(now);
  Bytes out;
  for (auto& result : reader_.feed(rx)) {
    Bytes a;
    if (!result) {
      ++counters_.bad_frames;
      a = encode_nak(config_.address);
    } else {
      a = answer(*result, now);
    }
    if (!a.empty()) last_answer_ = a;
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

Bytes CcnetDeviceSim::answer(const Frame& f, Instant now) {
  if (f.address != config_.address) return {};  // addressed to another peripheral
  if (f.is_ack()) {
    ++counters_.host_acks;
    return {};
  }
  if (f.is_nak()) {  // the host did not get our last answer right: send it again
    ++counters_.host_naks;
    return last_answer_;
  }
  if (nak_commands_ > 0) {
    --nak_commands_;
    return encode_nak(config_.address);
  }
  ++commands_[f.payload[0]];
  return answer_command(static_cast<Command>(f.payload[0]), ByteView(f.payload).subspan(1), now);
}

Bytes CcnetDeviceSim::answer_command(Command cmd, ByteView data, Instant now) {
  const Bytes ack = encode_ack(config_.address);
  const Bytes illegal = reply_code(kIllegalCommand);
  switch (cmd) {
    case Command::Poll:
      return poll_reply();
    case Command::Reset:
      if (note_ && (state_ == State::Stacking))
        count_stacked(*note_);
      else if (note_ && state_ != State::Stacked && state_ != State::Returned &&
               state_ != State::Rejecting)
        ++counters_.returned;  // a note in the path is given back
      note_.reset();
      inserted_.reset();
      enable_ = escrow_ = BillTypeMask{};
      power_up_code_ = status::PowerUp;
      enter(State::Initializing, now);
      return ack;
    case Command::GetStatus: {
      const auto e = enable_.to_wire();
      const auto s = security_.to_wire();
      const std::uint8_t p[] = {e[0], e[1], e[2], s[0], s[1], s[2]};
      return reply(p);
    }
    case Command::SetSecurity:
      if (data.size() != 3) return illegal;
      security_ = BillTypeMask::from_wire(data.data());
      return ack;
    case Command::EnableBillTypes:
      if (data.size() != 6) return illegal;
      enable_ = BillTypeMask::from_wire(data.data());
      escrow_ = BillTypeMask::from_wire(data.data() + 3);
      if (state_ == State::Disabled || state_ == State::Idling) enter(idle_state(), now);
      return ack;
    case Command::Stack:
      if (state_ != State::Escrow || faulted()) return illegal;
      enter(State::Stacking, now);
      return ack;
    case Command::Return:
      if (state_ != State::Escrow || faulted()) return illegal;
      enter(State::Returning, now);
      return ack;
    case Command::Hold:
      if (state_ != State::Escrow || faulted()) return illegal;
      enter(State::Escrow, now);  // the hold time starts again
      return ack;
    case Command::Identification:
      return reply(encode_identification(config_.identification));
    case Command::GetBillTable:
      return reply(encode_bill_table(config_.denominations, config_.currency));
  }
  return illegal;
}

Bytes CcnetDeviceSim::poll_reply() {
  ++counters_.polls;
  if (failure_) {
    const std::uint8_t p[] = {status::Failed, *failure_};
    return reply(p);
  }
  if (jammed_) return reply_code(status::ValidatorJammed);
  if (cassette_removed_) return reply_code(status::CassetteOutOfPosition);
  if (cassette_full_) return reply_code(status::CassetteFull);
  reported_ = true;
  const std::uint8_t type = note_ && note_->type ? *note_->type : 0;
  switch (state_) {
    case State::PowerUp:
      return reply_code(power_up_code_);
    case State::Initializing:
      return reply_code(status::Initialize);
    case State::Disabled:
      return reply_code(status::UnitDisabled);
    case State::Idling:
      return reply_code(status::Idling);
    case State::Accepting:
      return reply_code(status::Accepting);
    case State::Stacking:
      return reply_code(status::Stacking);
    case State::Returning:
      return reply_code(status::Returning);
    case State::Escrow: {
      const std::uint8_t p[] = {status::EscrowPosition, type};
      return reply(p);
    }
    case State::Stacked:
    case State::Returned: {
      --report_polls_left_;
      const std::uint8_t code =
          state_ == State::Stacked ? status::BillStacked : status::BillReturned;
      const std::uint8_t p[] = {code, type};
      return reply(p);
    }
    case State::Rejecting: {
      const std::uint8_t p[] = {status::Rejecting, reject_reason_};
      return reply(p);
    }
  }
  return reply_code(status::UnitDisabled);
}

}  // namespace kiosk::sim::ccnet
