// LCDM driver, device logic: response frames -> DispenserStatus / DispenseOutcome / events, and
// the checks made before a dispense is sent.
#include <cstdio>
#include <numeric>

#include "devices/lcdm/lcdm_driver.hpp"

namespace kiosk::devices::lcdm {
namespace {

std::string error_text(std::uint8_t code, const char* name) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X ", code);
  return buf + std::string(name);
}
std::string error_2000(std::uint8_t code) {
  return is_error_2000(code) ? error_text(code, error_name_2000(code)) : "";
}
std::string error_4000(std::uint8_t raw) {
  const std::uint8_t code = static_cast<std::uint8_t>(raw - kBias4000);
  return code == err4000::Good ? "" : error_text(code, error_name_4000(code));
}

// Complete only when every cassette delivered exactly what was asked (a test dispense: moved
// into the reject tray, counted at EXIT or REJECT).
void settle(DispenseOutcome& o, std::string device_error, bool test) {
  bool exact = true, over = false;
  for (const auto& c : o.cassettes) {
    const int moved = test ? c.delivered + c.rejected : c.delivered;
    exact = exact && moved == c.requested;
    over = over || moved > c.requested;
  }
  o.result = exact ? DispenseOutcome::Result::Complete : DispenseOutcome::Result::Partial;
  o.error = std::move(device_error);
  if (o.error.empty() && !exact)
    o.error = over ? "delivered_more_than_requested" : "short_delivery_without_error";
}

}  // namespace

std::optional<DispenserStatus> LcdmDriver::status_from(const Frame& f, std::string& error) const {
  DispenserStatus s;
  if (is4000()) {
    auto r = parse4000_status_reply(f);
    if (!r) return std::nullopt;
    for (int i = 0; i < cassette_count(); ++i) {
      const auto& c = r->cassettes[static_cast<std::size_t>(i)];
      s.cassettes.push_back({c.type != 0x30, (c.stat & kNearEnd4000) != 0});
    }
    s.notes_in_path = (r->disp & kPathMask4000) != 0;
    s.error = error_4000(r->error);
    s.reject_tray_present = r->error - kBias4000 != err4000::NoRejectTray;
    error = s.error;
    return s;
  }
  auto r = parse2000_status_reply(f);
  if (!r) return std::nullopt;
  using namespace sensor2000;
  s.cassettes.push_back(
      {(r->sensor1 & kCassette0Present1) != 0, (r->sensor0 & kNearEndUpper0) != 0});
  if (config_.model == Model::Lcdm2000)
    s.cassettes.push_back(
        {(r->sensor1 & kCassette1Present1) != 0, (r->sensor1 & kNearEndLower1) != 0});
  const bool switch_set = (r->sensor1 & kRejectSwitch1) != 0;
  s.reject_tray_present = switch_set == config_.reject_switch_set_when_present &&
                          r->error != err2000::RejectTrayMissing;
  s.notes_in_path = (r->sensor0 & kPathMask0) != 0 || (r->sensor1 & kPathMask1) != 0;
  s.error = error_2000(r->error);
  error = s.error;
  return s;
}

