// SSP driver, device logic: replies to each command, poll events -> ValidatorEvent, diagnostics.
#include <algorithm>
#include <cstdio>

#include "devices/ssp/ssp_driver.hpp"

namespace kiosk::devices::ssp {
namespace {

using Kind = ValidatorEvent::Kind;

ValidatorEvent make_event(Kind k, flows::Kzt amount = {}, std::string detail = {}) {
  return ValidatorEvent{k, amount, std::move(detail), {}};
}

std::string code_text(std::uint8_t code, const char* name) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "0x%02X %s", code, name);
  return buf;
}

std::string channel_text(std::uint8_t ch) { return "channel=" + std::to_string(ch); }

std::string log_token(std::string s) {
  for (char& c : s)
    if (c == ' ' || c == '"' || c == '=') c = '_';
  return s.empty() ? "-" : s;
}

}  // namespace

const char* to_string(SspDriver::Phase p) {
  switch (p) {
    case SspDriver::Phase::Syncing:
      return "syncing";
    case SspDriver::Phase::KeyExchange:
      return "key_exchange";
    case SspDriver::Phase::Configuring:
      return "configuring";
    case SspDriver::Phase::Operating:
      return "operating";
    case SspDriver::Phase::LinkDown:
      return "link_down";
  }
  return "unknown";
}

void SspDriver::on_answer(const Request& r, ValidatorStep& step) {
  if (phase_ != Phase::LinkDown) return;
  link_lost_reported_ = false;
  step.events.push_back(make_event(Kind::LinkRestored));
  // A whole new session: the unit may have been power-cycled or swapped, so new keys and a fresh
  // read of its channels. A note it credited meanwhile is still reported by its next polls.
  begin_session(r.cmd == Command::Sync);
}

void SspDriver::on_reply(const Request& r, const Bytes& data, Instant now, ValidatorStep& step) {
  switch (r.cmd) {
    case Command::Sync:
      if (phase_ == Phase::Syncing) phase_ = Phase::KeyExchange;
      break;
    case Command::RequestKeyExchange: {
      if (data.size() < 9) {
        last_error_ = "short_key_exchange_reply";
        begin_session(false);
        break;
      }
      const std::uint64_t slave_inter = read_le64(ByteView(data).subspan(1, 8));
      const std::uint64_t key = mod_pow(slave_inter, host_random_, modulus_);
      session_.emplace(Role::Host, config_.count_rule, make_aes_key(config_.fixed_key, key));
      ++key_exchanges_;
      phase_ = Phase::Configuring;
      queue_.push_back({Command::HostProtocolVersion, {config_.host_protocol_version}});
      queue_.push_back({Command::SetupRequest, {}});
      break;
    }
    case Command::HostProtocolVersion:
      protocol_version_ = r.params.empty() ? 0 : r.params[0];
      break;
    case Command::SetupRequest: {
      auto info = parse_setup_reply(data, config_.values);
      if (!info) {
        last_error_ = "setup_reply: " + info.error().what;
        begin_session(false);
        break;
      }
      on_setup(std::move(*info), step);
      break;
    }
    case Command::Poll: {
      auto reply = parse_poll_reply(data);
      if (!reply) {
        last_error_ = "poll_reply: " + reply.error().what;
        break;
      }
      on_poll(*reply, now, step);
      break;
    }
    case Command::SetInhibits: {
      std::uint32_t bits = 0;
      for (std::size_t i = 0; i < r.params.size() && i < 4; ++i)
        bits |= std::uint32_t{r.params[i]} << (8 * i);
      inhibit_bits_ = bits;
      break;
    }
    case Command::LastRejectCode:
      if (data.size() >= 2) on_reject_code(data[1], step);
      break;
    default:
      break;  // SET GENERATOR, SET MODULUS, ENABLE, DISABLE, HOLD, REJECT: OK is all they say
  }
}

