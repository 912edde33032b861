// The CCNET validator simulator: controls for tests and the console, and observation.
#include <algorithm>

#include "sim/ccnet/ccnet_device_sim.hpp"

namespace kiosk::sim::ccnet {

using namespace devices::ccnet;
using devices::Bytes;

int CcnetSimCounters::stacked_notes() const {
  int n = stacked_unknown;
  for (const auto& [value, count] : stacked) n += count;
  return n;
}

std::int64_t CcnetSimCounters::stacked_value() const {
  std::int64_t v = 0;
  for (const auto& [value, count] : stacked) v += value * count;
  return v;
}

std::string CcnetDeviceSim::state_name() const {
  switch (state_) {
    case State::PowerUp:
      return "power_up";
    case State::Initializing:
      return "initializing";
    case State::Disabled:
      return "disabled";
    case State::Idling:
      return "idling";
    case State::Accepting:
      return "accepting";
    case State::Escrow:
      return "escrow";
    case State::Stacking:
      return "stacking";
    case State::Stacked:
      return "stacked";
    case State::Returning:
      return "returning";
    case State::Returned:
      return "returned";
    case State::Rejecting:
      return "rejecting";
  }
  return "unknown";
}

std::uint64_t CcnetDeviceSim::commands_received(Command c) const {
  auto it = commands_.find(static_cast<std::uint8_t>(c));
  return it == commands_.end() ? 0 : it->second;
}

bool CcnetDeviceSim::insert_note(flows::Kzt amount) {
  if (state_ != State::Idling || faulted() || inserted_) return false;
  Note n;
  const auto& d = config_.denominations;
  auto it = std::find(d.begin(), d.end(), amount);
  if (it != d.end()) n.type = static_cast<std::uint8_t>(it - d.begin());
  inserted_ = n;
  return true;
}

bool CcnetDeviceSim::insert_fake() {
  if (state_ != State::Idling || faulted() || inserted_) return false;
  inserted_ = Note{};
  return true;
}

void CcnetDeviceSim::power_cycle(bool with_bill_in_stacker) {
  const bool note_in_path = note_.has_value() && state_ != State::Stacked &&
                            state_ != State::Returned && state_ != State::Rejecting;
  power_up_code_ = status::PowerUp;
  if (with_bill_in_stacker) {
    power_up_code_ = status::PowerUpBillInStacker;
    if (note_in_path && note_->type)
      count_stacked(*note_);
    else
      ++counters_.stacked_unknown;
    note_.reset();
  } else if (note_in_path) {
    power_up_code_ = status::PowerUpBillInValidator;  // RESET will give it back
  } else {
    note_.reset();
  }
  inserted_.reset();
  enable_ = escrow_ = BillTypeMask{};
  reader_.reset();
  last_answer_.clear();
  state_ = State::PowerUp;
  since_.reset();
}

void CcnetDeviceSim::inject_garbage(Bytes bytes) {
  garbage_.insert(garbage_.end(), bytes.begin(), bytes.end());
}

}  // namespace kiosk::sim::ccnet