std::optional<DispenseOutcome> LcdmDriver::outcome_from(const Frame& f,
                                                        const std::vector<int>& requested,
                                                        std::string& why, bool test) const {
  DispenseOutcome o;
  const std::size_t n = static_cast<std::size_t>(cassette_count());
  o.cassettes.resize(n);
  for (std::size_t i = 0; i < n && i < requested.size(); ++i)
    o.cassettes[i].requested = requested[i];
  if (is4000()) {
    auto r = parse4000_operation_reply(f);
    if (!r) {
      why = r.error().what;
      return std::nullopt;
    }
    for (std::size_t i = 0; i < n; ++i) {
      o.cassettes[i].delivered = r->cassettes[i].exited;
      o.cassettes[i].rejected = r->cassettes[i].rejected;
    }
    settle(o, error_4000(r->error), test);
    return o;
  }
  auto r = parse2000_dispense_reply(f);
  if (!r) {
    why = r.error().what;
    return std::nullopt;
  }
  // 45 / 76 answer for the upper cassette, 55 / 77 for the lower one, 56 for both.
  std::vector<std::size_t> slots;
  if (f.cmd == static_cast<std::uint8_t>(Cmd2000::UpperLowerDispense))
    slots = {0, 1};
  else if (f.cmd == static_cast<std::uint8_t>(Cmd2000::LowerDispense) ||
           f.cmd == static_cast<std::uint8_t>(Cmd2000::LowerTestDispense))
    slots = {1};
  else
    slots = {0};
  for (std::size_t k = 0; k < slots.size(); ++k) {
    if (slots[k] >= n || k >= r->counts.size()) {
      why = "reply names a cassette this model lacks";
      return std::nullopt;
    }
    o.cassettes[slots[k]].delivered = r->counts[k].exited;
    o.cassettes[slots[k]].rejected = r->counts[k].rejected;
  }
  settle(o, error_2000(r->error), test);
  return o;
}

bool LcdmDriver::on_response(const Pending& p, const Frame& f, Instant now, DispenserStep& step) {
  const Op op = p.req.op;
  std::string why;
  switch (op) {
    case Op::InitStatus:
    case Op::Poll:
    case Op::Probe:
    case Op::Status: {
      std::string error;
      auto s = status_from(f, error);
      if (!s) return false;
      // A device error seen by the periodic check is reported once, when it appears; any other
      // change of health (a note left in the path, a cassette taken out, back to healthy) as an
      // unasked Status, so the application never pays from a dispenser it has not seen is sick.
      const std::string before = status_ ? status_->error : "";
      const std::string fault_before = status_ ? dispenser_fault(*status_) : "";
      status_ = *s;
      if (op == Op::Poll && !error.empty() && error != before)
        step.events.push_back({DispenserEvent::Kind::Failure, *s, {}, error});
      else if (op == Op::Poll && dispenser_fault(*s) != fault_before)
        step.events.push_back({DispenserEvent::Kind::Status, *s, {}, dispenser_fault(*s)});
      if (op == Op::Status) step.events.push_back({DispenserEvent::Kind::Status, *s, {}, error});
      if (op == Op::InitStatus && is4000()) {
        phase_ = Phase::Ready;
        next_check_ = now + config_.idle_status_interval;
        step.events.push_back({DispenserEvent::Kind::Ready, status_, {}, error});
      }
      return true;
    }
    case Op::InitRom: {
      auto v = parse2000_rom_version(f);
      if (!v) return false;
      rom_version_ = v->raw;
      phase_ = Phase::Ready;
      next_check_ = now + config_.idle_status_interval;
      step.events.push_back({DispenserEvent::Kind::Ready, status_, {}, "rom=" + v->raw});
      return true;
    }
    case Op::Dispense: {
      auto o = outcome_from(f, p.req.requested, why);
      if (!o) return false;
      step.events.push_back({DispenserEvent::Kind::DispenseDone, {}, std::move(*o), {}});
      return true;
    }
    case Op::TestDispense: {
      auto o = outcome_from(f, p.req.requested, why, true);
      if (!o) return false;
      step.events.push_back({DispenserEvent::Kind::TestDispenseDone, {}, std::move(*o), {}});
      return true;
    }
    case Op::Purge: {
      std::string detail;
      std::optional<DispenseOutcome> counted;  // LCDM-4000 counts what it purged, per cassette
      if (is4000()) {
        auto r = parse4000_operation_reply(f);
        if (!r) return false;
        detail = error_4000(r->error);
        DispenseOutcome o;
        o.cassettes.resize(static_cast<std::size_t>(cassette_count()));
        for (std::size_t i = 0; i < o.cassettes.size(); ++i) {
          o.cassettes[i].delivered = r->cassettes[i].exited;
          o.cassettes[i].rejected = r->cassettes[i].rejected;
        }
        o.result =
            detail.empty() ? DispenseOutcome::Result::Complete : DispenseOutcome::Result::Partial;
        o.error = detail;
        counted = std::move(o);
      } else {
        auto r = parse2000_purge_reply(f);
        if (!r) return false;
        detail = error_2000(*r);
      }
      step.events.push_back({DispenserEvent::Kind::PurgeDone, {}, std::move(counted), detail});
      return true;
    }
    case Op::LastStatus: {
      auto r = parse4000_operation_reply(f);
      if (!r) return false;
      DispenserEvent ev{DispenserEvent::Kind::LastDispense, {}, {}, {}};
      const bool was_dispense = r->last_cmd == static_cast<std::uint8_t>(Cmd4000::Dispense);
      if (was_dispense) {
        // Same shape as a DISPENSE reply; `requested` is what this driver last sent (zero after
        // a restart: the application compares with its journal).
        Frame as_dispense = f;
        as_dispense.cmd = static_cast<std::uint8_t>(Cmd4000::Dispense);
        as_dispense.data.erase(as_dispense.data.begin());
        as_dispense.data.insert(as_dispense.data.end(), 9, kBias4000);
        auto o = outcome_from(as_dispense, last_requested_, why);
        if (!o) return false;
        ev.outcome = std::move(*o);
      } else {
        ev.detail = "last_operation_not_a_dispense";
      }
      step.events.push_back(std::move(ev));
      return true;
    }
  }
  return false;
}

