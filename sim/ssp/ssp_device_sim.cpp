// The SSP validator simulator: packets, SEQ, eSSP and commands, and the note state machine
// (controls are in ssp_sim_controls.cpp).
#include "sim/ssp/ssp_device_sim.hpp"

#include <algorithm>

namespace kiosk::sim::ssp {

using namespace devices::ssp;
using devices::Bytes;
using devices::ByteView;

namespace {

bool key_exchange_command(std::uint8_t c) {
  return c == static_cast<std::uint8_t>(Command::Sync) ||
         c == static_cast<std::uint8_t>(Command::SetGenerator) ||
         c == static_cast<std::uint8_t>(Command::SetModulus) ||
         c == static_cast<std::uint8_t>(Command::RequestKeyExchange);
}

Bytes code(std::uint8_t c) { return Bytes{c}; }

}  // namespace

SspDeviceSim::SspDeviceSim(SspDeviceSimConfig config)
    : config_(std::move(config)), prng_(config_.random_seed) {
  if (config_.channels.size() > 24) config_.channels.resize(24);
  events_.push_back({event::SlaveReset, {}});  // first power-up
}

std::optional<flows::Kzt> SspDeviceSim::value_of(std::uint8_t channel) const {
  if (channel == 0 || channel > config_.channels.size()) return std::nullopt;
  return flows::Kzt{config_.channels[channel - 1]};
}

void SspDeviceSim::enter(State s, Instant now) {
  state_ = s;
  since_ = now;
}

void SspDeviceSim::start_reject(std::uint8_t reason, Instant now) {
  last_reject_ = reason;
  events_.push_back({event::Rejecting, {}});
  enter(State::Rejecting, now);
}

void SspDeviceSim::advance(Instant now) {
  if (!since_) since_ = now;
  if (jam_) return;  // a jam freezes the note where it is
  const Millis in_state = now - *since_;
  switch (state_) {
    case State::Idle:
      if (inserted_ && enabled_ && !faulted()) {
        channel_ = *inserted_;
        inserted_.reset();
        escrow_reported_ = false;
        events_.push_back({event::Read, std::uint8_t{0}});
        enter(State::Reading, now);
      }
      break;
    case State::Reading:
      if (in_state < config_.read_time) break;
      if (channel_ == 0 || !value_of(channel_)) {
        ++counters_.rejected;
        start_reject(0x02, now);  // recognition failed
      } else if (!enabled_ || !(inhibits_ >> (channel_ - 1) & 1u)) {
        ++counters_.rejected;
        start_reject(0x06, now);  // channel inhibit
      } else {
        events_.push_back({event::Read, channel_});
        enter(State::Escrow, now);
      }
      break;
    case State::Escrow:
      if (in_state >= config_.escrow_timeout) {
        ++counters_.returned;
        start_reject(0x13, now);
      }
      break;
    case State::Stacking:
      if (in_state < config_.stack_time) break;
      ++counters_.stacked[config_.channels[channel_ - 1]];
      events_.push_back({event::Credit, channel_});
      events_.push_back({event::Stacked, {}});
      last_reject_ = 0x00;
      enter(State::Idle, now);
      break;
    case State::Rejecting:
      if (in_state < config_.reject_time) break;
      events_.push_back({event::Rejected, {}});
      enter(State::Idle, now);
      break;
  }
}

Bytes SspDeviceSim::on_host_bytes(ByteView rx, Instant now) {
  if (silent_) return {};
  advance(now);
  Bytes out;
  for (auto& result : reader_.feed(rx)) {
    if (!result) {
      ++counters_.bad_frames;  // a corrupt packet is ignored: the host resends it
      continue;
    }
    const Bytes a = answer(*result, now);
    out.insert(out.end(), a.begin(), a.end());
  }
  if (out.empty()) return out;
  if (corrupt_next_) {
    corrupt_next_ = false;
    out[out.size() - 2] ^= 0x5A;  // a CRC byte of the last packet (never a stuffed 7F pair)
    if (out[out.size() - 2] == kStx) out[out.size() - 2] ^= 0x01;
  }
  if (!garbage_.empty()) {
    out.insert(out.begin(), garbage_.begin(), garbage_.end());
    garbage_.clear();
  }
  return out;
}

Bytes SspDeviceSim::answer(const Packet& p, Instant now) {
  if (p.address != config_.address) return {};
  const bool sync = p.data.size() == 1 && p.data[0] == static_cast<std::uint8_t>(Command::Sync);
  if (!sync && last_seq_ && p.seq == *last_seq_ && !last_reply_data_.empty()) {
    ++counters_.repeats;  // a resend: the same answer again, never executed twice
    return encode_packet(config_.address, p.seq, last_reply_data_);
  }
  Bytes reply;
  if (!p.data.empty() && p.data[0] == kStex) {
    if (!key_) {
      reply = code(response::KeyNotSet);
    } else {
      auto plain = key_->open(p.data);
      if (!plain) {
        ++counters_.crypto_refused;  // replayed or forged: discarded without an answer
        return {};
      }
      reply = execute(*plain, now);
      if (!reply.empty() && key_) {  // RESET drops the key: its OK goes out plain
        Bytes pack(16);
        for (auto& b : pack) b = static_cast<std::uint8_t>(prng_());
        reply = key_->seal(reply, pack);
      }
    }
  } else if (config_.require_encryption && !p.data.empty() && !key_exchange_command(p.data[0])) {
    reply = code(response::KeyNotSet);
  } else {
    reply = execute(p.data, now);
  }
  if (reply.empty()) return {};
  last_seq_ = sync ? true : p.seq;  // after SYNC the host's next command carries 0
  last_reply_data_ = reply;
  return encode_packet(config_.address, p.seq, reply);
}

Bytes SspDeviceSim::execute(ByteView cmd, Instant now) {
  if (cmd.empty()) return code(response::WrongParameterCount);
  const std::uint8_t c = cmd[0];
  const ByteView params = cmd.subspan(1);
  ++commands_[c];
  switch (static_cast<Command>(c)) {
    case Command::Sync:
      return code(response::Ok);
    case Command::Reset:
      lose_power_state();
      return code(response::Ok);
    case Command::HostProtocolVersion:
      if (params.size() != 1) return code(response::WrongParameterCount);
      if (params[0] > config_.max_protocol_version) return code(response::Fail);
      protocol_ = params[0];
      return code(response::Ok);
    case Command::SetupRequest:
      return encode_setup_reply(config_.channels, config_.country, config_.firmware, protocol_);
    case Command::SetInhibits: {
      if (params.empty() || params.size() > 3) return code(response::WrongParameterCount);
      std::uint32_t bits = 0;
      for (std::size_t i = 0; i < params.size(); ++i) bits |= std::uint32_t{params[i]} << (8 * i);
      inhibits_ = bits;
      return code(response::Ok);
    }
    case Command::Enable:
      enabled_ = true;
      return code(response::Ok);
    case Command::Disable:
      enabled_ = false;
      return code(response::Ok);
    case Command::Poll:
      return poll(now);
    case Command::Reject:
      if (state_ != State::Escrow) return code(response::CannotProcess);
      ++counters_.returned;
      start_reject(0x08, now);
      return code(response::Ok);
    case Command::Hold:
      if (state_ != State::Escrow) return code(response::CannotProcess);
      since_ = now;  // the escrow timeout starts again
      return code(response::Ok);
    case Command::LastRejectCode:
      return Bytes{response::Ok, last_reject_};
    case Command::GetSerial: {
      const std::uint32_t s = config_.serial;
      return Bytes{response::Ok, std::uint8_t(s >> 24), std::uint8_t(s >> 16), std::uint8_t(s >> 8),
                   std::uint8_t(s)};
    }
    case Command::SetGenerator:
    case Command::SetModulus: {
      if (params.size() != 8) return code(response::WrongParameterCount);
      const std::uint64_t v = read_le64(params);
      if (!is_prime(v)) return code(response::ParameterOutOfRange);
      (c == static_cast<std::uint8_t>(Command::SetGenerator) ? generator_ : modulus_) = v;
      return code(response::Ok);
    }
    case Command::RequestKeyExchange: {
      if (params.size() != 8) return code(response::WrongParameterCount);
      if (generator_ == 0 || modulus_ == 0) return code(response::CannotProcess);
      const std::uint64_t host_inter = read_le64(params);
      const std::uint64_t slave_random = 1 + prng_() % (modulus_ - 2);
      const std::uint64_t slave_inter = mod_pow(generator_, slave_random, modulus_);
      const std::uint64_t key = mod_pow(host_inter, slave_random, modulus_);
      key_.emplace(Role::Device, config_.count_rule, make_aes_key(config_.fixed_key, key));
      ++counters_.key_exchanges;
      Bytes out{response::Ok};
      const Bytes le = le64(slave_inter);
      out.insert(out.end(), le.begin(), le.end());
      return out;
    }
  }
  return code(response::UnknownCommand);
}

Bytes SspDeviceSim::poll(Instant now) {
  ++counters_.polls;
  if (state_ == State::Escrow && escrow_reported_ && !jam_) {  // a POLL accepts the held note
    events_.push_back({event::Stacking, {}});
    enter(State::Stacking, now);
  }
  std::vector<PollEvent> out = std::move(events_);
  events_.clear();
  if (state_ == State::Escrow) escrow_reported_ = true;
  if (jam_) out.push_back({*jam_, {}});
  if (cashbox_removed_) out.push_back({event::CashboxRemoved, {}});
  if (stacker_full_) out.push_back({event::StackerFull, {}});
  if (!enabled_) out.push_back({event::Disabled, {}});
  return encode_poll_reply(out);
}

void SspDeviceSim::lose_power_state() {
  key_.reset();
  generator_ = modulus_ = 0;
  enabled_ = false;
  inhibits_ = 0;
  protocol_ = 6;
  last_seq_.reset();
  last_reply_data_.clear();
  events_.clear();
  events_.push_back({event::SlaveReset, {}});
  inserted_.reset();
  state_ = State::Idle;
  since_.reset();
}

}  // namespace kiosk::sim::ssp