void SspDriver::on_failed(const Request& r, std::uint8_t code, ValidatorStep& step) {
  (void)step;
  last_error_ = std::string(to_string(r.cmd)) + ": " + response_name(code);
  if (code == response::KeyNotSet) {  // the unit lost its key (reset, power cycle): start over
    begin_session(false);
    return;
  }
  switch (r.cmd) {
    case Command::HostProtocolVersion:
      if (!r.params.empty() && r.params[0] > config_.min_protocol_version)
        queue_front({Command::HostProtocolVersion, {static_cast<std::uint8_t>(r.params[0] - 1)}});
      return;
    case Command::Hold:  // nothing in escrow any more: the unit gave it back (its own timeout)
      if (escrow_) escrow_->returning = true;
      return;
    case Command::Reject:  // nothing in escrow (any more): the next events say where it went
      return;
    case Command::LastRejectCode:
      if (rejects_pending_ > 0) --rejects_pending_;
      step.events.push_back(make_event(Kind::Rejected, {}, "reason_unknown"));
      return;
    default:
      if (phase_ != Phase::Operating) begin_session(false);  // a set-up step failed: again
      return;
  }
}

void SspDriver::on_setup(SetupInfo info, ValidatorStep& step) {
  setup_ = std::move(info);
  phase_ = Phase::Operating;
  conditions_.clear();
  idle_reported_ = false;
  ValidatorEvent ready = make_event(Kind::Ready);
  ready.denominations = setup_->denominations();
  ready.detail = "firmware=" + log_token(setup_->firmware) +
                 " country=" + log_token(setup_->country) +
                 " protocol=" + std::to_string(setup_->protocol_version) +
                 " channels=" + std::to_string(setup_->channels.size()) +
                 " encrypted=" + (session_ ? "yes" : "no");
  step.events.push_back(std::move(ready));
  if (escrow_ && escrow_->accepting) {
    // stack() was sent before the outage: the next POLL accepts the note if it is still held.
  } else if (escrow_) {
    escrow_->returning = true;  // undecided when the link went: give it back
    queue_.push_back({Command::Reject, {}});
  } else if (config_.reject_escrow_at_start) {
    queue_.push_back({Command::Reject, {}});  // a previous run's note, if any, goes back
  }
  queue_settings();
}

void SspDriver::on_poll(const PollReply& reply, Instant now, ValidatorStep& step) {
  std::vector<std::uint8_t> conditions;
  for (const auto& e : reply.events) on_event(e, now, step, conditions);
  if (reply.unknown_code) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02X", *reply.unknown_code);
    last_error_ = std::string("unknown_event ") + buf;
  }
  conditions_ = std::move(conditions);
  if (reply.events.empty() && inhibit_bits_ != 0 && !escrow_ && !idle_reported_) {
    idle_reported_ = true;
    step.events.push_back(make_event(Kind::Idle));
  }
}

void SspDriver::on_event(const PollEvent& e, Instant now, ValidatorStep& step,
                         std::vector<std::uint8_t>& conditions) {
  idle_reported_ = false;
  const std::uint8_t ch = e.data.value_or(0);
  const auto amount = [&] {
    return setup_ ? setup_->amount_of(ch).value_or(flows::Kzt{}) : flows::Kzt{};
  };
  // A standing condition (repeated by every poll while it lasts) gives one event when it starts.
  const auto condition = [&](Kind k, std::string detail) {
    conditions.push_back(e.code);
    if (std::find(conditions_.begin(), conditions_.end(), e.code) == conditions_.end())
      step.events.push_back(make_event(k, {}, std::move(detail)));
  };
  switch (e.code) {
    case event::SlaveReset:
      last_error_ = "slave_reset";
      escrow_.reset();   // a note in the path is reported as cleared (E1/E2) by this reset
      queue_settings();  // the unit is disabled after a reset: apply the wanted channels again
      break;
    case event::Read:
      if (ch != 0) on_read(ch, now, step);
      break;
    case event::Credit:  // THE CREDIT POINT: the note is past the point of no return
      step.events.push_back(make_event(Kind::Stacked, amount(), channel_text(ch)));
      escrow_.reset();
      break;
    case event::Rejected:
      if (escrow_ && escrow_->returning && !escrow_->unwanted) {
        step.events.push_back(
            make_event(Kind::Returned, escrow_->amount, channel_text(escrow_->channel)));
      } else {
        ++rejects_pending_;
        queue_.push_back({Command::LastRejectCode, {}});
      }
      escrow_.reset();
      break;
    case event::FraudAttempt:
      escrow_.reset();
      step.events.push_back(make_event(Kind::Rejected, {}, "fraud_attempt " + channel_text(ch)));
      break;
    case event::ClearedFromFront:
      step.events.push_back(
          make_event(Kind::PowerUpWithBill, amount(), "cleared_from_front " + channel_text(ch)));
      break;
    case event::ClearedIntoCashbox:
      step.events.push_back(
          make_event(Kind::PowerUpWithBill, amount(), "cleared_into_cashbox " + channel_text(ch)));
      break;
    case event::SafeJam:
      condition(Kind::Jammed, "safe_jam");
      break;
    case event::UnsafeJam:
      condition(Kind::Jammed, "unsafe_jam");
      break;
    case event::Disabled:
      condition(Kind::Disabled, "");
      break;
    case event::ChannelDisable:
      condition(Kind::Disabled, "all_channels_inhibited");
      break;
    case event::StackerFull:
      condition(Kind::CassetteFull, "");
      break;
    case event::CashboxRemoved:
      condition(Kind::CassetteRemoved, "");
      break;
    case event::NotePathOpen:
      condition(Kind::Failure, "note_path_open");
      break;
    default:
      break;  // stacking, stacked, rejecting, cashbox replaced, initialising: no event
  }
}

