// LCDM driver, link layer: one command at a time, ACK / NAK handshake, resends where safe,
// timeouts, link loss and restore. Replies -> contract types are in lcdm_driver_replies.cpp.
#include "devices/lcdm/lcdm_driver.hpp"

#include <cassert>
#include <numeric>

namespace kiosk::devices::lcdm {
namespace {

void append(Bytes& out, const Bytes& bytes) { out.insert(out.end(), bytes.begin(), bytes.end()); }

FrameLayout response_layout(const LcdmDriverConfig& c) {
  return c.model == Model::Lcdm4000 ? responses4000() : responses2000(c.progress_items);
}

}  // namespace

const char* to_string(Model m) {
  switch (m) {
    case Model::Lcdm1000:
      return "lcdm1000";
    case Model::Lcdm2000:
      return "lcdm2000";
    case Model::Lcdm4000:
      return "lcdm4000";
  }
  return "unknown";
}

std::optional<Model> model_from_string(std::string_view s) {
  if (s == "lcdm1000") return Model::Lcdm1000;
  if (s == "lcdm2000") return Model::Lcdm2000;
  if (s == "lcdm4000") return Model::Lcdm4000;
  return std::nullopt;
}

const char* to_string(LcdmDriver::Phase p) {
  switch (p) {
    case LcdmDriver::Phase::Starting:
      return "starting";
    case LcdmDriver::Phase::Ready:
      return "ready";
    case LcdmDriver::Phase::LinkDown:
      return "link_down";
  }
  return "unknown";
}

LcdmDriver::LcdmDriver(LcdmDriverConfig config)
    : config_(std::move(config)), reader_(response_layout(config_)) {
  assert(config_.tick.count() > 0);
  assert(config_.max_command_resends >= 0 && config_.max_response_naks >= 0);
  if (config_.cassettes_4000 < 1 || config_.cassettes_4000 > kCassettes4000)
    config_.cassettes_4000 = kCassettes4000;
}

int LcdmDriver::cassette_count() const {
  switch (config_.model) {
    case Model::Lcdm1000:
      return 1;
    case Model::Lcdm2000:
      return 2;
    case Model::Lcdm4000:
      return config_.cassettes_4000;
  }
  return 0;
}

int LcdmDriver::max_notes_per_command() const {
  const int model_max = is4000() ? kMaxNotes4000 : kMaxNotes2000;
  return config_.max_notes > 0 && config_.max_notes < model_max ? config_.max_notes : model_max;
}

bool LcdmDriver::busy() const {
  if (pending_ && user_op(pending_->req.op)) return true;
  for (const auto& r : queue_)
    if (user_op(r.op)) return true;
  return false;
}

LcdmDriver::Request LcdmDriver::make(Op op) const {
  Request r{op, {}, {}};
  if (is4000()) {
    switch (op) {
      case Op::Purge:
        r.frame = encode4000(Cmd4000::Purge);
        break;
      case Op::LastStatus:
        r.frame = encode4000(Cmd4000::LastStatus);
        break;
      default:
        r.frame = encode4000(Cmd4000::Status);
    }
  } else {
    switch (op) {
      case Op::Purge:
        r.frame = encode2000(Cmd2000::Purge);
        break;
      case Op::InitRom:
        r.frame = encode2000(Cmd2000::RomVersion);
        break;
      default:
        r.frame = encode2000(Cmd2000::Status);
    }
  }
  return r;
}

Millis LcdmDriver::work_timeout(const Pending& p) const {
  switch (p.req.op) {
    case Op::Dispense:
    case Op::TestDispense: {
      const int notes = std::accumulate(p.req.requested.begin(), p.req.requested.end(), 0);
      return config_.dispense_base_timeout + config_.dispense_per_note * notes;
    }
    case Op::Purge:
      return config_.purge_timeout;
    default:
      return config_.response_timeout;
  }
}

void LcdmDriver::start_up() {
  phase_ = Phase::Starting;
  ready_reported_ = false;
  std::erase_if(queue_,
                [](const Request& r) { return r.op == Op::InitStatus || r.op == Op::InitRom; });
  if (!is4000()) queue_.push_front(make(Op::InitRom));
  queue_.push_front(make(Op::InitStatus));
}

DispenserStep LcdmDriver::on_tick(Instant now) {
  DispenserStep step;
  if (!started_) {
    started_ = true;
    next_check_ = now;
    start_up();
  }
  if (pending_ && now >= pending_->deadline) on_deadline(now, step);
  pump(now, step);
  return step;
}

DispenserStep LcdmDriver::on_bytes(ByteView rx, Instant now) {
  DispenserStep step;
  bool corrupt = false, answered = false;
  for (auto& result : reader_.feed(rx)) {
    if (!result) {
      ++bad_frames_;
      last_error_ = std::string("frame_") + to_string(result.error().kind);
      corrupt = true;
      continue;
    }
    const bool had = pending_.has_value();
    on_item(*result, now, step);
    if (had && !pending_) answered = true;
  }
  // A corrupt answer is never acted on: NAK it so the device sends it again (once per read, and
  // not when a good answer followed it in the same read).
  if (corrupt && !answered) on_corrupt(now, step);
  pump(now, step);
  return step;
}

void LcdmDriver::send(Request r, Instant now, DispenserStep& step) {
  assert(!pending_);
  append(step.tx, r.frame);
  Pending p;
  p.cmd = r.frame.size() > 3 ? r.frame[3] : 0;
  p.deadline = now + config_.ack_timeout;
  p.may_have_run = moves_notes(r.op);
  if (r.op == Op::Dispense) last_requested_ = r.requested;
  p.req = std::move(r);
  pending_ = std::move(p);
}

void LcdmDriver::pump(Instant now, DispenserStep& step) {
  if (pending_ || !started_) return;
  if (!queue_.empty()) {
    Request r = std::move(queue_.front());
    queue_.pop_front();
    send(std::move(r), now, step);
    return;
  }
  if (now < next_check_) return;
  if (phase_ == Phase::LinkDown) {
    next_check_ = now + config_.probe_interval;
    send(make(Op::Probe), now, step);
  } else if (phase_ == Phase::Ready && config_.idle_status_interval.count() > 0) {
    next_check_ = now + config_.idle_status_interval;
    send(make(Op::Poll), now, step);
  }
}

void LcdmDriver::resend(Instant now, DispenserStep& step) {
  ++pending_->resends;
  ++resends_;
  pending_->stage = Stage::AwaitAck;
  pending_->naks_sent = 0;
  pending_->deadline = now + config_.ack_timeout;
  if (moves_notes(pending_->req.op)) pending_->may_have_run = true;
  reader_.reset();
  append(step.tx, pending_->req.frame);
}

void LcdmDriver::on_item(const LinkItem& item, Instant now, DispenserStep& step) {
  switch (item.kind) {
    case LinkItem::Kind::Eot:  // LCDM-4000 after our ACK of its response
      return;
    case LinkItem::Kind::Progress:
      ++progress_;
      if (pending_ && moves_notes(pending_->req.op) && pending_->stage == Stage::AwaitAck) {
        pending_->stage = Stage::AwaitResponse;  // it is dispensing: the ACK was lost
        pending_->deadline = now + work_timeout(*pending_);
      }
      return;
    case LinkItem::Kind::Ack:
      if (pending_ && pending_->stage == Stage::AwaitAck) {
        pending_->stage = Stage::AwaitResponse;
        pending_->deadline = now + work_timeout(*pending_);
      }
      return;
    case LinkItem::Kind::Nak:
      ++naks_received_;
      if (!pending_ || pending_->stage != Stage::AwaitAck) return;
      // The device refused this copy of the command: it did not act on it.
      if (moves_notes(pending_->req.op)) pending_->may_have_run = false;
      if (pending_->resends < config_.max_command_resends) {
        resend(now, step);
      } else {
        give_up(now, step, "nak_limit");
      }
      return;
    case LinkItem::Kind::Frame:
      break;
  }
  const Frame& f = item.frame;
  if (!pending_ || f.cmd != pending_->cmd) {
    // A late or repeated answer: ACK it so the device stops repeating it, but never act on it.
    append(step.tx, Bytes{kAck});
    last_error_ = "unexpected_response";
    return;
  }
  const Pending done = *pending_;
  pending_.reset();
  if (!on_response(done, f, now, step)) {  // valid BCC, nonsense content: as if corrupt
    pending_ = done;
    ++bad_frames_;
    last_error_ = "bad_response_content";
    on_corrupt(now, step);
    return;
  }
  // on_response only queues follow-up commands: pump() sends them after this ACK.
  step.tx.push_back(kAck);
  reader_.reset();
  if (phase_ == Phase::LinkDown) {
    link_lost_reported_ = false;
    step.events.push_back({DispenserEvent::Kind::LinkRestored, {}, {}, {}});
    start_up();
  }
}

void LcdmDriver::on_corrupt(Instant now, DispenserStep& step) {
  if (!pending_) return;
  if (pending_->naks_sent >= config_.max_response_naks) {
    give_up(now, step, "corrupt_response");
    return;
  }
  ++pending_->naks_sent;
  ++naks_sent_;
  pending_->stage = Stage::AwaitResponse;
  pending_->deadline = now + config_.response_resend_wait;
  reader_.reset();
  append(step.tx, Bytes{kNak});
}

void LcdmDriver::on_deadline(Instant now, DispenserStep& step) {
  ++timeouts_;
  Pending& p = *pending_;
  const bool dispense = moves_notes(p.req.op);
  if (p.stage == Stage::AwaitAck) {
    if (dispense && !config_.resend_unacked_dispense) {
      // The ACK may be what was lost: the dispense may be running. Wait for its response.
      p.stage = Stage::AwaitResponse;
      p.deadline = now + work_timeout(p);
      return;
    }
    if (p.resends < config_.max_command_resends) {
      resend(now, step);
      return;
    }
    give_up(now, step, "no_ack");
    return;
  }
  // No (complete) response: ask for it again while NAKs remain, then redo what is safe to redo.
  if ((reader_.buffered() > 0 || p.naks_sent > 0) && p.naks_sent < config_.max_response_naks) {
    on_corrupt(now, step);
    return;
  }
  if (!dispense && p.resends < config_.max_command_resends) {
    resend(now, step);
    return;
  }
  give_up(now, step, p.naks_sent > 0 ? "corrupt_response" : "no_response");
}

void LcdmDriver::give_up(Instant now, DispenserStep& step, const std::string& why) {
  const Pending p = std::move(*pending_);
  pending_.reset();
  reader_.reset();
  const char* what = p.req.op == Op::Dispense       ? "dispense"
                     : p.req.op == Op::TestDispense ? "test_dispense"
                                                    : "command";
  last_error_ = why + " op=" + what;
  if (moves_notes(p.req.op)) {
    if (p.may_have_run) {
      step.events.push_back(unknown_outcome(why, p.req.op));
    } else {
      step.events.push_back(refused(p.req.requested, why, p.req.op));
    }
    next_check_ = now;  // check the link at once
    return;
  }
  if (user_op(p.req.op)) step.events.push_back(failed_op(p.req.op, why));
  if (why == "nak_limit") return;  // the device answers: it refuses, the link is fine
  link_lost(step, why);
  next_check_ = now + config_.probe_interval;
}

void LcdmDriver::link_lost(DispenserStep& step, const std::string& why) {
  phase_ = Phase::LinkDown;
  for (const Request& r : queue_) {
    if (moves_notes(r.op))
      step.events.push_back(refused(r.requested, "link_lost", r.op));
    else if (user_op(r.op))
      step.events.push_back(failed_op(r.op, "link_lost"));
  }
  queue_.clear();
  if (!link_lost_reported_) {
    link_lost_reported_ = true;
    step.events.push_back({DispenserEvent::Kind::LinkLost, {}, {}, why});
  }
}

DispenserStep LcdmDriver::dispense(const std::vector<int>& n, Instant now) {
  DispenserStep step;
  std::optional<std::string> why;
  if (phase_ != Phase::Ready)
    why = phase_ == Phase::LinkDown ? "link_down" : "not_ready";
  else if (busy())
    why = "busy";
  else
    why = check_dispense(n);
  if (why) {
    step.events.push_back(refused(n, *why));
    return step;
  }
  queue_.push_back(Request{Op::Dispense, dispense_frame(n), n});
  pump(now, step);
  return step;
}

DispenserStep LcdmDriver::test_dispense(int cassette, Instant now) {
  DispenserStep step;
  std::vector<int> n(static_cast<std::size_t>(cassette_count()), 0);
  const bool exists = cassette >= 0 && cassette < cassette_count();
  if (exists) n[static_cast<std::size_t>(cassette)] = 1;
  std::optional<std::string> why;
  if (!exists)
    why = "no_such_cassette";
  else if (phase_ != Phase::Ready)
    why = phase_ == Phase::LinkDown ? "link_down" : "not_ready";
  else if (busy())
    why = "busy";
  else
    why = check_dispense(n);  // a cassette the last STATUS showed missing
  if (why) {
    step.events.push_back(refused(n, *why, Op::TestDispense));
    return step;
  }
  Bytes frame;
  if (is4000()) {
    std::array<int, 4> q{};
    q[static_cast<std::size_t>(cassette)] = 1;
    frame = encode4000_dispense(q, config_.dispense_layout, serial_++, Cmd4000::TestDispense);
  } else {
    frame = encode2000(cassette == 0 ? Cmd2000::UpperTestDispense : Cmd2000::LowerTestDispense);
  }
  queue_.push_back(Request{Op::TestDispense, std::move(frame), n});
  pump(now, step);
  return step;
}

DispenserStep LcdmDriver::purge(Instant now) {
  DispenserStep step;
  if (phase_ == Phase::LinkDown) {
    step.events.push_back(failed_op(Op::Purge, "link_down"));
    return step;
  }
  queue_.push_back(make(Op::Purge));
  pump(now, step);
  return step;
}

DispenserStep LcdmDriver::status(Instant now) {
  DispenserStep step;
  if (phase_ == Phase::LinkDown) {
    step.events.push_back(failed_op(Op::Status, "link_down"));
    return step;
  }
  queue_.push_back(make(Op::Status));
  pump(now, step);
  return step;
}

DispenserStep LcdmDriver::last_dispense(Instant now) {
  DispenserStep step;
  if (!is4000()) {
    step.events.push_back(failed_op(Op::LastStatus, "not_supported_by_protocol"));
    return step;
  }
  if (phase_ == Phase::LinkDown) {
    step.events.push_back(failed_op(Op::LastStatus, "link_down"));
    return step;
  }
  queue_.push_back(make(Op::LastStatus));
  pump(now, step);
  return step;
}

LcdmDiagnostics LcdmDriver::diagnostics() const {
  LcdmDiagnostics d;
  d.phase = to_string(phase_);
  d.link_up = phase_ != Phase::LinkDown;
  d.rom_version = rom_version_;
  d.status = status_;
  d.last_error = last_error_;
  d.bad_frames = bad_frames_;
  d.timeouts = timeouts_;
  d.naks_received = naks_received_;
  d.naks_sent = naks_sent_;
  d.resends = resends_;
  d.progress_items = progress_;
  d.unknown_outcomes = unknown_;
  return d;
}

std::string LcdmDiagnostics::to_log_line() const {
  std::string s = "phase=" + phase + " link=" + (link_up ? "up" : "down");
  if (!rom_version.empty()) s += " rom=\"" + rom_version + "\"";
  if (status) {
    s += " cassettes=";
    for (const auto& c : status->cassettes) s += !c.present ? 'x' : (c.near_end ? 'n' : 'o');
    if (!status->error.empty()) s += " device_error=\"" + status->error + "\"";
  }
  if (!last_error.empty()) s += " last_error=\"" + last_error + "\"";
  s += " bad_frames=" + std::to_string(bad_frames) + " timeouts=" + std::to_string(timeouts) +
       " naks_rx=" + std::to_string(naks_received) + " naks_tx=" + std::to_string(naks_sent) +
       " resends=" + std::to_string(resends) + " unknown=" + std::to_string(unknown_outcomes);
  return s;
}

}  // namespace kiosk::devices::lcdm