std::optional<std::string> LcdmDriver::check_dispense(const std::vector<int>& n) const {
  if (static_cast<int>(n.size()) != cassette_count()) return "wrong_cassette_count";
  int total = 0;
  for (std::size_t i = 0; i < n.size(); ++i) {
    if (n[i] < 0) return "negative_count";
    total += n[i];
    if (n[i] > 0 && status_ && i < status_->cassettes.size() && !status_->cassettes[i].present)
      return "cassette_missing:" + std::to_string(i);
  }
  if (total == 0) return "nothing_requested";
  if (total > max_notes_per_command()) return "too_many_notes";
  if (is4000() && config_.dispense_layout == DispenseLayout4000::Seven && n.size() > 2 &&
      (n[2] > 0 || (n.size() > 3 && n[3] > 0)))
    return "seven_byte_layout_has_two_cassettes";
  return std::nullopt;
}

Bytes LcdmDriver::dispense_frame(const std::vector<int>& n) {
  if (!is4000()) return encode2000_dispense(n[0], n.size() > 1 ? n[1] : 0);
  std::array<int, 4> q{};
  for (std::size_t i = 0; i < n.size() && i < 4; ++i) q[i] = n[i];
  return encode4000_dispense(q, config_.dispense_layout, serial_++);
}

DispenserEvent LcdmDriver::unknown_outcome(const std::string& why, Op op) {
  ++unknown_;
  DispenseOutcome o;
  o.result = DispenseOutcome::Result::Unknown;
  o.error = why;
  return {done_kind(op), {}, std::move(o), why};
}

DispenserEvent LcdmDriver::refused(const std::vector<int>& n, const std::string& why, Op op) const {
  DispenseOutcome o;
  o.result = DispenseOutcome::Result::Partial;
  for (int k : n) o.cassettes.push_back({k, 0, 0});
  o.error = "refused: " + why;
  return {done_kind(op), {}, std::move(o), why};
}

DispenserEvent LcdmDriver::failed_op(Op op, const std::string& why) const {
  switch (op) {
    case Op::Purge:
      return {DispenserEvent::Kind::PurgeDone, {}, {}, why};
    case Op::LastStatus:
      return {DispenserEvent::Kind::LastDispense, {}, {}, why};
    default:
      return {DispenserEvent::Kind::Failure, {}, {}, why};
  }
}

}  // namespace kiosk::devices::lcdm
