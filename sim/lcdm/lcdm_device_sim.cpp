// The LCDM dispenser simulator: link handshake, note movement, replies for both families.
#include "sim/lcdm/lcdm_device_sim.hpp"

#include <numeric>

namespace kiosk::sim::lcdm {

using namespace devices::lcdm;
using devices::Bytes;
using devices::ByteView;

namespace {

FrameLayout command_layout(const LcdmDeviceSimConfig& c) {
  return c.model == Model::Lcdm4000 ? commands4000(c.dispense_layout) : commands2000();
}

}  // namespace

LcdmDeviceSimConfig default_sim_config(Model model) {
  LcdmDeviceSimConfig c;
  c.model = model;
  switch (model) {
    case Model::Lcdm1000:
      c.cassettes = {{flows::Kzt{5000}, 500, true}};
      break;
    case Model::Lcdm2000:
      c.cassettes = {{flows::Kzt{5000}, 500, true}, {flows::Kzt{10000}, 500, true}};
      break;
    case Model::Lcdm4000:
      c.cassettes = {{flows::Kzt{1000}, 500, true},
                     {flows::Kzt{2000}, 500, true},
                     {flows::Kzt{5000}, 500, true},
                     {flows::Kzt{10000}, 500, true}};
      break;
  }
  return c;
}

LcdmDeviceSim::LcdmDeviceSim(LcdmDeviceSimConfig config)
    : config_(std::move(config)), reader_(command_layout(config_)) {
  if (config_.cassettes.empty()) config_.cassettes = default_sim_config(config_.model).cassettes;
  const std::size_t slots = config_.model == Model::Lcdm1000   ? 1
                            : config_.model == Model::Lcdm2000 ? 2
                                                               : kCassettes4000;
  config_.cassettes.resize(slots, SimCassette{flows::Kzt{0}, 0, false});
  if (config_.rom_version.empty())
    config_.rom_version = config_.model == Model::Lcdm1000 ? "O16TAD2C" : "T20T5624";
  cassettes_ = config_.cassettes;
  delivered_.assign(slots, 0);
  rejected_.assign(slots, 0);
  in_path_from_.assign(slots, 0);
}

int LcdmDeviceSim::left(int i) const { return cassettes_.at(static_cast<std::size_t>(i)).count; }
flows::Kzt LcdmDeviceSim::denomination(int i) const {
  return cassettes_.at(static_cast<std::size_t>(i)).denomination;
}
int LcdmDeviceSim::delivered(int i) const { return delivered_.at(static_cast<std::size_t>(i)); }
int LcdmDeviceSim::rejected(int i) const { return rejected_.at(static_cast<std::size_t>(i)); }
int LcdmDeviceSim::total_delivered() const {
  return std::accumulate(delivered_.begin(), delivered_.end(), 0);
}
void LcdmDeviceSim::set_count(int i, int n) {
  cassettes_.at(static_cast<std::size_t>(i)).count = n;
}
void LcdmDeviceSim::remove_cassette(int i, bool removed) {
  cassettes_.at(static_cast<std::size_t>(i)).present = !removed;
}
bool LcdmDeviceSim::near_end(int i) const {
  const auto& c = cassettes_.at(static_cast<std::size_t>(i));
  return c.present && c.count <= config_.near_end_at;
}
std::uint64_t LcdmDeviceSim::commands_received(std::uint8_t cmd) const {
  auto it = commands_.find(cmd);
  return it == commands_.end() ? 0 : it->second;
}

void LcdmDeviceSim::power_cycle() {
  output_.reset();
  awaiting_host_ack_ = false;
  last_response_.clear();
  last_operation_.reset();
  reader_.reset();
  drop_final_ = false;
}

std::optional<Instant> LcdmDeviceSim::wake_at() const {
  if (!output_ || silent_) return std::nullopt;
  return output_->due;
}

Bytes LcdmDeviceSim::emit(Bytes frame) {
  // The command byte of a response frame: SOH ID STX CMD ...
  const bool dispense_reply =
      frame.size() > 3 &&
      (is4000() ? frame[3] == static_cast<std::uint8_t>(Cmd4000::Dispense)
                : frame[3] == static_cast<std::uint8_t>(Cmd2000::UpperDispense) ||
                      frame[3] == static_cast<std::uint8_t>(Cmd2000::LowerDispense) ||
                      frame[3] == static_cast<std::uint8_t>(Cmd2000::UpperLowerDispense));
  if (corrupt_dispense_ > 0 && dispense_reply) {
    --corrupt_dispense_;
    frame.back() ^= 0x5A;
  } else if (corrupt_ > 0 && !frame.empty()) {
    --corrupt_;
    frame.back() ^= 0x5A;
  }
  if (!garbage_.empty()) {
    frame.insert(frame.begin(), garbage_.begin(), garbage_.end());
    garbage_.clear();
  }
  return frame;
}

void LcdmDeviceSim::release(Instant now, Bytes& out) {
  if (!output_ || now < output_->due) return;
  const Bytes b = emit(output_->bytes);
  out.insert(out.end(), b.begin(), b.end());
  output_.reset();
  awaiting_host_ack_ = true;
}

Bytes LcdmDeviceSim::on_host_bytes(ByteView rx, Instant now) {
  if (silent_) return {};
  Bytes out;
  release(now, out);
  for (auto& item : reader_.feed(rx)) {
    if (!item) {  // a corrupt command: ask for it again
      ++counters_.bad_frames;
      if (!output_) out.push_back(kNak);
      continue;
    }
    switch (item->kind) {
      case LinkItem::Kind::Ack:
        if (awaiting_host_ack_) {
          ++counters_.host_acks;
          awaiting_host_ack_ = false;
          if (is4000()) out.push_back(kEot);
        }
        break;
      case LinkItem::Kind::Nak:
        ++counters_.host_naks;
        if (awaiting_host_ack_ && !last_response_.empty()) {
          const Bytes b = emit(last_response_);
          out.insert(out.end(), b.begin(), b.end());
        }
        break;
      case LinkItem::Kind::Frame: {
        ++commands_[item->frame.cmd];
        if (output_) {  // busy dispensing: a real unit does not take another command
          ++counters_.commands_ignored_busy;
          break;
        }
        if (nak_commands_ > 0) {
          --nak_commands_;
          out.push_back(kNak);
          break;
        }
        if (is4000() && item->frame.cmd == static_cast<std::uint8_t>(Cmd4000::Reset)) {
          power_cycle();  // a software reset gives no reply [P4]
          break;
        }
        out.push_back(kAck);
        awaiting_host_ack_ = false;
        perform(item->frame, now);
        break;
      }
      default:
        break;
    }
  }
  release(now, out);
  return out;
}

void LcdmDeviceSim::perform(const Frame& f, Instant now) {
  int picked = 0;
  Bytes reply = is4000() ? perform4000(f, picked) : perform2000(f, picked);
  const bool work = is4000() ? f.cmd != static_cast<std::uint8_t>(Cmd4000::Status) &&
                                   f.cmd != static_cast<std::uint8_t>(Cmd4000::LastStatus)
                             : f.cmd != static_cast<std::uint8_t>(Cmd2000::Status) &&
                                   f.cmd != static_cast<std::uint8_t>(Cmd2000::RomVersion);
  const Millis took =
      work ? config_.work_time + config_.per_note_time * picked : config_.answer_time;
  last_response_ = reply;
  if (drop_final_) {  // the notes moved; the answer never comes
    drop_final_ = false;
    return;
  }
  if (config_.progress_items && !is4000() && picked > 0) {
    Bytes with;
    for (int k = 1; k <= picked; ++k) {
      const std::uint8_t p[] = {kSoh, kProgressDispensing, static_cast<std::uint8_t>(k)};
      with.insert(with.end(), p, p + 3);
    }
    with.insert(with.end(), reply.begin(), reply.end());
    reply = std::move(with);
  }
  output_ = Output{std::move(reply), now + took};
}

LcdmDeviceSim::Moved LcdmDeviceSim::move_notes(const std::vector<int>& want, bool test) {
  Moved m;
  const std::size_t n = cassettes_.size();
  m.picked.assign(n, 0);
  m.delivered.assign(n, 0);
  m.rejected.assign(n, 0);
  const bool k4 = is4000();
  // Checks before any note moves.
  for (std::size_t i = 0; i < n && i < want.size(); ++i)
    if (want[i] > 0 && !cassettes_[i].present) {
      m.error = k4 ? err4000::NoCassette : (i == 0 ? err2000::UpperMissing : err2000::LowerMissing);
      return m;
    }
  if (!reject_tray_present_) {
    m.error = k4 ? err4000::NoRejectTray : err2000::RejectTrayMissing;
    return m;
  }
  if (in_path_ > 0) {
    m.error = k4 ? err4000::NotesInPath : err2000::JamExit;
    return m;
  }
  m.error = k4 ? err4000::Good : err2000::Good;
  int rejects = 0, out_total = 0;
  for (std::size_t i = 0; i < n && i < want.size(); ++i) {
    auto& c = cassettes_[i];
    while ((test ? m.rejected[i] : m.delivered[i]) < want[i]) {
      if (c.count == 0) {
        m.error = k4 ? err4000::PickupError : (i == 0 ? err2000::UpperEmpty : err2000::LowerEmpty);
        return m;
      }
      --c.count;
      ++m.picked[i];
      if (!test && pick_error_after_ && out_total == *pick_error_after_) {
        pick_error_after_.reset();
        ++m.rejected[i];
        ++rejected_[i];
        ++reject_tray_;
        m.error = k4 ? err4000::PickupError : err2000::PickupError;
        return m;
      }
      if (!test && jam_after_ && out_total == *jam_after_) {
        jam_after_.reset();
        ++in_path_;
        ++in_path_from_[i];
        path_stuck_ = jam_stuck_;
        m.error = k4 ? err4000::JamEjtExit : err2000::JamExit;
        return m;
      }
      if (test || reject_next_ > 0) {
        if (!test) --reject_next_;
        ++m.rejected[i];
        ++rejected_[i];
        ++reject_tray_;
        if (!test && ++rejects > config_.max_rejects) {
          m.error = k4 ? err4000::TooManyRejects : err2000::OverReject;
          return m;
        }
        continue;
      }
      ++m.delivered[i];
      ++delivered_[i];
      ++out_total;
    }
  }
  return m;
}

Bytes LcdmDeviceSim::perform2000(const Frame& f, int& picked) {
  using namespace sensor2000;
  const auto cmd = static_cast<Cmd2000>(f.cmd);
  const bool two = config_.model == Model::Lcdm2000;
  switch (cmd) {
    case Cmd2000::Status: {
      StatusReply2000 s;
      s.error = path_stuck_            ? err2000::JamExit
                : reject_tray_present_ ? err2000::Good
                                       : err2000::RejectTrayMissing;
      s.sensor0 = kAlwaysOne0 | (near_end(0) ? kNearEndUpper0 : 0) | (in_path_ > 0 ? 0x10 : 0);
      s.sensor1 =
          (cassettes_[0].present ? kCassette0Present1 : 0) |
          (two && cassettes_[1].present ? kCassette1Present1 : 0) |
          (two && near_end(1) ? kNearEndLower1 : 0) |
          (reject_tray_present_ == config_.reject_switch_set_when_present ? kRejectSwitch1 : 0);
      return encode2000_status_reply(s);
    }
    case Cmd2000::RomVersion:
      return encode2000_rom_version_reply(config_.rom_version);
    case Cmd2000::Purge: {
      if (path_stuck_) return encode2000_purge_reply(err2000::PurgeError);
      picked = in_path_;
      reject_tray_ += in_path_;
      in_path_ = 0;
      std::fill(in_path_from_.begin(), in_path_from_.end(), 0);
      return encode2000_purge_reply(reject_tray_present_ ? err2000::Good
                                                         : err2000::RejectTrayMissing);
    }
    case Cmd2000::UpperDispense:
    case Cmd2000::LowerDispense:
    case Cmd2000::UpperLowerDispense:
    case Cmd2000::UpperTestDispense:
    case Cmd2000::LowerTestDispense: {
      const bool test = cmd == Cmd2000::UpperTestDispense || cmd == Cmd2000::LowerTestDispense;
      std::array<int, 2> want{};
      if (test) {
        want =
            cmd == Cmd2000::UpperTestDispense ? std::array<int, 2>{1, 0} : std::array<int, 2>{0, 1};
      } else if (auto q = parse2000_dispense_command(f)) {
        want = *q;
      }
      DispenseReply2000 r;
      const bool lower = cmd == Cmd2000::LowerDispense || cmd == Cmd2000::LowerTestDispense;
      if (!two && (lower || cmd == Cmd2000::UpperLowerDispense)) {
        r.error = 0x37;  // undefined command on a one-cassette unit
        r.counts = {Counts2000{}};
        return encode2000_dispense_reply(cmd, r);
      }
      std::vector<int> w(cassettes_.size(), 0);
      for (std::size_t i = 0; i < w.size(); ++i) w[i] = want[i];
      const Moved m = move_notes(w, test);
      r.error = m.error;
      auto counts = [&](std::size_t i) {
        return Counts2000{m.picked[i], m.delivered[i], m.rejected[i],
                          static_cast<std::uint8_t>(near_end(static_cast<int>(i)) ? 0x31 : 0x30)};
      };
      if (cmd == Cmd2000::UpperLowerDispense)
        r.counts = {counts(0), counts(1)};
      else
        r.counts = {counts(lower ? 1 : 0)};
      picked = std::accumulate(m.picked.begin(), m.picked.end(), 0);
      return encode2000_dispense_reply(cmd, r);
    }
  }
  return {};
}

Bytes LcdmDeviceSim::perform4000(const Frame& f, int& picked) {
  const auto cmd = static_cast<Cmd4000>(f.cmd);
  auto op_reply = [&](const Moved* m, std::uint8_t error) {
    OperationReply4000 r;
    r.error = static_cast<std::uint8_t>(kBias4000 + error);
    for (std::size_t i = 0; i < 4; ++i) {
      r.cassettes[i].present = cassettes_[i].present;
      if (m) {
        r.cassettes[i].exited = m->delivered[i];
        r.cassettes[i].rejected = m->rejected[i];
      }
    }
    return r;
  };
  switch (cmd) {
    case Cmd4000::Status: {
      StatusReply4000 s;
      s.error =
          static_cast<std::uint8_t>(kBias4000 + (path_stuck_            ? err4000::JamChkDvt
                                                 : reject_tray_present_ ? err4000::Good
                                                                        : err4000::NoRejectTray));
      s.disp = in_path_ > 0 ? 0x04 : 0x00;  // EJT blocked
      for (std::size_t i = 0; i < 4; ++i) {
        const auto& c = cassettes_[i];
        s.cassettes[i].type = c.present ? static_cast<std::uint8_t>(0x31 + i) : 0x30;
        s.cassettes[i].stat = near_end(static_cast<int>(i)) ? 0x30 | kNearEnd4000 : 0x30;
      }
      return encode4000_status_reply(s);
    }
    case Cmd4000::Purge: {
      // The reply counts, per cassette, the notes the purge moved into the reject tray.
      Moved purged;
      purged.delivered.assign(cassettes_.size(), 0);
      purged.rejected.assign(cassettes_.size(), 0);
      if (!path_stuck_) {
        picked = in_path_;
        reject_tray_ += in_path_;
        in_path_ = 0;
        purged.rejected = in_path_from_;
        std::fill(in_path_from_.begin(), in_path_from_.end(), 0);
      }
      auto r = op_reply(&purged, path_stuck_            ? err4000::PurgeAborted
                                 : reject_tray_present_ ? err4000::Good
                                                        : err4000::NoRejectTray);
      last_operation_ = r;
      last_operation_->last_cmd = f.cmd;
      return encode4000_operation_reply(cmd, r);
    }
    case Cmd4000::Dispense:
    case Cmd4000::TestDispense: {
      auto q = parse4000_dispense_command(f, config_.dispense_layout);
      OperationReply4000 r;
      if (!q) {
        r = op_reply(nullptr, err4000::BadParameter);
      } else if (std::accumulate(q->begin(), q->end(), 0) > kMaxNotes4000) {
        r = op_reply(nullptr, err4000::TooManyNotes);
      } else {
        const Moved m =
            move_notes(std::vector<int>(q->begin(), q->end()), cmd == Cmd4000::TestDispense);
        picked = std::accumulate(m.picked.begin(), m.picked.end(), 0);
        r = op_reply(&m, m.error);
      }
      last_operation_ = r;
      last_operation_->last_cmd = f.cmd;
      return encode4000_operation_reply(cmd, r);
    }
    case Cmd4000::LastStatus: {
      OperationReply4000 r = last_operation_ ? *last_operation_ : op_reply(nullptr, 0);
      if (!last_operation_) r.last_cmd = kBias4000;  // nothing since power-up
      return encode4000_operation_reply(cmd, r);
    }
    case Cmd4000::Reset:
      break;
  }
  return {};
}

}  // namespace kiosk::sim::lcdm