void SspDriver::on_read(std::uint8_t channel, Instant now, ValidatorStep& step) {
  const auto amount = setup_ ? setup_->amount_of(channel) : std::nullopt;
  const bool wanted = amount && std::find(wanted_.begin(), wanted_.end(), *amount) != wanted_.end();
  last_hold_ = now;  // the unit's escrow timer started with this poll
  if (wanted) {
    escrow_ = Escrow{channel, *amount, false, false, false};
    step.events.push_back(make_event(Kind::Escrowed, *amount, channel_text(channel)));
    return;
  }
  // A note we did not ask for (unknown channel, foreign currency, disabled meanwhile): give it
  // back.
  escrow_ = Escrow{channel, amount.value_or(flows::Kzt{}), false, true, true};
  queue_front({Command::Reject, {}});
  step.events.push_back(
      make_event(Kind::Rejected, {}, "unwanted_" + channel_text(channel) + " returned"));
}

void SspDriver::on_reject_code(std::uint8_t code, ValidatorStep& step) {
  if (rejects_pending_ > 0) --rejects_pending_;
  step.events.push_back(make_event(Kind::Rejected, {}, code_text(code, reject_reason_name(code))));
}

SspDiagnostics SspDriver::diagnostics() const {
  SspDiagnostics d;
  d.phase = to_string(phase_);
  d.link_up = phase_ != Phase::LinkDown;
  d.encrypted = session_.has_value();
  d.setup = setup_;
  d.wanted = wanted_;
  d.inhibit_bits = inhibit_bits_;
  d.protocol_version = protocol_version_;
  d.last_error = last_error_;
  d.bad_frames = bad_frames_;
  d.timeouts = timeouts_;
  d.key_exchanges = key_exchanges_;
  d.crypto_errors = crypto_errors_;
  return d;
}

std::string SspDiagnostics::to_log_line() const {
  std::string s = "phase=" + phase + " link=" + (link_up ? "up" : "down") +
                  " encrypted=" + (encrypted ? "yes" : "no");
  if (setup)
    s += " firmware=" + log_token(setup->firmware) + " country=" + log_token(setup->country) +
         " channels=" + std::to_string(setup->channels.size());
  s += " protocol=" + std::to_string(protocol_version) +
       " inhibit_bits=" + std::to_string(inhibit_bits) +
       " bad_frames=" + std::to_string(bad_frames) + " timeouts=" + std::to_string(timeouts) +
       " key_exchanges=" + std::to_string(key_exchanges) +
       " crypto_errors=" + std::to_string(crypto_errors);
  if (!last_error.empty()) s += " last_error=\"" + last_error + "\"";
  return s;
}

}  // namespace kiosk::devices::ssp
