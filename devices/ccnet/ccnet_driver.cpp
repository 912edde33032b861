// CCNET driver, link layer: one request outstanding at a time, a queue behind it, POLL when idle,
// ACK for data replies, resend on NAK or timeout, NAK for corrupt frames, LinkLost after retries.
// The device logic (phases, statuses, events) is in ccnet_driver_status.cpp.
#include "devices/ccnet/ccnet_driver.hpp"

#include <algorithm>
#include <cassert>

namespace kiosk::devices::ccnet {
namespace {

bool expects_ack(Command c) {
  switch (c) {
    case Command::Reset:
    case Command::SetSecurity:
    case Command::EnableBillTypes:
    case Command::Stack:
    case Command::Return:
    case Command::Hold:
      return true;
    default:
      return false;
  }
}

void append(Bytes& out, const Bytes& frame) { out.insert(out.end(), frame.begin(), frame.end()); }

}  // namespace

CcnetDriver::CcnetDriver(CcnetDriverConfig config) : config_(std::move(config)) {
  assert(config_.tick.count() > 0);
  assert(config_.max_retries >= 0 && config_.max_nak_resends >= 0);
}

CcnetDriver::Request CcnetDriver::request(Command cmd) const {
  return Request{cmd, encode_command(cmd, {}, config_.address), {}};
}

ValidatorStep CcnetDriver::on_tick(Instant now) {
  ValidatorStep step;
  if (pending_ && now - pending_->sent_at >= config_.response_timeout) on_timeout(now, step);
  pump(now, step);
  return step;
}

ValidatorStep CcnetDriver::on_bytes(ByteView rx, Instant now) {
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
  // A corrupt answer is never acted on: ask the device to send it again (once per read).
  if (corrupt && pending_ && pending_->bad_frames < config_.max_nak_resends) {
    ++pending_->bad_frames;
    ++naks_sent_;
    append(step.tx, encode_nak(config_.address));
    pending_->sent_at = now;
    quiet_until_ = now + config_.inter_frame_gap;
  }
  pump(now, step);
  return step;
}

void CcnetDriver::send(Request r, Instant now, ValidatorStep& step) {
  assert(!pending_);
  append(step.tx, r.frame);
  if (r.cmd == Command::Poll) last_poll_ = now;
  pending_ = Pending{std::move(r), now};
}

void CcnetDriver::pump(Instant now, ValidatorStep& step) {
  if (pending_ || now < quiet_until_) return;
  if (!queue_.empty()) {
    Request r = std::move(queue_.front());
    queue_.pop_front();
    send(std::move(r), now, step);
    return;
  }
  if (!last_poll_ || now - *last_poll_ >= config_.poll_interval)
    send(request(Command::Poll), now, step);
}

void CcnetDriver::acknowledge(Instant now, ValidatorStep& step) {
  append(step.tx, encode_ack(config_.address));
  quiet_until_ = now + config_.inter_frame_gap;
}

void CcnetDriver::on_frame(const Frame& f, Instant now, ValidatorStep& step) {
  if (f.address != config_.address) return;  // another peripheral on the bus
  if (!pending_) return;                     // late or unsolicited: nothing is waiting for it
  const Command cmd = pending_->req.cmd;
  if (f.is_nak()) {
    ++naks_received_;
    if (pending_->naks >= config_.max_nak_resends) {
      request_failed(now, step, std::string("nak_limit cmd=") + to_string(cmd));
      return;
    }
    ++pending_->naks;
    append(step.tx, pending_->req.frame);
    pending_->sent_at = now;
    return;
  }
  if (f.payload.size() == 1 && f.payload[0] == kIllegalCommand) {
    acknowledge(now, step);
    on_answer(now, step);
    request_failed(now, step, std::string("illegal_command cmd=") + to_string(cmd));
    return;
  }
  if (expects_ack(cmd)) {
    if (!f.is_ack()) return;  // stale data reply: keep waiting
    quiet_until_ = now + config_.inter_frame_gap;
    const Request done = std::move(pending_->req);
    pending_.reset();
    on_answer(now, step);
    on_command_acked(done);
    return;
  }
  if (f.is_ack()) return;  // a data reply was expected
  switch (cmd) {
    case Command::Poll: {
      auto s = parse_poll_reply(f.payload);
      if (!s) break;
      acknowledge(now, step);
      pending_.reset();
      on_answer(now, step);
      on_status(*s, now, step);
      return;
    }
    case Command::Identification: {
      auto id = parse_identification(f.payload);
      if (!id) break;
      acknowledge(now, step);
      pending_.reset();
      on_answer(now, step);
      on_identification(*id);
      return;
    }
    case Command::GetBillTable: {
      auto table = parse_bill_table(f.payload, config_.accepted_currencies);
      if (!table) break;
      acknowledge(now, step);
      pending_.reset();
      on_answer(now, step);
      on_bill_table(std::move(*table), now, step);
      return;
    }
    default:
      break;  // GET STATUS is not used by the driver
  }
  last_error_ = std::string("unexpected_reply cmd=") + to_string(cmd);
}

void CcnetDriver::on_timeout(Instant now, ValidatorStep& step) {
  ++timeouts_;
  reader_.reset();  // whatever partial frame is buffered is stale now
  if (phase_ == Phase::LinkDown) {
    pending_.reset();
    return;
  }
  if (pending_->timeouts < config_.max_retries) {
    ++pending_->timeouts;
    pending_->bad_frames = 0;
    append(step.tx, pending_->req.frame);
    pending_->sent_at = now;
    return;
  }
  link_lost(step, std::string("no_answer cmd=") + to_string(pending_->req.cmd));
}

void CcnetDriver::request_failed(Instant now, ValidatorStep& step, std::string why) {
  (void)now;
  (void)step;
  pending_.reset();
  last_error_ = std::move(why);
  // A failed set-up step restarts the set-up; a failed STACK/RETURN leaves the note to the device
  // (it returns an escrowed note by itself when the hold time ends).
  if (phase_ == Phase::Resetting) phase_ = Phase::Starting;
  if (phase_ == Phase::Configuring) {
    queue_.clear();
    phase_ = Phase::Initializing;
  }
}

void CcnetDriver::link_lost(ValidatorStep& step, std::string why) {
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

void CcnetDriver::queue_front(Request r) {
  std::erase_if(queue_, [&](const Request& q) { return q.cmd == r.cmd; });
  queue_.push_front(std::move(r));
}

void CcnetDriver::queue_enable(Instant now) {
  (void)now;
  if (phase_ != Phase::Operating || !table_) return;  // applied when the device is Ready
  const BillTypeMask mask = table_->mask_for(wanted_);
  std::erase_if(queue_, [](const Request& q) { return q.cmd == Command::EnableBillTypes; });
  // Escrow mask = enable mask: every note waits for the application's decision.
  queue_.push_back(Request{Command::EnableBillTypes,
                           encode_enable_bill_types(mask, mask, config_.address), mask});
}

ValidatorStep CcnetDriver::enable(const std::vector<flows::Kzt>& denominations, Instant now) {
  ValidatorStep step;
  wanted_ = denominations;
  std::sort(wanted_.begin(), wanted_.end());
  wanted_.erase(std::unique(wanted_.begin(), wanted_.end()), wanted_.end());
  if (table_) {
    for (const auto& k : wanted_)
      if (table_->mask_for({k}).empty())
        last_error_ = "denomination_not_in_bill_table kzt=" + std::to_string(k.value);
  }
  queue_enable(now);
  pump(now, step);
  return step;
}

ValidatorStep CcnetDriver::disable(Instant now) { return enable({}, now); }

ValidatorStep CcnetDriver::stack(Instant now) {
  ValidatorStep step;
  if (!last_status_ || last_status_->code != status::EscrowPosition) {
    last_error_ = "stack_without_escrow";
    return step;
  }
  queue_front(request(Command::Stack));
  pump(now, step);
  return step;
}

ValidatorStep CcnetDriver::return_note(Instant now) {
  ValidatorStep step;
  if (!last_status_ || last_status_->code != status::EscrowPosition) {
    last_error_ = "return_without_escrow";
    return step;
  }
  queue_front(request(Command::Return));
  pump(now, step);
  return step;
}

}  // namespace kiosk::devices::ccnet
