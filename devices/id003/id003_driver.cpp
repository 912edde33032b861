// ID003 driver, link layer: one request outstanding at a time, a queue behind it, STATUS REQUEST
// when idle, resend on a corrupt answer, COMMUNICATION ERROR or timeout, LinkLost after retries.
// The device logic (phases, statuses, events) is in id003_driver_status.cpp.
#include "devices/id003/id003_driver.hpp"

#include <algorithm>
#include <cassert>

namespace kiosk::devices::id003 {
namespace {

void append(Bytes& out, const Bytes& frame) { out.insert(out.end(), frame.begin(), frame.end()); }

}  // namespace

Id003Driver::Id003Driver(Id003DriverConfig config) : config_(std::move(config)) {
  assert(config_.tick.count() > 0);
  assert(config_.max_retries >= 0 && config_.max_resends >= 0);
  assert(config_.stack_command == Command::Stack1 || config_.stack_command == Command::Stack2);
}

Id003Driver::Request Id003Driver::request(Command cmd, ByteView data) const {
  return Request{cmd, encode_command(cmd, data)};
}

ValidatorStep Id003Driver::on_tick(Instant now) {
  ValidatorStep step;
  if (pending_ && now - pending_->sent_at >= config_.response_timeout) on_timeout(now, step);
  pump(now, step);
  return step;
}

ValidatorStep Id003Driver::on_bytes(ByteView rx, Instant now) {
  ValidatorStep step;
  bool corrupt = false;
  for (auto& result : reader_.feed(rx)) {
    if (!result) {
      ++bad_frames_;
      last_error_ = std::string("frame_") + to_string(result.error().kind);
      corrupt = true;
      continue;
    }
    on_frame(*result, now, step);
  }
  // A corrupt answer is never acted on. ID003 has no NAK: ask again (once per read).
  if (corrupt && pending_) resend(now, step, "corrupt_answer");
  pump(now, step);
  return step;
}

void Id003Driver::send(Request r, Instant now, ValidatorStep& step) {
  assert(!pending_);
  append(step.tx, r.frame);
  if (r.cmd == Command::StatusRequest) last_poll_ = now;
  pending_ = Pending{std::move(r), now};
}

void Id003Driver::pump(Instant now, ValidatorStep& step) {
  if (pending_ || now < quiet_until_) return;
  if (!queue_.empty()) {
    Request r = std::move(queue_.front());
    queue_.pop_front();
    send(std::move(r), now, step);
    return;
  }
  if (!last_poll_ || now - *last_poll_ >= config_.poll_interval)
    send(request(Command::StatusRequest), now, step);
}

void Id003Driver::acknowledge(Instant now, ValidatorStep& step) {
  append(step.tx, encode_command(Command::Ack));
  quiet_until_ = now + config_.inter_frame_gap;
}

void Id003Driver::resend(Instant now, ValidatorStep& step, const char* why) {
  if (pending_->resends >= config_.max_resends) {
    request_failed(std::string(why) + "_limit cmd=" + to_string(pending_->req.cmd));
    return;
  }
  ++pending_->resends;
  ++resends_;
  append(step.tx, pending_->req.frame);
  pending_->sent_at = now;
}

// The pending request is answered: clear it, leave a gap, note a restored link.
Id003Driver::Request Id003Driver::finish(Instant now, ValidatorStep& step) {
  Request done = std::move(pending_->req);
  pending_.reset();
  quiet_until_ = std::max(quiet_until_, now + config_.inter_frame_gap);
  on_answer(step);
  return done;
}

void Id003Driver::on_frame(const Frame& f, Instant now, ValidatorStep& step) {
  if (!pending_) return;  // late or unsolicited: nothing is waiting for it
  const Command cmd = pending_->req.cmd;
  if (f.cmd == status::CommunicationError) {  // the device got our command garbled
    ++comm_errors_;
    resend(now, step, "communication_error");
    return;
  }
  if (f.cmd == status::InvalidCommand) {
    finish(now, step);
    request_failed(std::string("invalid_command cmd=") + to_string(cmd));
    return;
  }
  if (is_operation(cmd)) {
    if (f.cmd != status::Ack || !f.data.empty()) return;  // stale status: keep waiting
    const Request done = finish(now, step);
    on_command_done(done, f);
    return;
  }
  if (is_setting(cmd) || cmd == Command::GetVersion || cmd == Command::GetCurrencyAssign ||
      cmd == Command::GetEnable) {
    if (f.cmd != static_cast<std::uint8_t>(cmd)) return;  // stale status: keep waiting
    if (is_setting(cmd) && encode_frame(f.cmd, f.data) != pending_->req.frame) {
      last_error_ = std::string("bad_echo cmd=") + to_string(cmd);
      return;  // a wrong echo: the timeout resends it
    }
    if (cmd == Command::GetCurrencyAssign) {
      auto table = parse_currency_assign(f.data, config_.accepted_countries);
      if (!table) {
        last_error_ = "bad_currency_assign " + table.error().what;
        return;
      }
      finish(now, step);
      on_currency_table(std::move(*table), step);
      return;
    }
    const Request done = finish(now, step);
    on_command_done(done, f);
    return;
  }
  // STATUS REQUEST
  if (f.cmd == status::Ack) return;  // a late ACK to an earlier command
  auto s = parse_status(f);
  if (!s) {
    last_error_ = "bad_status " + s.error().what;
    return;
  }
  finish(now, step);
  on_status(*s, now, step);
}

void Id003Driver::on_timeout(Instant now, ValidatorStep& step) {
  ++timeouts_;
  reader_.reset();  // whatever partial frame is buffered is stale now
  if (phase_ == Phase::LinkDown) {
    pending_.reset();
    return;
  }
  if (pending_->timeouts < config_.max_retries) {
    ++pending_->timeouts;
    append(step.tx, pending_->req.frame);
    pending_->sent_at = now;
    return;
  }
  link_lost(step, std::string("no_answer cmd=") + to_string(pending_->req.cmd));
}

void Id003Driver::request_failed(std::string why) {
  pending_.reset();
  last_error_ = std::move(why);
  // A failed set-up step restarts the set-up; a failed STACK/RETURN leaves the note to the device
  // (it returns an escrowed note by itself when its hold time ends).
  if (phase_ == Phase::Resetting) phase_ = Phase::Starting;
  if (phase_ == Phase::Configuring) {
    queue_.clear();
    phase_ = Phase::Initializing;
  }
}

void Id003Driver::link_lost(ValidatorStep& step, std::string why) {
  pending_.reset();
  queue_.clear();  // STACK/RETURN must not go out late; enables are re-applied on restore
  reader_.reset();
  phase_ = Phase::LinkDown;
  last_error_ = why;
  if (!link_lost_reported_) {
    link_lost_reported_ = true;
    step.events.push_back({ValidatorEvent::Kind::LinkLost, {}, std::move(why), {}});
  }
}

void Id003Driver::queue_front(Request r) {
  std::erase_if(queue_, [&](const Request& q) { return q.cmd == r.cmd; });
  queue_.push_front(std::move(r));
}

void Id003Driver::queue_enable() {
  if (phase_ != Phase::Operating || !table_) return;  // applied when the device is Ready
  const DenominationMask codes = table_->codes_for(wanted_);
  std::erase_if(queue_, [](const Request& q) {
    return q.cmd == Command::SetInhibit || q.cmd == Command::SetEnable;
  });
  // Inhibit first: some units take C0 only while inhibited (UNVERIFIED), and no note may slip in
  // under the old mask.
  queue_.push_back(Request{Command::SetInhibit, encode_set_inhibit(true)});
  queue_.push_back(
      Request{Command::SetEnable, encode_set_enable(DenominationMask::inhibit_all_but(codes))});
  if (!codes.empty()) queue_.push_back(Request{Command::SetInhibit, encode_set_inhibit(false)});
}

ValidatorStep Id003Driver::enable(const std::vector<flows::Kzt>& denominations, Instant now) {
  ValidatorStep step;
  wanted_ = denominations;
  std::sort(wanted_.begin(), wanted_.end());
  wanted_.erase(std::unique(wanted_.begin(), wanted_.end()), wanted_.end());
  if (table_) {
    for (const auto& k : wanted_)
      if (table_->codes_for({k}).empty())
        last_error_ = "denomination_not_in_currency_table kzt=" + std::to_string(k.value);
  }
  queue_enable();
  pump(now, step);
  return step;
}

ValidatorStep Id003Driver::disable(Instant now) { return enable({}, now); }

ValidatorStep Id003Driver::stack(Instant now) {
  ValidatorStep step;
  if (!last_status_ || last_status_->code != status::Escrow) {
    last_error_ = "stack_without_escrow";
    return step;
  }
  queue_front(request(config_.stack_command));
  pump(now, step);
  return step;
}

ValidatorStep Id003Driver::return_note(Instant now) {
  ValidatorStep step;
  if (!last_status_ || last_status_->code != status::Escrow) {
    last_error_ = "return_without_escrow";
    return step;
  }
  queue_front(request(Command::Return));
  pump(now, step);
  return step;
}

}  // namespace kiosk::devices::id003
